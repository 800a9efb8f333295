// `edgelab data pull cfbd --season S [--week W] [--season-type regular|postseason] [--refresh]`.
import type { Command } from 'commander';
import { relative } from 'node:path';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson } from './output.ts';
import { loadSummary, rejectLines } from './data-import.ts';
import { pullCfbdIntoWarehouse } from '../workflow/data-pull.ts';
import { UsageError } from '../util/errors.ts';

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
}
