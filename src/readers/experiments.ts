// Finding experiments in the artifacts tree without knowing its layout: where an id's outputs and
// bundle are (active or archived), what it is (summary, headline metrics, status), and every file
// of it. Read-only; readers are tolerant of fields and columns they do not know.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { experimentFile, PHASE_DIRS, type Layout, type Phase } from '../artifacts/layout.ts';
import { inspectLink } from '../artifacts/champion.ts';
import { readIndex, type IndexRow } from '../artifacts/experiment-index.ts';
import { UserError, editDistance, suggest } from '../util/errors.ts';
import { findRunsOf } from './mlflow-runs.ts';

export const ID_PATTERN = /^v2-\d{3,}$/;
const PHASES: Phase[] = [1, 2, 3];

export interface ExperimentLocation {
  id: string;
  phase: Phase | null;
  archived: boolean;
  /** Experiment directory (under experiments/ or archive/deprecated/<id>_outputs), if present. */
  outputs: string | null;
  /** Model bundle directory (models/... or archive/deprecated/<id>), if present. */
  bundle: string | null;
}

export interface HeadlineMetrics {
  rmse?: number;
  market_rmse?: number;
  n_bets?: number;
  hit_rate?: number;
  roi?: number;
}

/** The fields of summary.json that edgelab reads (others are kept as they are). */
export interface Summary {
  id?: string;
  phase?: number;
  name?: string;
  markets?: string[];
  feature_set_id?: string;
  model?: string;
  headline?: Record<string, HeadlineMetrics>;
  created_at?: string;
  [key: string]: unknown;
}

export type ExperimentStatus = 'champion' | 'promoted' | 'rejected' | 'archived' | 'trained';
export const STATUSES: readonly ExperimentStatus[] = ['champion', 'promoted', 'rejected', 'archived', 'trained'];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function asPhase(v: unknown): Phase | null {
  const n = Number(v);
  return n === 1 || n === 2 || n === 3 ? n : null;
}

/** summary.json of an experiment directory; null when absent. A corrupt one is a clear error. */
export function readSummary(outputsDir: string): Summary | null {
  const p = experimentFile(outputsDir, 'summary');
  if (!existsSync(p)) return null;
  try {
    const v = JSON.parse(readFileSync(p, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Summary) : {};
  } catch (e) {
    throw new UserError(`${p}: not valid JSON (${(e as Error).message})`);
  }
}

/** Where `id`'s artifacts are now; null when the tree holds nothing of it. */
export function locateExperiment(layout: Layout, id: string): ExperimentLocation | null {
  for (const phase of PHASES) {
    const outputs = layout.experimentDir(id, phase);
    if (isDir(outputs)) {
      const bundle = layout.modelBundle(id, phase);
      return { id, phase, archived: false, outputs, bundle: isDir(bundle) ? bundle : null };
    }
  }
  const baseline = layout.modelBundle(id, 1);
  const candidate = layout.modelBundle(id, 2);
  if (isDir(baseline) || isDir(candidate)) {
    const bundle = isDir(baseline) ? baseline : candidate;
    return { id, phase: isDir(baseline) ? 1 : null, archived: false, outputs: null, bundle };
  }
  const outputs = layout.deprecatedOutputs(id);
  const bundle = layout.deprecatedBundle(id);
  if (isDir(outputs) || isDir(bundle)) {
    const phase = isDir(outputs) ? asPhase(readSummary(outputs)?.phase) : null;
    return { id, phase, archived: true, outputs: isDir(outputs) ? outputs : null, bundle: isDir(bundle) ? bundle : null };
  }
  return null;
}

/** Every experiment id the tree or the index knows, sorted. */
export function knownIds(layout: Layout): string[] {
  const ids = new Set<string>();
  const add = (dir: string, strip = '') => {
    if (!isDir(dir)) return;
    for (const name of readdirSync(dir)) {
      const id = strip && name.endsWith(strip) ? name.slice(0, -strip.length) : name;
      if (ID_PATTERN.test(id) && isDir(join(dir, name))) ids.add(id);
    }
  };
  for (const phase of PHASES) add(layout.phaseDir(phase));
  add(layout.modelsDir('baseline'));
  add(layout.modelsDir('candidates'));
  add(layout.deprecatedDir);
  add(layout.deprecatedDir, '_outputs');
  for (const r of readIndex(layout)) if (ID_PATTERN.test(r.ID)) ids.add(r.ID);
  return [...ids].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)) || a.localeCompare(b));
}

/** The message for an id the tree does not hold: names the id and the closest known one. */
export function unknownIdError(layout: Layout, id: string): UserError {
  const known = knownIds(layout);
  if (known.includes(id)) return new UserError(`experiment ${id} is in ${layout.experimentsIndex} but has no artifacts in ${layout.root}`);
  // Ids differ in a digit or two by nature, so only a one-character slip is worth a suggestion.
  const hint = suggest(id, known);
  const close = hint !== undefined && editDistance(id, hint) <= 1;
  const format = ID_PATTERN.test(id) ? '' : ' (experiment ids look like v2-003)';
  const listed = known.length > 12 ? `${known.slice(0, 3).join(', ')} … ${known.slice(-3).join(', ')} (${known.length}; see \`edgelab list\`)` : known.join(', ');
  const tail = close ? `; did you mean ${hint}?` : known.length ? `; known: ${listed}` : '; the artifacts tree has no experiments yet';
  return new UserError(`unknown experiment id ${JSON.stringify(id)}${format} in ${layout.root}${tail}`);
}

export function requireExperiment(layout: Layout, id: string): ExperimentLocation {
  const loc = locateExperiment(layout, id);
  if (!loc) throw unknownIdError(layout, id);
  return loc;
}

export interface ChampionInfo {
  id: string;
  bundle: string;
  /** ok, or dangling when the link's bundle is gone. */
  state: 'ok' | 'dangling';
}

/** The current and previous champions as the links on disk say. */
export function whereChampion(layout: Layout): { current: ChampionInfo | null; previous: ChampionInfo | null } {
  const info = (p: string): ChampionInfo | null => {
    const l = inspectLink(p);
    return l.state === 'absent' ? null : { id: l.id, bundle: l.bundle, state: l.state };
  };
  return { current: info(layout.championCurrent), previous: info(layout.championPrevious) };
}

function statusFromIndex(mark: string | undefined): ExperimentStatus | null {
  if (!mark) return null;
  if (/champion/i.test(mark)) return 'promoted'; // the link, not the index, says who is champion now
  if (/promoted/i.test(mark)) return 'promoted';
  if (/rejected/i.test(mark)) return 'rejected';
  return null;
}

function statusFromPromotionTest(layout: Layout, id: string): ExperimentStatus | null {
  const p = layout.promotionTest(id);
  if (!existsSync(p)) return null;
  try {
    const passed = (JSON.parse(readFileSync(p, 'utf8')) as { passed?: unknown }).passed;
    return passed === true ? 'promoted' : passed === false ? 'rejected' : null;
  } catch (e) {
    // A corrupt test is not "trained": say which file it is.
    throw new UserError(`${p}: not a readable promotion test (${(e as Error).message}); restore it from git, or rerun edgelab promote-test`);
  }
}

/** Status: archived (by location) > champion (by link) > the index mark > the promotion test > trained. */
export function experimentStatus(layout: Layout, loc: ExperimentLocation, row: IndexRow | undefined, championId: string | null): ExperimentStatus {
  if (loc.archived) return 'archived';
  if (championId === loc.id) return 'champion';
  return statusFromIndex(row?.Status) ?? statusFromPromotionTest(layout, loc.id) ?? 'trained';
}

export interface FileEntry {
  /** Path relative to the artifacts root. */
  path: string;
  bytes: number;
}

function walkFiles(layout: Layout, dir: string, out: FileEntry[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walkFiles(layout, p, out);
    else out.push({ path: relative(layout.root, p), bytes: st.size });
  }
}

/** Every file of an experiment: its outputs, its bundle and its promotion test. */
export function experimentFiles(layout: Layout, loc: ExperimentLocation): FileEntry[] {
  const out: FileEntry[] = [];
  if (loc.outputs) walkFiles(layout, loc.outputs, out);
  if (loc.bundle) walkFiles(layout, loc.bundle, out);
  const pt = layout.promotionTest(loc.id);
  if (existsSync(pt)) out.push({ path: relative(layout.root, pt), bytes: statSync(pt).size });
  return out;
}

export interface ExperimentView {
  id: string;
  phase: Phase | null;
  phase_dir: string | null;
  name: string | null;
  model: string | null;
  /** The feature set's name (`minimal`); feature_set_id is its content hash. */
  feature_set: string | null;
  feature_set_id: string | null;
  status: ExperimentStatus;
  /** current / previous champion, else null. */
  champion_role: 'current' | 'previous' | null;
  archived: boolean;
  outputs: string | null;
  bundle: string | null;
  created_at: string | null;
  headline: Record<string, HeadlineMetrics>;
  summary: Summary | null;
  index: IndexRow | null;
  files: FileEntry[];
  total_bytes: number;
  /** Its MLflow runs in the local file store (relative to the artifacts root); `show` only. */
  mlflow_runs: string[];
}

function numericHeadline(h: unknown): Record<string, HeadlineMetrics> {
  const out: Record<string, HeadlineMetrics> = {};
  if (!h || typeof h !== 'object') return out;
  for (const [market, m] of Object.entries(h as Record<string, unknown>)) {
    if (!m || typeof m !== 'object') continue;
    const pick: HeadlineMetrics = {};
    for (const k of ['rmse', 'market_rmse', 'n_bets', 'hit_rate', 'roi'] as const) {
      const v = (m as Record<string, unknown>)[k];
      if (typeof v === 'number' && Number.isFinite(v)) pick[k] = v;
    }
    out[market] = pick;
  }
  return out;
}

function view(layout: Layout, loc: ExperimentLocation, rows: Map<string, IndexRow>, champ: ReturnType<typeof whereChampion>, withFiles: boolean): ExperimentView {
  const summary = loc.outputs ? readSummary(loc.outputs) : null;
  const row = rows.get(loc.id);
  const phase = loc.phase ?? asPhase(summary?.phase) ?? asPhase(row?.Phase);
  const files = withFiles ? experimentFiles(layout, loc) : [];
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: loc.id,
    phase,
    phase_dir: phase ? PHASE_DIRS[phase] : null,
    name: str(summary?.name),
    model: str(summary?.model) ?? str(row?.Model),
    feature_set: str(summary?.feature_set) ?? str(row?.Features),
    feature_set_id: str(summary?.feature_set_id),
    status: experimentStatus(layout, loc, row, champ.current?.id ?? null),
    champion_role: champ.current?.id === loc.id ? 'current' : champ.previous?.id === loc.id ? 'previous' : null,
    archived: loc.archived,
    outputs: loc.outputs,
    bundle: loc.bundle,
    created_at: str(summary?.created_at) ?? str(row?.Date),
    headline: numericHeadline(summary?.headline),
    summary,
    index: row ?? null,
    files,
    total_bytes: files.reduce((s, f) => s + f.bytes, 0),
    mlflow_runs: withFiles ? findRunsOf(layout.mlruns, loc.id).map((d) => relative(layout.root, d)) : [],
  };
}

function indexById(layout: Layout): Map<string, IndexRow> {
  return new Map(readIndex(layout).map((r) => [r.ID, r]));
}

/** Everything about one experiment (unknown id → UserError naming the closest known id). */
export function showExperiment(layout: Layout, id: string): ExperimentView {
  const loc = requireExperiment(layout, id);
  return view(layout, loc, indexById(layout), whereChampion(layout), true);
}

export interface ListFilter {
  phase?: Phase;
  status?: ExperimentStatus;
}

/** Every experiment with artifacts (index rows without artifacts are left out), filtered. */
export function listExperiments(layout: Layout, filter: ListFilter = {}): ExperimentView[] {
  const rows = indexById(layout);
  const champ = whereChampion(layout);
  const out: ExperimentView[] = [];
  for (const id of knownIds(layout)) {
    const loc = locateExperiment(layout, id);
    if (!loc) continue;
    const v = view(layout, loc, rows, champ, false);
    if (filter.phase !== undefined && v.phase !== filter.phase) continue;
    if (filter.status !== undefined && v.status !== filter.status) continue;
    out.push(v);
  }
  return out;
}

/** The market whose figures stand for an experiment in one-line views: spread, else the first. */
export function mainMarket(v: Pick<ExperimentView, 'headline'>): HeadlineMetrics | undefined {
  return v.headline.spread ?? Object.values(v.headline)[0];
}
