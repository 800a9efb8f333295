// Spawned by filestore-concurrency.test.ts: one process logging a run into a shared store.
import { FileStoreTracker } from '../../src/tracking/filestore-tracker.ts';

const [root, label, n] = process.argv.slice(2) as [string, string, string];
const t = new FileStoreTracker(root);
const run = await t.startRun({ experimentName: 'shared-exp', runName: label, tags: { writer: label } });
await run.logParams({ writer: label, n });
for (let i = 0; i < Number(n); i++) {
  await run.logMetric('loss', i / 7, { step: i });
  if (i % 10 === 0) await run.logMetrics({ acc: i, [`per/${label}`]: -i }, { step: i });
  if (i % 25 === 0) await run.setTag('progress', String(i));
}
await run.endRun('FINISHED');
for (let i = 0; i < 3; i++) await t.registerModelVersion({ name: 'shared-model', runId: run.runId, tags: { writer: label } });
process.stdout.write(run.runId);
