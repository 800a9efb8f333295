// `edgelab regenerate-plots ID`: rebuild an experiment's plots from its predictions.csv (and the
// bundle's feature_importance.csv), e.g. after `cleanup` deleted them. The charts are the
// evaluation module's; this file only reads the experiment's files and writes the PNGs.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUNDLE_FILES, bundleFile, experimentFile, type Layout } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import type { Spec } from '../evaluation/plots.ts';
import { experimentPlotSpecs, importanceLabels, PLOT_NAMES, type PlotName } from '../evaluation/experiment-plots.ts';
import { renderPng, warmPlotThreads } from '../evaluation/plot-threads.ts';
import type { BetSide, BetType, ScoredBet } from '../evaluation/types.ts';
import { UserError } from '../util/errors.ts';
import { requireExperiment } from '../readers/experiments.ts';
import { readCsvObjects } from '../readers/production.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';
import type { KeyNumbers } from '../evaluation/key-numbers.ts';

export { PLOT_NAMES, type PlotName };

type Row = Record<string, string>;

/** The first of `names` that the row has (column names vary a little between writers). */
function col(row: Row, ...names: string[]): string | undefined {
  for (const n of names) if (row[n] !== undefined) return row[n];
  return undefined;
}

function numberAt(file: string, line: number, column: string, v: string | undefined, fallback?: number): number {
  if (v === undefined || v.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw new UserError(`${file}:${line}: column ${column} is missing or empty`);
  }
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`${file}:${line}: column ${column}: ${JSON.stringify(v)} is not a number`);
  return n;
}

const isBet = (r: Row) => {
  const side = (col(r, 'side', 'bet_side') ?? '').trim().toLowerCase();
  return side !== '' && side !== 'none';
};

/** Plot specs from predictions.csv rows (one per game × market) and feature-importance rows. */
export function plotSpecs(file: string, rows: Row[], importance: { feature: string; importance: number }[] | null, id = 'experiment', keyNumbers?: KeyNumbers): Partial<Record<PlotName, Spec>> {
  const line = (i: number) => i + 2; // header is line 1
  const actualOf = (r: Row, i: number) => {
    const a = col(r, 'actual_outcome', 'actual');
    return a === undefined || a.trim() === '' ? null : numberAt(file, line(i), 'actual_outcome', a);
  };
  const market = (r: Row) => (col(r, 'bet_type', 'market') ?? 'spread') as BetType;
  const opt = (v: string | undefined) => (v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));
  // sigma and line feed the calibration over all games (older files without them: no bins)
  const residual = rows.map((r, i) => ({ bet_type: market(r), prediction: numberAt(file, line(i), 'prediction', r.prediction), actual: actualOf(r, i), sigma: opt(r.sigma) ?? NaN, line: opt(r.line) }));
  const settled: ScoredBet[] = [];
  rows.forEach((r, i) => {
    const result = (r.result ?? '').trim().toLowerCase();
    if (!isBet(r) || (result !== 'win' && result !== 'loss' && result !== 'push')) return;
    const n = (c: string, v: string | undefined, fb?: number) => numberAt(file, line(i), c, v, fb);
    settled.push({
      game_id: r.game_id ?? String(i),
      season: n('season', r.season),
      season_type: r.season_type === 'postseason' ? 'postseason' : 'regular',
      week: n('week', r.week),
      bet_type: market(r),
      side: col(r, 'side', 'bet_side') as BetSide,
      line: n('line', r.line, 0),
      price: n('price', r.price, -110),
      prediction: n('prediction', r.prediction),
      edge: n('edge', r.edge),
      cover_probability: n('cover_probability', r.cover_probability),
      expected_value: n('expected_value', r.expected_value, 0),
      recommended_units: n('recommended_units', col(r, 'recommended_units', 'units', 'stake'), 1),
      actual_outcome: actualOf(r, i) ?? 0,
      result,
      units_won: n('units_won', r.units_won),
    });
  });
  return experimentPlotSpecs(id, residual, settled, importance, keyNumbers);
}

export interface RegenerateResult {
  id: string;
  /** Paths relative to the artifacts root, with sizes. */
  written: { path: string; bytes: number }[];
  skipped: { plot: PlotName; reason: string }[];
}

function readImportance(bundle: string | null): { feature: string; importance: number }[] | null {
  if (!bundle) return null;
  const p = join(bundle, BUNDLE_FILES.importance);
  if (!existsSync(p)) return null;
  return importanceLabels(readCsvObjects(p).map((r, i) => ({ market: r.market, feature: r.feature ?? `row ${i + 2}`, importance: numberAt(p, i + 2, 'importance', r.importance) })));
}

/** The key numbers the experiment's bets used (its recorded config), so the calibration matches them. */
function readKeyNumbers(bundle: string | null): KeyNumbers | undefined {
  const file = bundle ? bundleFile(bundle, 'metadata') : null;
  if (!file || !existsSync(file)) return undefined;
  const metadata = readJsonArtifact<{ config?: { betting?: { key_numbers?: KeyNumbers | null } } }>(file, 'bundle metadata file');
  return metadata.config?.betting?.key_numbers ?? undefined;
}

/** Rebuild the plots of experiment `id` from its predictions.csv (under the tree lock). */
export async function regeneratePlots(layout: Layout, id: string, opts: { scale?: number } = {}): Promise<RegenerateResult> {
  const loc = requireExperiment(layout, id);
  if (!loc.outputs) throw new UserError(`${id} has no experiment outputs (only a model bundle at ${loc.bundle}); nothing to plot from`);
  const predictions = experimentFile(loc.outputs, 'predictions');
  if (!existsSync(predictions)) {
    throw new UserError(`cannot regenerate the plots of ${id}: ${predictions} is gone (re-run \`edgelab train experiment=${id} --force\` to rebuild it)`);
  }
  warmPlotThreads(2); // nothing else to do meanwhile: both cores draw (they load while the specs are built)
  const specs = plotSpecs(predictions, readCsvObjects(predictions), readImportance(loc.bundle), id, readKeyNumbers(loc.bundle));
  // Drawn side by side on the helper threads; nothing is written unless all of them succeed.
  const names = PLOT_NAMES.filter((n) => specs[n]);
  const pngs = await Promise.all(names.map((name) => renderPng(specs[name]!, { scale: opts.scale ?? 2 })));
  const rendered = names.map((name, i) => [name, pngs[i]!] as const);
  return withLock(layout.lockFile, () => {
    const written: RegenerateResult['written'] = [];
    for (const [name, png] of rendered) {
      const target = join(experimentFile(loc.outputs!, 'plots'), `${name}.png`);
      writeFileAtomic(target, png);
      written.push({ path: relative(layout.root, target), bytes: png.byteLength });
    }
    const skipped = PLOT_NAMES.filter((n) => !specs[n]).map((plot) => ({ plot, reason: `no ${BUNDLE_FILES.importance} in the model bundle` }));
    return { id, written, skipped };
  });
}
