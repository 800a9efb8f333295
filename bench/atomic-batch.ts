// An MLflow run's many small files: N atomic writes one after the other (each fsynced before its
// rename, one directory fsync at the end: syncDirsOnce) against writeFilesAtomicBatch (the same
// files with their fsyncs in flight together). Interleaved rounds, both sides warm, the
// 1-minute load average printed beside; a ratio counts only from a run at load < 1.5.
//
//   node --import tsx bench/atomic-batch.ts [--files N] [--rounds R] [--dir DIR]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncDirsOnce, writeFileAtomic } from '../src/artifacts/atomic.ts';
import { writeFilesAtomicBatch } from '../src/artifacts/atomic-batch.ts';
import { load1, median } from './reference.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const N = Number(arg('--files', '100'));
const ROUNDS = Number(arg('--rounds', '7'));
const base = arg('--dir', tmpdir());

async function once(side: 'sequential' | 'batch'): Promise<number> {
  const dir = mkdtempSync(join(base, 'edgelab-bench-atomic-'));
  mkdirSync(join(dir, 'params'));
  const files = Array.from({ length: N }, (_, i) => ({ target: join(dir, 'params', `p${i}`), data: `value ${i}` }));
  const t = performance.now();
  if (side === 'sequential') syncDirsOnce(() => files.forEach((f) => writeFileAtomic(f.target, f.data)));
  else await writeFilesAtomicBatch(files);
  const ms = performance.now() - t;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

await once('sequential');
await once('batch'); // warm both
const times = { sequential: [] as number[], batch: [] as number[] };
for (let r = 0; r < ROUNDS; r++) for (const side of ['sequential', 'batch'] as const) times[side].push(await once(side));
const [s, b] = [median(times.sequential), median(times.batch)];
console.log(`${N} atomic files in ${base}: sequential ${s.toFixed(1)} ms, batch ${b.toFixed(1)} ms (median of ${ROUNDS} interleaved rounds); batch ÷ sequential ${(b / s).toFixed(2)}× (1-minute load average ${load1().toFixed(2)})`);
