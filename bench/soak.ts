// Soak bench: random interleavings of train / promote / predict / score / monitor / dashboard
// requests on ONE project, two at a time, with random kills (SIGKILL at a random moment, or at a
// random fault point through EDGELAB_FAULT). After every round the tree is checked:
//   - every JSON file parses and every CSV ends whole (no torn writes);
//   - `doctor` names the state; after `doctor --fix` it is consistent and healthy;
//   - every command that was not killed exited 0, or 1 with one line (no stack, no crash).
// A round that fails any of these is an inconsistent tree. Prints the seed so a failure replays,
// and per command: requests, completed, killed, clean refusals, failures.
//   node --import tsx bench/soak.ts [--rounds 200] [--seed N] [--minutes M]
// --minutes stops after the round running when M minutes have passed (the summary says how many
// rounds ran); SIGINT/SIGTERM stop the same way.
import { loadavg } from 'node:os';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLayout } from '../src/artifacts/layout.ts';
import { createApp } from '../src/dashboard/app.ts';
import { runDoctor } from '../src/workflow/doctor.ts';
import { completeInterruptedWork } from '../src/workflow/doctor-repair.ts';
import { Rng } from '../src/util/prng.ts';
import { SMALL, cli, copyProject, prepareProject, snapshot, type Ran } from '../test/support/fault-project.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 200);
const SEED = arg('seed', Date.now() % 1_000_000);
const MINUTES = arg('minutes', Infinity);
let stopAsked = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stopAsked = true));

interface Counts {
  requests: number;
  completed: number;
  killed: number;
  refused: number;
  failed: number;
}
const perCommand = new Map<string, Counts>();
const count = (kind: string, field: keyof Counts) => {
  const c = perCommand.get(kind) ?? { requests: 0, completed: 0, killed: 0, refused: 0, failed: 0 };
  c[field]++;
  perCommand.set(kind, c);
};
const rng = new Rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const CONSISTENT = 'consistent: no interrupted command left anything half done';

const FAULTS: Record<string, string[]> = {
  train: ['atomic-dir-before-rename', 'train:after-bundle', 'train:after-outputs', 'train:after-mlflow', 'train:after-summary'],
  promote: ['promote:after-plan', 'champion:after-journal', 'champion:after-previous', 'champion:after-current', 'promote:after-mlflow', 'promote:after-decision'],
  predict: ['atomic-before-rename', 'predict:after-bets'],
  score: ['atomic-before-rename'],
  monitor: ['atomic-before-rename', 'monitor:after-alerts', 'monitor:after-performance-log'],
};

const trained = ['v2-001', 'v2-002'];
/** Experiment ids with a config in the project (conf/experiment/*.yaml): only those can be trained. */
let configured: string[] = [];
const requested = new Set(trained);

function request(kind: string): string[] {
  switch (kind) {
    case 'train': {
      // Mostly an id not requested yet; sometimes one already trained (the loser must be refused cleanly).
      const fresh = configured.filter((id) => !requested.has(id));
      const id = rng.next() < 0.8 && fresh.length > 0 ? fresh[0]! : pick(configured);
      requested.add(id);
      return ['train', `experiment=${id}`, ...SMALL, '--quiet'];
    }
    case 'promote':
      return ['promote', pick(trained), '--force', '--reason', 'soak'];
    case 'predict':
      return ['predict', '--season', '2020', '--week', String(3 + rng.int(10)), '--force', '--reason', 'soak'];
    case 'score':
      return ['score', '--season', '2020', '--week', String(1 + rng.int(4))];
    default:
      return ['monitor'];
  }
}

function tornFiles(dir: string): string[] {
  const bad: string[] = [];
  for (const rel of snapshot(dir).keys()) {
    if (rel.includes('archive/recovered/')) continue;
    const text = () => readFileSync(join(dir, rel), 'utf8');
    if (rel.endsWith('.json')) {
      try {
        JSON.parse(text());
      } catch {
        bad.push(rel);
      }
    } else if (rel.endsWith('.csv') && text().length > 0 && !text().endsWith('\n')) bad.push(rel);
  }
  return bad;
}

async function main(): Promise<void> {
  const load0 = loadavg()[0]!;
  const base = prepareProject();
  const dir = copyProject(base, join(dirname(base), 'soak'));
  const layout = createLayout(dir);
  configured = readdirSync(join(layout.confDir, 'experiment')).filter((n) => /^v2-\d+\.yaml$/.test(n)).map((n) => n.slice(0, -'.yaml'.length)).sort();
  const app = createApp(layout);
  const t0 = Date.now();
  let inconsistent = 0;
  let kills = 0;
  let refusals = 0;
  let dashboardReads = 0;
  let ran = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const kinds = [pick(['train', 'promote', 'predict', 'predict', 'score', 'monitor', 'monitor', 'dashboard'] as const), pick(['promote', 'predict', 'score', 'monitor', 'dashboard'] as const)];
    const problems: string[] = [];
    const runs = kinds.map(async (kind): Promise<{ cmd: string; kind: string; r: Ran | null; killed: boolean }> => {
      count(kind, 'requests');
      if (kind === 'dashboard') {
        for (let i = 0; i < 5; i++) {
          const res = await app.request('/api/dashboard');
          dashboardReads++;
          if (res.status !== 200) problems.push(`dashboard answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
          else await res.json();
          await new Promise((r) => setTimeout(r, 50));
        }
        count(kind, 'completed');
        return { cmd: kind, kind, r: null, killed: false };
      }
      const args = request(kind);
      const mode = rng.next();
      if (mode < 0.25) {
        const step = pick(FAULTS[kind]!);
        const r = await cli(dir, args, { EDGELAB_FAULT: step });
        return { cmd: kind, kind: `${args.join(' ')} @${step}`, r, killed: r.signal === 'SIGKILL' };
      }
      if (mode < 0.45) {
        const after = 300 + rng.int(4000);
        let timer: NodeJS.Timeout | undefined;
        const r = await cli(dir, args, {}, (kill) => (timer = setTimeout(kill, after)));
        clearTimeout(timer);
        return { cmd: kind, kind: `${args.join(' ')} (kill at ${after} ms)`, r, killed: r.signal === 'SIGKILL' };
      }
      return { cmd: kind, kind: args.join(' '), r: await cli(dir, args), killed: false };
    });
    const results = await Promise.all(runs);
    for (const { cmd, kind, r, killed } of results) {
      if (!r) continue;
      if (killed) {
        kills++;
        count(cmd, 'killed');
        continue;
      }
      if (r.code === 0) {
        count(cmd, 'completed');
        if (kind.startsWith('train')) trained.push(kind.split(' ')[1]!.slice('experiment='.length));
        continue;
      }
      const err = r.err.trim();
      if (r.code === 1 && !/internal error|\n\s+at /.test(err)) {
        refusals++;
        count(cmd, 'refused');
      } else {
        count(cmd, 'failed');
        problems.push(`${kind}: exit ${r.code} ${r.signal ?? ''}\n${err.slice(0, 500)}`);
      }
    }
    const torn = tornFiles(dir);
    if (torn.length) problems.push(`torn files: ${torn.join(', ')}`);
    runDoctor(layout);
    await completeInterruptedWork(layout);
    runDoctor(layout, { fix: true });
    const after = runDoctor(layout);
    if (after.state !== CONSISTENT || !after.healthy) problems.push(`after doctor --fix: ${after.state}; ${JSON.stringify(after.checks.filter((c) => c.status === 'fail'))}`);
    if (problems.length) {
      inconsistent++;
      console.log(`round ${round} (seed ${SEED}): INCONSISTENT\n  ${problems.join('\n  ')}`);
    } else {
      console.log(`round ${round}/${ROUNDS}: ok [${results.map((x) => x.kind).join(' | ')}] (${kills} kills, ${refusals} clean refusals, ${dashboardReads} dashboard reads, ${Math.round((Date.now() - t0) / 1000)} s)`);
    }
    ran = round;
    if (stopAsked || Date.now() - t0 > MINUTES * 60_000) break;
  }
  console.log(
    `soak: ${ran} of ${ROUNDS} rounds of two concurrent requests, seed ${SEED}: ${inconsistent} inconsistent trees; ${kills} kills, ${refusals} clean refusals, ${dashboardReads} dashboard reads; ` +
      `${Math.round((Date.now() - t0) / 1000)} s; load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
  );
  console.log('per command: requests, completed, killed, clean refusals, failures');
  for (const [kind, c] of [...perCommand].sort()) console.log(`  ${kind.padEnd(9)} ${c.requests} requests: ${c.completed} completed, ${c.killed} killed, ${c.refused} refused, ${c.failed} failed`);
  rmSync(dirname(base), { recursive: true, force: true });
  process.exitCode = inconsistent === 0 ? 0 : 1;
}

await main();
