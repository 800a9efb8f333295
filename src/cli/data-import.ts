// `edgelab data import csv FILE --table T [--map col=field,...]` and `edgelab data import nflverse FILE`.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson } from './output.ts';
import type { ImportOutcome } from '../workflow/data-import.ts';
import { globals } from './context.ts';
import type { LoadReport } from '../data/warehouse.ts';

interface Opts {
  table?: string;
  map?: string;
  skipBadRows?: boolean;
  keepWeeks?: boolean;
  json?: boolean;
}

/** One line per load: what was read and what changed (shared with `data pull`). */
export function loadSummary(rows: ImportOutcome['rows'], load: LoadReport | null): string {
  const read = `games ${rows.games}, lines ${rows.lines}, team_game ${rows.team_game}`;
  if (!load) return `read ${read}; nothing to load`;
  return `read ${read}; ${load.inserted} inserted, ${load.updated} updated, ${load.unchanged} unchanged (ingest ${load.ingestId})`;
}

export function rejectLines(rejected: number, shown: string[], file?: string): string[] {
  if (rejected === 0) return [];
  const out = [`${rejected} row${rejected > 1 ? 's' : ''} rejected${file ? ` (all listed in ${file})` : ''}:`];
  for (const m of shown) out.push(`  ${m}`);
  if (rejected > shown.length) out.push(`  … and ${rejected - shown.length} more`);
  return out;
}

function print(out: ImportOutcome, json?: boolean): void {
  if (json) return printJson(out);
  const lines = [`${out.file} → ${out.warehouse}`, loadSummary(out.rows, out.load)];
  if (out.source === 'nflverse') lines.push('team-game statistics: none in a schedules file; load them from play-by-play: edgelab data import nflverse-pbp play_by_play_YYYY.csv.gz');
  else if (out.ignoredColumns.length) lines.push(`ignored columns (not in the ${out.table} schema): ${out.ignoredColumns.join(', ')}`);
  if (out.relabelledWeeks) lines.push(`${out.relabelledWeeks} college games given their kickoff week (week 0, postseason rounds by date; docs/data-formats.md)`);
  lines.push(...rejectLines(out.rejected, out.rejects, out.rejectsFile));
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerDataImport(data: Command): void {
  const imp = data.command('import').description('load a file into the warehouse (idempotent; a bad row loads nothing)');
  imp
    .command('csv')
    .description('one warehouse table in the documented CSV schema (docs/data-formats.md)')
    .argument('<file>', 'CSV file with a header row')
    .requiredOption('--table <table>', 'games | lines | team_game')
    .option('--map <col=field,...>', 'read file column col as schema field (for files that use other names)')
    .option('--skip-bad-rows', 'load the good rows; write the rejected ones with reasons to <file>.rejects.csv')
    .option('--keep-weeks', 'games: keep the file’s week labels for college games (default: week 0 and postseason rounds by kickoff date where the labels fold them)')
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, opts: Opts, cmd: Command) => {
      const [{ parseTableName }, { importFile }] = await Promise.all([import('../data/sources/csv/import.ts'), import('../workflow/data-import.ts')]);
      const table = parseTableName(opts.table!);
      print(await importFile(layoutFor(cmd), { kind: 'csv', file, table, ...(opts.map ? { map: opts.map } : {}), skipBadRows: opts.skipBadRows, keepWeeks: opts.keepWeeks }), opts.json);
    });
  imp
    .command('nflverse')
    .description('an nflverse schedules file (games.csv, nflreadr::load_schedules()): NFL games and lines')
    .argument('<file>', 'the schedules CSV')
    .option('--skip-bad-rows', 'load the good rows; write the rejected ones with reasons to <file>.rejects.csv')
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, opts: Opts, cmd: Command) => {
      const { importFile } = await import('../workflow/data-import.ts');
      print(await importFile(layoutFor(cmd), { kind: 'nflverse', file, skipBadRows: opts.skipBadRows }), opts.json);
    });
  imp
    .command('nflverse-pbp')
    .description('nflverse play-by-play (play_by_play_YYYY.csv, .csv.gz, .parquet) aggregated into team_game: EPA/play, success rate, pass/rush yards, explosiveness, plays, drives (docs/data-formats.md)')
    .argument('<files...>', 'one or more play-by-play files; import the schedule (data import nflverse) first')
    .option('--skip-bad-rows', 'load the rest when plays belong to no game of the warehouse (they are listed)')
    .option('--json', 'print the outcome as JSON')
    .action(async (files: string[], opts: Opts, cmd: Command) => {
      const quiet = globals(cmd).quiet || opts.json;
      const { importPbpFiles } = await import('../workflow/data-import-pbp.ts');
      const out = await importPbpFiles(layoutFor(cmd), files, { skipBadRows: opts.skipBadRows, ...(quiet ? {} : { log: (l: string) => process.stderr.write(l + '\n') }) });
      if (opts.json) return printJson(out);
      const lines = [`${files.join(', ')} → ${out.warehouse}`, loadSummary(out.rows, out.load)];
      const notFinal = out.files.reduce((s, f) => s + f.not_final, 0);
      if (notFinal) lines.push(`${notFinal} games not final in the warehouse: no statistics for them yet (re-import the schedule when they are)`);
      lines.push(...rejectLines(out.rejected, out.rejects.slice(0, 20)));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
