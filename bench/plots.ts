// What an experiment's five plots add to a training's wall time (issue 19). A training starts
// four plots on the helper threads when its walk-forward is done, fits its final models on this
// thread meanwhile, then hands over feature importance and waits for the PNGs
// (src/evaluation/experiment-plots.ts). Interleaved rounds, each drawing one quick-demo-sized
// experiment (3,264 records, both markets; 40 importance rows) three ways:
//   one thread  — vega and resvg here, one plot after the other (the bytes every side must equal);
//   helpers     — startExperimentPlots + finish at once: the plots' whole wall time;
//   overlapped  — start, this thread busy for --fit-ms (a final fit), then finish: the wait left
//                 after the fit is what the plots add to the training.
// CPU is the process's (every thread). Quote only from a quiet machine (load < 1.5). Helper
// threads: one, as a training has (--helpers 2: two, as regenerate-plots has).
//
//   node --import tsx bench/plots.ts [--rounds 5] [--fit-ms 300] [--helpers 1|2]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { experimentPlotSpecs, importanceLabels, PLOT_NAMES, startExperimentPlots } from '../src/evaluation/experiment-plots.ts';
import { warmPlotThreads } from '../src/evaluation/plot-threads.ts';
import { rasterise, renderSvg } from '../src/evaluation/render.ts';
import { plotBets, plotRecords } from '../test/support/plot-records.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 5);
const FIT_MS = arg('--fit-ms', 300);

const records = plotRecords(48, 34);
const bets = plotBets(records, 10);
const importance = Array.from({ length: 40 }, (_, k) => ({ market: k < 20 ? 'spread' : 'total', feature: `feature_${k % 20}`, importance: (k % 20) + 1 }));
const played = records.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual, sigma: r.sigma, line: r.line }));

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const busy = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
};

async function oneThread(): Promise<Record<string, Uint8Array>> {
  const specs = experimentPlotSpecs('v9-001', played, bets, importanceLabels(importance));
  const out: Record<string, Uint8Array> = {};
  for (const name of PLOT_NAMES) out[`${name}.png`] = await rasterise(await renderSvg(specs[name]!), { scale: 2 });
  return out;
}

async function helpers(fitMs: number): Promise<{ pngs: Record<string, Uint8Array>; waitMs: number }> {
  const started = startExperimentPlots('v9-001', records, bets);
  busy(fitMs);
  const t = performance.now();
  const pngs = await started.finish(importance);
  return { pngs, waitMs: performance.now() - t };
}

const same = (a: Record<string, Uint8Array>, b: Record<string, Uint8Array>) => PLOT_NAMES.every((n) => Buffer.from(a[`${n}.png`]!).equals(Buffer.from(b[`${n}.png`]!)));

type Side = 'one thread' | 'helpers' | 'overlapped';
const times: Record<Side, { wall: number[]; cpu: number[]; wait: number[] }> = {
  'one thread': { wall: [], cpu: [], wait: [] },
  helpers: { wall: [], cpu: [], wait: [] },
  overlapped: { wall: [], cpu: [], wait: [] },
};

warmPlotThreads(arg('--helpers', 1));
const reference = await oneThread(); // warm-up round, untimed
if (!same(reference, (await helpers(0)).pngs)) throw new Error('the helpers drew different PNG bytes');
await helpers(FIT_MS);

for (let round = 0; round < ROUNDS; round++) {
  const order: Side[] = round % 2 === 0 ? ['one thread', 'helpers', 'overlapped'] : ['overlapped', 'helpers', 'one thread'];
  const line: string[] = [];
  for (const side of order) {
    const c = cpuMs();
    const t = performance.now();
    const r = side === 'one thread' ? { pngs: await oneThread(), waitMs: NaN } : await helpers(side === 'overlapped' ? FIT_MS : 0);
    const wall = performance.now() - t;
    const cpu = cpuMs() - c; // every thread's; for 'overlapped' it includes the simulated fit's
    if (!same(reference, r.pngs)) throw new Error(`${side}: different PNG bytes`);
    times[side].wall.push(wall);
    times[side].cpu.push(cpu);
    times[side].wait.push(r.waitMs);
    line.push(side === 'overlapped' ? `overlapped ${r.waitMs.toFixed(0)} ms left after the fit` : `${side} ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`);
  }
  console.log(`round ${round + 1} (load ${loadavg()[0]!.toFixed(2)}): ${line.join('; ')}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`five plots of one training, median of ${ROUNDS} interleaved rounds (1-minute load ${loadavg()[0]!.toFixed(2)}), PNG bytes identical on every side:`);
console.log(`  one thread:  ${median(times['one thread'].wall).toFixed(0)} ms wall, ${median(times['one thread'].cpu).toFixed(0)} ms CPU`);
console.log(`  helpers:     ${median(times.helpers.wall).toFixed(0)} ms wall, ${median(times.helpers.cpu).toFixed(0)} ms CPU`);
console.log(`  overlapped with a ${FIT_MS} ms final fit: ${median(times.overlapped.wait).toFixed(0)} ms added to the training (goal ≤ 300 ms)`);
