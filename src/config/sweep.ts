// Hydra's sweep grammar for `edgelab sweep`: a swept override is `key=a,b,c` (comma list),
// `key=choice(a,b)`, `key=range(start,stop[,step])` (stop excluded, as Hydra and Python) or
// `key=interval(lo,hi)` (a continuous range, random search only). Every other override is fixed
// and applies to every configuration. A plan is deterministic: the same arguments, trials and
// seed give the same configurations in the same order, so shards of one plan agree.
import { UsageError } from '../util/errors.ts';
import { Rng } from '../util/prng.ts';
import { parseOverride } from './overrides.ts';
import { parseValue, ValueSyntaxError } from './values.ts';

export type SweepDimension =
  | { key: string; kind: 'list' | 'choice' | 'range'; values: unknown[]; raw: string }
  | { key: string; kind: 'interval'; lo: number; hi: number; raw: string };

export interface SweepArgs {
  /** Overrides that every configuration shares (as written). */
  fixed: string[];
  dimensions: SweepDimension[];
}

export interface SweepConfiguration {
  /** 0-based position in the plan. */
  index: number;
  /** The swept overrides of this configuration, `key=value`, in the order given. */
  overrides: string[];
  /** The values by key. */
  values: Record<string, unknown>;
}

export interface SweepPlan {
  mode: 'grid' | 'random';
  seed: number;
  fixed: string[];
  dimensions: SweepDimension[];
  configurations: SweepConfiguration[];
}

/** At most this many grid points: a larger grid is almost always a typo (use --trials). */
export const MAX_GRID = 10_000;

const FUNCTION = /^(range|choice|interval)\((.*)\)$/s;

/** Split `text` at commas outside quotes, brackets, braces and parentheses. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function value(text: string, raw: string): unknown {
  try {
    return parseValue(text);
  } catch (e) {
    if (e instanceof ValueSyntaxError) throw new UsageError(`bad value in sweep '${raw}': ${e.message}`);
    throw e;
  }
}

function number(text: string, what: string, raw: string): number {
  const v = value(text, raw);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`sweep '${raw}': ${what} must be a number (got '${text.trim()}')`);
  return v;
}

/** Python's range over numbers (floats allowed, as Hydra's); stop is excluded. */
function rangeValues(args: string[], raw: string): number[] {
  if (args.length < 1 || args.length > 3) throw new UsageError(`sweep '${raw}': range takes (stop), (start, stop) or (start, stop, step)`);
  const nums = args.map((a, i) => number(a, ['start', 'stop', 'step'][args.length === 1 ? 1 : i]!, raw));
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new UsageError(`sweep '${raw}': range step must not be 0`);
  const n = Math.ceil((stop - start) / step);
  if (!(n > 0)) throw new UsageError(`sweep '${raw}': range(${start}, ${stop}, ${step}) is empty (stop is excluded)`);
  if (n > MAX_GRID) throw new UsageError(`sweep '${raw}': range has ${n} values (at most ${MAX_GRID})`);
  // Multiply rather than accumulate so that float steps do not drift (range(0,1,0.1) ends at 0.9).
  const decimals = Math.max(...nums.map((x) => (String(x).split('.')[1] ?? '').length));
  return Array.from({ length: n }, (_, i) => Number((start + i * step).toFixed(Math.min(decimals + 2, 15))));
}

/** Parse one command-line argument: a sweep dimension, or null for a fixed override. */
export function parseSweepDimension(raw: string): SweepDimension | null {
  const eq = raw.indexOf('=');
  if (eq < 0 || raw.startsWith('~')) return null;
  const text = raw.slice(eq + 1).trim();
  // The key is checked as any override's would be (the value is ours to parse).
  const key = parseOverride(`${raw.slice(0, eq)}=0`).key;
  const fn = FUNCTION.exec(text);
  if (fn) {
    const args = splitTopLevel(fn[2]!).map((s) => s.trim());
    if (args.some((a) => a === '')) throw new UsageError(`sweep '${raw}': empty argument in ${fn[1]}(…)`);
    if (fn[1] === 'range') return { key, kind: 'range', values: rangeValues(args, raw), raw };
    if (fn[1] === 'choice') {
      if (args.length < 1) throw new UsageError(`sweep '${raw}': choice needs at least one option`);
      return { key, kind: 'choice', values: args.map((a) => value(a, raw)), raw };
    }
    if (args.length !== 2) throw new UsageError(`sweep '${raw}': interval takes (lo, hi)`);
    const lo = number(args[0]!, 'lo', raw);
    const hi = number(args[1]!, 'hi', raw);
    if (!(lo < hi)) throw new UsageError(`sweep '${raw}': interval needs lo < hi (got ${lo}, ${hi})`);
    return { key, kind: 'interval', lo, hi, raw };
  }
  const parts = splitTopLevel(text);
  if (parts.length < 2) return null;
  if (parts.some((p) => p.trim() === '')) throw new UsageError(`sweep '${raw}': empty value in the comma list`);
  return { key, kind: 'list', values: parts.map((p) => value(p, raw)), raw };
}

/** Separate the swept dimensions from the fixed overrides; a key swept twice is an error. */
export function parseSweepArgs(args: readonly string[]): SweepArgs {
  const fixed: string[] = [];
  const dimensions: SweepDimension[] = [];
  for (const raw of args) {
    const d = parseSweepDimension(raw);
    if (!d) fixed.push(raw);
    else if (dimensions.some((x) => x.key === d.key)) throw new UsageError(`sweep: ${d.key} is swept twice ('${dimensions.find((x) => x.key === d.key)!.raw}' and '${raw}')`);
    else dimensions.push(d);
  }
  return { fixed, dimensions };
}

/** A value as override text that parses back to the same value. */
export function formatSweepValue(v: unknown): string {
  if (typeof v === 'string') return /^[\w.\-/:@]*$/.test(v) && typeof value(v, v) === 'string' && v !== '' ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatSweepValue).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}:${formatSweepValue(x)}`).join(',')}}`;
  return String(v);
}

function configuration(index: number, dims: readonly SweepDimension[], picked: unknown[]): SweepConfiguration {
  const values: Record<string, unknown> = {};
  const overrides = dims.map((d, k) => {
    values[d.key] = picked[k];
    const prefix = d.raw.startsWith('++') ? '++' : d.raw.startsWith('+') ? '+' : '';
    return `${prefix}${d.key}=${formatSweepValue(picked[k])}`;
  });
  return { index, overrides, values };
}

/**
 * The configurations of a sweep. Without `trials`: the grid (the product of every dimension, the
 * last varying fastest, as Hydra's basic sweeper). With `trials`: random search, each trial
 * drawing every dimension independently (lists uniformly, intervals uniformly on [lo, hi)).
 */
export function planSweep(args: readonly string[], opts: { trials?: number; seed?: number } = {}): SweepPlan {
  const { fixed, dimensions } = parseSweepArgs(args);
  const seed = opts.seed ?? 0;
  if (dimensions.length === 0) throw new UsageError('sweep: nothing to sweep (give at least one key=a,b or key=range(…)/choice(…)/interval(…))');
  if (opts.trials === undefined) {
    const interval = dimensions.find((d) => d.kind === 'interval');
    if (interval) throw new UsageError(`sweep: '${interval.raw}' is continuous; random search needs --trials N (and --seed S)`);
    const sizes = dimensions.map((d) => (d as { values: unknown[] }).values.length);
    const total = sizes.reduce((a, b) => a * b, 1);
    if (total > MAX_GRID) throw new UsageError(`sweep: the grid has ${total} configurations (at most ${MAX_GRID}); use --trials N for random search`);
    const configurations: SweepConfiguration[] = [];
    for (let c = 0; c < total; c++) {
      let rest = c;
      const picked = new Array<unknown>(dimensions.length);
      for (let k = dimensions.length - 1; k >= 0; k--) {
        picked[k] = (dimensions[k] as { values: unknown[] }).values[rest % sizes[k]!];
        rest = Math.floor(rest / sizes[k]!);
      }
      configurations.push(configuration(c, dimensions, picked));
    }
    return { mode: 'grid', seed, fixed, dimensions, configurations };
  }
  if (!Number.isInteger(opts.trials) || opts.trials < 1) throw new UsageError(`sweep: --trials must be a positive integer (got ${opts.trials})`);
  const rng = new Rng(seed);
  const configurations = Array.from({ length: opts.trials }, (_, t) =>
    configuration(
      t,
      dimensions,
      dimensions.map((d) => (d.kind === 'interval' ? d.lo + (d.hi - d.lo) * rng.next() : d.values[rng.int(d.values.length)])),
    ),
  );
  return { mode: 'random', seed, fixed, dimensions, configurations };
}

/** Which slice of a plan a process runs: `--shard I/N`, else a batch engine's array index. */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  if (flag !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flag.trim());
    if (!m) throw new UsageError(`--shard must look like I/N with 0 ≤ I < N (got '${flag}')`);
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (!(count >= 1 && index < count)) throw new UsageError(`--shard ${flag}: need 0 ≤ I < N`);
    return { index, count };
  }
  // Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based); the count is the Job's `completions`,
  // which the pod does not see, so it must come with EDGELAB_SHARDS.
  const count = env.EDGELAB_SHARDS ?? env.SLURM_ARRAY_TASK_COUNT;
  const k8s = env.JOB_COMPLETION_INDEX;
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (k8s === undefined && slurm === undefined) return { index: 0, count: 1 };
  if (count === undefined || !/^\d+$/.test(count) || Number(count) < 1) {
    throw new UsageError(`${k8s !== undefined ? 'JOB_COMPLETION_INDEX' : 'SLURM_ARRAY_TASK_ID'} is set but the number of shards is not: set EDGELAB_SHARDS=N (or use --shard I/N)`);
  }
  // Slurm arrays may start at any index (--array=1-8): count from SLURM_ARRAY_TASK_MIN.
  const index = k8s !== undefined ? Number(k8s) : Number(slurm) - Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
  if (!Number.isInteger(index) || index < 0 || index >= Number(count)) {
    throw new UsageError(`shard index ${index} is outside 0…${Number(count) - 1}`);
  }
  return { index, count: Number(count) };
}

/** The configurations of one shard: every N-th, starting at I (balanced, stable across runs). */
export function shardConfigurations(plan: SweepPlan, shard: { index: number; count: number }): SweepConfiguration[] {
  return plan.configurations.filter((c) => c.index % shard.count === shard.index);
}
