// Can two experiments' walk-forward records be compared at all? A promotion test pairs their
// bets game by game; that is only a test of the models when everything else is the same: the
// development seasons, the line bet at, the betting policy, and the data the seasons were built
// from. Any difference is listed, and the test refuses.
import type { Layout } from '../artifacts/layout.ts';
import { changedFiles, contentHashes, type ContentHashes } from '../artifacts/content-hashes.ts';
import { readSeasonLock } from '../artifacts/season-lock.ts';
import { canonicalJson } from '../util/hash.ts';
import { readExperimentConfig, type ExperimentResolvedConfig } from './experiment-config.ts';
import { readSummary, requireExperiment } from '../readers/experiments.ts';

export interface RunRecord {
  id: string;
  config: ExperimentResolvedConfig;
  dev_seasons: number[];
  burn_in_season: number | null;
  data_fingerprints: Record<string, string>;
  /** As recorded at train time (null for experiments trained before hashes were recorded). */
  recorded_hashes: ContentHashes | null;
  /** As on disk now. */
  hashes: ContentHashes;
}

export function runRecord(layout: Layout, id: string): RunRecord {
  const { config, dir } = readExperimentConfig(layout, id);
  const loc = requireExperiment(layout, id);
  const s = (readSummary(dir) ?? {}) as Record<string, unknown>;
  return {
    id,
    config,
    dev_seasons: Array.isArray(s.dev_seasons) ? (s.dev_seasons as number[]) : [],
    burn_in_season: typeof s.burn_in_season === 'number' ? s.burn_in_season : null,
    data_fingerprints: (s.data_fingerprints ?? {}) as Record<string, string>,
    recorded_hashes: (s.content_hashes ?? null) as ContentHashes | null,
    hashes: contentHashes(dir, loc.bundle),
  };
}

/** Every way in which the two runs are not comparable (empty when they are). */
export function comparabilityDifferences(layout: Layout, a: RunRecord, b: RunRecord): string[] {
  const out: string[] = [];
  const list = (x: readonly number[]) => (x.length ? x.join(', ') : 'none recorded');
  if (list(a.dev_seasons) !== list(b.dev_seasons)) out.push(`development seasons: ${a.id} ${list(a.dev_seasons)}, ${b.id} ${list(b.dev_seasons)}`);
  if (a.config.evaluation.bet_line !== b.config.evaluation.bet_line) {
    out.push(`bet line: ${a.id} ${a.config.evaluation.bet_line}, ${b.id} ${b.config.evaluation.bet_line}`);
  }
  const pa = canonicalJson(a.config.betting);
  const pb = canonicalJson(b.config.betting);
  if (pa !== pb) {
    const keys = [...new Set([...Object.keys(a.config.betting), ...Object.keys(b.config.betting)])].filter(
      (k) => canonicalJson((a.config.betting as Record<string, unknown>)[k]) !== canonicalJson((b.config.betting as Record<string, unknown>)[k]),
    );
    out.push(`betting policy: differs in ${keys.map((k) => `betting.${k}`).join(', ')}`);
  }
  const provA = a.config.data.line_provider_preference.join(',');
  const provB = b.config.data.line_provider_preference.join(',');
  if (provA !== provB) out.push(`line providers: ${a.id} [${provA}], ${b.id} [${provB}]`);
  // The data each walk-forward could see: every season up to the last development season.
  const last = Math.max(...a.dev_seasons, ...b.dev_seasons);
  const seasons = [...new Set([...Object.keys(a.data_fingerprints), ...Object.keys(b.data_fingerprints)])].filter((s) => Number(s) <= last).sort();
  const differ = seasons.filter((s) => a.data_fingerprints[s] !== b.data_fingerprints[s]);
  if (differ.length > 0) out.push(`data fingerprints: seasons ${differ.join(', ')} differ (the warehouse changed between the two trainings)`);
  const lock = readSeasonLock(layout);
  for (const r of [a, b]) {
    if (lock && r.dev_seasons.includes(lock.test_season)) out.push(`${r.id} was developed on ${lock.test_season}, the pinned test season`);
  }
  return out;
}

/** Files of a run changed since it was trained (empty when unchanged or never recorded). */
export function changedSinceTraining(r: RunRecord): string[] {
  return r.recorded_hashes ? changedFiles(r.recorded_hashes, r.hashes) : [];
}
