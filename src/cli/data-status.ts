// `edgelab data status` and `edgelab data query "SQL"`.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson, table } from './output.ts';
import { queryWarehouse, warehouseStatus } from '../workflow/data-status.ts';
import { formatCsv } from '../util/csv.ts';
import { UsageError } from '../util/errors.ts';

export function registerDataStatus(data: Command): void {
  data
    .command('status')
    .description('seasons, weeks, games, lines and team-game rows in the warehouse; last ingest per source')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const s = await warehouseStatus(layoutFor(cmd));
      if (opts.json) return printJson(s);
      const out: string[] = [`warehouse ${s.path}: ${s.totals.games} games, ${s.totals.lines} lines, ${s.totals.team_game} team-game rows`, ''];
      out.push(
        table(
          ['season', 'type', 'weeks', 'games', 'completed', 'with lines', 'team-game rows'],
          s.seasons.map((r) => [r.season, r.season_type, r.weeks, r.games, r.completed, r.with_lines, r.team_game_rows]),
        ),
        '',
        table(
          ['source', 'last ingest', 'inserted', 'updated', 'unchanged', 'deleted', 'fingerprint'],
          s.lastIngest.map((r) => [r.source, r.finished_at, r.inserted, r.updated, r.unchanged, r.deleted, r.fingerprint]),
        ),
      );
      process.stdout.write(out.join('\n') + '\n');
    });
}

export function registerDataQuery(data: Command): void {
  data
    .command('query')
    .description('run one read-only SQL statement (SELECT or EXPLAIN) on the warehouse')
    .argument('<sql>', 'the statement, e.g. "SELECT season, COUNT(*) FROM games GROUP BY 1"')
    .option('--json', 'print rows as JSON objects')
    .option('--csv', 'print as CSV')
    .action(async (sql: string, opts: { json?: boolean; csv?: boolean }, cmd: Command) => {
      if (opts.json && opts.csv) throw new UsageError('--json and --csv exclude each other');
      const r = await queryWarehouse(layoutFor(cmd), sql);
      const objects = () => r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
      if (opts.json) return printJson(objects());
      if (opts.csv) return void process.stdout.write(formatCsv(r.columns, objects()));
      process.stdout.write(table(r.columns, r.rows.map((row) => row.map((v) => (typeof v === "boolean" ? String(v) : v)))) + '\n');
    });
}
