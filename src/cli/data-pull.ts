// `edgelab data pull cfbd --season S [--week W] [--season-type regular|postseason] [--refresh]`.
import type { Command } from 'commander';
import { relative } from 'node:path';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson } from './output.ts';
import { loadSummary, rejectLines } from './data-import.ts';
import { UsageError } from '../util/errors.ts';
import { parseSeasonRange } from '../workflow/data-config.ts';
import { globals } from './context.ts';

interface Opts {
  season: string;
  week?: string;
  seasonType?: string;
  refresh?: boolean;
  boxScores?: boolean;
  skipBadRows?: boolean;
  json?: boolean;
}

function int(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || +v < min || +v > max) throw new UsageError(`${name}: expected a whole number ${min}-${max} (got ${v})`);
  return Number(v);
}

export function registerDataPull(data: Command): void {
  const pull = data.command('pull').description('fetch data from an online source into the warehouse');
  pull
    .command('cfbd')
    .description('CollegeFootballData: games, every provider’s lines, advanced team stats and box-score yardage (needs CFBD_API_KEY; responses cached under data/raw/cfbd)')
    .requiredOption('--season <year>', 'season, e.g. 2023')
    .option('--week <n>', 'one week only (default: the whole season)')
    .option('--season-type <type>', 'regular | postseason (default: both)')
    .option('--refresh', 'fetch again even when a cached response exists')
    .option('--no-box-scores', 'skip the team box scores (yardage; one API call per week)')
    .option('--skip-bad-rows', 'load the rest when some items cannot be mapped (they are listed)')
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: Opts, cmd: Command) => {
      const season = int('--season', opts.season, 1869, 2200);
      const week = opts.week === undefined ? undefined : int('--week', opts.week, 0, 99);
      const st = opts.seasonType;
      if (st !== undefined && st !== 'regular' && st !== 'postseason') throw new UsageError(`--season-type: expected regular or postseason (got ${st})`);
      const layout = layoutFor(cmd);
      // Loaded here, not at the top: the official `cfbd` client costs ≈ 0.2 s of start-up that
      // every other `data` command (status, import, export, demo) would pay.
      const { pullCfbdIntoWarehouse } = await import('../workflow/data-pull.ts');
      const out = await pullCfbdIntoWarehouse(layout, {
        season,
        ...(week !== undefined ? { week } : {}),
        ...(st !== undefined ? { seasonType: st } : {}),
        refresh: opts.refresh,
        boxScores: opts.boxScores !== false,
        skipBadRows: opts.skipBadRows,
      });
      if (opts.json) return printJson(out);
      const lines = [
        `CFBD API calls made: ${out.calls}${out.calls === 0 ? ' (all responses from the cache; --refresh to fetch again)' : ''}`,
        `raw responses: ${out.cacheFiles.map((f) => relative(layout.project, f)).join(', ')}`,
        loadSummary(out.rows, out.load),
      ];
      if (out.skippedGames) lines.push(`${out.skippedGames} games of other season types (all-star, spring) not loaded`);
      lines.push(...rejectLines(out.rejected, out.rejects));
      process.stdout.write(lines.join('\n') + '\n');
    });
  pull
    .command('nflverse')
    .description('nflverse release files: the schedules file (games, closing lines) and, with --pbp, play-by-play per season aggregated into team_game; cached under data/raw/nflverse with revalidation (a re-run downloads nothing new)')
    .requiredOption('--seasons <first-last>', 'seasons, e.g. 2015-2025 (or one season)')
    .option('--pbp', 'also play-by-play: play_by_play_YYYY files → team_game (EPA/play, success rate, …)')
    .option('--format <format>', 'play-by-play file format: parquet | csv.gz (default parquet: smaller, faster to read)', 'parquet')
    .option('--base-url <url>', 'release download root (default data.nflverse_base_url: https://github.com/nflverse/nflverse-data/releases/download)')
    .option('--refresh', 'download again even when the cached copy is current')
    .option('--skip-bad-rows', 'load the rest when rows cannot be mapped or tied to a game (they are listed)')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', '\nExamples:\n  edgelab data pull nflverse --seasons 2015-2025 --pbp\n  edgelab data pull nflverse --seasons 2025 --pbp   # this season again: only changed files download')
    .action(async (opts: { seasons: string; pbp?: boolean; format: string; baseUrl?: string; refresh?: boolean; skipBadRows?: boolean; json?: boolean }, cmd: Command) => {
      const seasons = parseSeasonRange(opts.seasons);
      if (!seasons || seasons[0] < 1999) throw new UsageError(`--seasons: expected FIRST-LAST from 1999 on, e.g. 2015-2025 (got ${opts.seasons})`);
      if (opts.format !== 'parquet' && opts.format !== 'csv.gz') throw new UsageError(`--format: expected parquet or csv.gz (got ${opts.format})`);
      const layout = layoutFor(cmd);
      const [{ pullNflverse }, { progressFor }] = await Promise.all([import('../workflow/data-pull-nflverse.ts'), import('../util/progress.ts')]);
      const progress = progressFor({ quiet: globals(cmd).quiet || opts.json });
      const out = await pullNflverse(layout, {
        seasons,
        pbp: opts.pbp,
        format: opts.format,
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        refresh: opts.refresh,
        skipBadRows: opts.skipBadRows,
        progress,
      });
      if (opts.json) return printJson(out);
      const fetched = out.downloads.filter((d) => d.status === 'downloaded');
      const lines = [
        `files: ${fetched.length} downloaded, ${out.downloads.length - fetched.length} current in the cache (data/raw/nflverse)`,
        ...out.downloads.map((d) => `  ${d.status === 'downloaded' ? 'downloaded' : 'cached    '}  ${d.path} (${(d.bytes / 1e6).toFixed(1)} MB)`),
        `schedules: ${loadSummary(out.schedules.rows, out.schedules.load)}`,
        ...rejectLines(out.schedules.rejected, out.schedules.rejects),
      ];
      if (out.pbp) {
        lines.push(`play-by-play: ${loadSummary(out.pbp.rows, out.pbp.load)}`);
        lines.push(...rejectLines(out.pbp.rejected, out.pbp.rejects.slice(0, 20)));
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
