// The benchmarks' Python side: one persistent /usr/bin/python3 worker (bench/py_worker.py) with
// numpy, xgboost and scikit-learn imported before the first request, so that process start and
// imports never fall inside a timed fit and the reference stays warm between rounds, as the Node
// side does. Also the shared helpers of an honest comparison: interleaved rounds, medians, and
// the 1-minute load average printed beside every ratio.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface PyReply {
  ok: boolean;
  error?: string;
  seconds?: number;
  [k: string]: unknown;
}

export class PythonReference {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: ((r: PyReply) => void)[] = [];

  constructor() {
    const env = { ...process.env };
    // Benchmark only: these pin old OpenBLAS kernels on some CPUs and slow a current numpy.
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    // numpy's BLAS may use at most the machine's cores; each request pins its own count
    // (threadpoolctl), so that both sides of a comparison run on the same number of threads.
    env.OPENBLAS_NUM_THREADS = String(availableParallelism());
    this.proc = spawn('/usr/bin/python3', [fileURLToPath(new URL('./py_worker.py', import.meta.url))], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.proc.stdout }).on('line', (l) => this.waiting.shift()?.(JSON.parse(l) as PyReply));
    let err = '';
    this.proc.stderr.on('data', (d) => (err += d));
    this.proc.on('exit', (code) => {
      if (code) {
        console.error(err);
        console.error('bench: the Python reference failed; install it with: apt-get install -y python3-sklearn python3-numpy python3-scipy python3-xgboost');
        process.exit(1);
      }
    });
  }

  async call(req: Record<string, unknown>): Promise<PyReply> {
    const reply = await new Promise<PyReply>((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(JSON.stringify(req) + '\n');
    });
    if (!reply.ok) throw new Error(`python reference: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.proc.stdin.end();
  }
}

/** Write a Float64Array as little-endian float64 (what py_worker's load reads). */
export function writeF64(path: string, a: Float64Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const load1 = (): number => loadavg()[0]!;

/**
 * `--settle L`: the load average a run waits for (null: no wait). A back-to-back run would start
 * on the load its predecessor left (a demo or a test run keeps both cores busy: ≈ 2–6 at its end
 * however quiet the machine is otherwise), and the benchmark rule reports figures only from
 * runs started below 1.5.
 */
export function settleOption(value: string | undefined): number | null {
  if (value === undefined) return null;
  const l = Number(value);
  if (!(l > 0)) throw new Error(`--settle: '${value}' is not a positive load average`);
  return l;
}

/** Wait (at most `maxMs`) until the 1-minute load average is below `settle`; returns the load then. */
export function waitForQuiet(settle: number | null, maxMs = 180_000): number {
  const until = Date.now() + maxMs;
  while (settle !== null && load1() >= settle && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  return load1();
}

/** Time a synchronous function in seconds. */
export function seconds(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

export interface Comparison {
  name: string;
  ours: number[];
  ref: number[];
  /** 1-minute load average sampled after each round. */
  loads: number[];
}

/** One line: medians, the ratio of medians, per-round ratios and the load beside them. */
export function describe(c: Comparison): string {
  const ratio = median(c.ours) / median(c.ref);
  const perRound = c.ours.map((o, i) => (o / c.ref[i]!).toFixed(2)).join(' ');
  const maxLoad = Math.max(...c.loads);
  return (
    `${c.name}: edgelab ${median(c.ours).toFixed(3)} s, reference ${median(c.ref).toFixed(3)} s → ratio ${ratio.toFixed(2)}× ` +
    `(rounds: ${perRound}; 1-min load ${Math.min(...c.loads).toFixed(1)}–${maxLoad.toFixed(1)}${maxLoad >= 1.5 ? ', NOT quiet: rerun at load < 1.5 before quoting' : ''})`
  );
}
