// Loaded before every test file: property tests run with a fixed fast-check seed, so a CI run is
// reproducible (a failure prints its seed and path). FC_SEED=<n> tries another seed; FC_SEED=random
// explores (use it locally to hunt for new counterexamples).
import './test-harness.mjs'; // first: before a test file loads node:test (see there)
import fc from 'fast-check';
import { appendFileSync, readFileSync } from 'node:fs';

// A compiled run (run-tests.mjs) starts test processes without tsx; one whose test file is
// TypeScript (a file that runs from its sources) registers it here, as `--import tsx` would.
const main = process.argv[1] ?? '';
if (main.endsWith('.ts') && !process.execArgv.includes('tsx')) await import('tsx');

const env = process.env.FC_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20261129 });

// `run-tests.mjs --times`: each test file's process appends its wall time and CPU time (its own
// and that of the processes it spawned and waited for) to one file, for the table of slow files.
const times = process.env.EDGELAB_TEST_TIMES;
if (times && process.env.NODE_TEST_CONTEXT) {
  process.on('exit', () => {
    const own = process.cpuUsage();
    let children = 0;
    try {
      // /proc/self/stat fields 16-17 (after the command name): waited-for children's user and system ticks.
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      children = ((Number(fields[13]) + Number(fields[14])) / 100) * 1000;
    } catch {
      // not Linux: children's CPU unknown
    }
    // started/ended (epoch ms): when the slots were busy, for the start and the tail of the run.
    const line = { file: process.argv[1], wall_ms: Math.round(performance.now()), cpu_ms: Math.round((own.user + own.system) / 1000), children_cpu_ms: Math.round(children), started: Math.round(performance.timeOrigin), ended: Date.now() };
    appendFileSync(times, JSON.stringify(line) + '\n');
  });
}
