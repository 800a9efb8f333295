// `edgelab features build --season S --week W [overrides...] [--out FILE.csv] [--json]`.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // read-only: also on a bare directory with a warehouse
import { paint, printJson, table } from './output.ts';
import { OVERRIDES_HELP } from './config.ts';
import { buildWeekFeatures, listFeatureSets, ROW_FIELDS } from '../workflow/features.ts';
import { UsageError } from '../util/errors.ts';

interface Opts {
  season: string;
  week?: string;
  postseason?: boolean;
  out?: string;
  json?: boolean;
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected a non-negative integer (got ${text})`);
  return Number(text);
}

export function registerFeatures(program: Command): void {
  const features = program.command('features').description('point-in-time features (conf/features/*.yaml)');
  features
    .command('list')
    .description('the feature sets of conf/features with their ids, columns and the tables they need')
    .option('--json', 'print as JSON (with every column name)')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const sets = listFeatureSets(layoutFor(cmd));
      if (opts.json) return printJson(sets);
      const rows = sets.map((s) => [s.name, s.id, s.columns.length, s.tables.join(', ')]);
      process.stdout.write(table(['feature set', 'id', 'columns', 'needs tables'], rows) + '\n');
    });
  features
    .command('build')
    .description('build one week\'s feature rows (every week of the season without --week) from games that finished before that week')
    .argument('[overrides...]', `${OVERRIDES_HELP}; pick a set with features=NAME`)
    .requiredOption('--season <year>', 'season of the target week')
    .option('--week <n>', 'target week (default: every week of the season)')
    .option('--postseason', 'the week is a postseason week (without --week: every postseason week)')
    .option('--out <file.csv>', 'write the rows as CSV (game fields, then one column per feature; empty = missing)')
    .option('--json', 'print {feature_set, feature_set_id, columns, rows, meta} as JSON')
    .action(async (overrides: string[], opts: Opts, cmd: Command) => {
      const season = integer('--season', opts.season);
      const week = opts.week === undefined ? undefined : integer('--week', opts.week);
      const { frame, out } = await buildWeekFeatures(layoutFor(cmd), {
        season,
        week,
        seasonType: opts.postseason ? 'postseason' : week === undefined ? undefined : 'regular',
        overrides,
        out: opts.out,
      });
      if (opts.json) {
        // NaN is not JSON: missing values print as null.
        return printJson({ ...frame, rows: frame.rows.map((r) => ({ ...r, values: Array.from(r.values, (v) => (Number.isNaN(v) ? null : v)) })) });
      }
      const eligible = frame.rows.filter((r) => r.eligible).length;
      const head =
        `feature set ${frame.feature_set} (id ${frame.feature_set_id}): ${frame.rows.length} games, ${eligible} eligible, ${frame.columns.length} features` +
        (out ? `\nwrote ${out}` : '');
      const shown = frame.columns.slice(0, 6);
      const rows = frame.rows.map((r) => [
        r.season_type === 'postseason' ? `post ${r.week}` : String(r.week),
        `${r.away_team} @ ${r.home_team}`,
        r.eligible ? 'yes' : paint('no', 'yellow'),
        ...shown.map((c) => {
          const v = r.values[frame.columns.indexOf(c)]!;
          return Number.isNaN(v) ? '' : v.toFixed(3);
        }),
      ]);
      const more = frame.columns.length > shown.length ? `\n(${frame.columns.length - shown.length} more columns: use --out FILE.csv or --json; row fields: ${ROW_FIELDS.join(', ')})` : '';
      process.stdout.write(`${head}\n\n${table(['week', 'game', 'eligible', ...shown], rows)}${more}\n`);
    });
}
