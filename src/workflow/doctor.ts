// `edgelab doctor`: what is wrong with a project and what to do about it. Checks are plain
// functions returning findings; `fix` repairs only what is safe to repair automatically.
import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, relative, resolve, sep, dirname } from 'node:path';
import { symlinksSupported } from '../artifacts/champion.ts';
import { describeTreeProblem, treeProblems } from '../artifacts/tree-guard.ts';
import { bundleFile, type Layout } from '../artifacts/layout.ts';
import { ensureTree, missingTreeDirs } from '../artifacts/tree.ts';
import { loadConfig } from '../config/load.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { UserError } from '../util/errors.ts';
import { checkArchiveChange, checkChampionChange, checkExperiments, checkInterruptedWrites, checkLocks, treeVerdict } from './doctor-state.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  message: string;
  /** What the user can do (commands or steps). */
  advice: string[];
  /** Set when --fix repaired the problem. */
  fixed?: boolean;
}

export interface DoctorReport {
  project: string;
  artifacts: string;
  /** No check failed (warnings do not make a project unhealthy). */
  healthy: boolean;
  /** Which state interrupted commands left the tree in (one line). */
  state: string;
  checks: Check[];
}

export interface DoctorOptions {
  fix?: boolean;
  /** For tests: the Node version to judge (default: the running one). */
  nodeVersion?: string;
  /** For tests: whether a symlink can be made in `dir` (default: try it). */
  canSymlink?: (dir: string) => boolean;
}

const check = (name: string, status: CheckStatus, message: string, advice: string[] = []): Check => ({ name, status, message, advice });

export function checkNode(version: string): Check {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (!(major >= 20)) {
    return check('node', 'fail', `Node ${version} is too old: edgelab needs Node 20 or newer`, ['install Node 20 LTS or newer (e.g. `nvm install 20`) and run `npm ci` again']);
  }
  return check('node', 'ok', `Node ${version}`);
}

function checkTree(layout: Layout, fix: boolean): Check {
  const missing = missingTreeDirs(layout);
  if (missing.length === 0) return check('tree', 'ok', `artifacts tree complete at ${layout.root}`);
  if (fix) {
    const created = ensureTree(layout);
    return { ...check('tree', 'ok', `created ${created.length} missing entries of the artifacts tree: ${missing.join(', ')}`), fixed: true };
  }
  return check('tree', 'fail', `${missing.length} director${missing.length === 1 ? 'y' : 'ies'} of the artifacts tree missing under ${layout.root}: ${missing.join(', ')}`, [
    'run `edgelab doctor --fix` (or `edgelab init`) to create them',
  ]);
}

function checkConfig(layout: Layout): Check {
  const confDir = resolveConfDir(layout.confDir);
  const own = confDir === layout.confDir;
  try {
    const c = loadConfig({ confDir });
    const choices = Object.entries(c.choices).map(([k, v]) => `${k}=${v}`).join(' ');
    if (!own) return check('config', 'warn', `the project has no conf/config.yaml; using edgelab's defaults (${choices})`, ['run `edgelab init` to copy the defaults into conf/ and edit them there']);
    return check('config', 'ok', `conf/ composes and validates (${choices})`);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return check('config', 'fail', `the configuration does not compose: ${e.message}`, ['fix the file named above; `edgelab config show` repeats the check']);
  }
}

function checkChampion(layout: Layout, which: 'champion_current' | 'champion_previous'): Check {
  const path = which === 'champion_current' ? layout.championCurrent : layout.championPrevious;
  const rel = relative(layout.project, path);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return check(which, 'ok', `${rel}: none yet`);
  }
  let target = path;
  if (st.isSymbolicLink()) {
    const link = readlinkSync(path);
    target = resolve(dirname(path), link);
    if (!existsSync(target)) {
      return check(which, 'fail', `${rel} is dangling: it points to ${link}, which does not exist`, [
        `point it at an existing model bundle, or remove it: rm ${path}`,
        which === 'champion_current' ? 'champion_previous (if healthy) is the rollback target' : 'without it there is no rollback target',
      ]);
    }
  }
  const unreadable = (why: string) =>
    check(which, 'fail', `${rel} is unreadable: ${why}`, [`check the permissions and contents of ${target}, or re-point ${rel} at a healthy bundle`]);
  try {
    if (!statSync(target).isDirectory()) return unreadable('not a model bundle directory');
    accessSync(target, constants.R_OK | constants.X_OK);
    readdirSync(target);
  } catch (e) {
    return unreadable((e as Error).message);
  }
  if (!existsSync(bundleFile(target, 'model'))) {
    return unreadable('it has no model.json (model files are git-ignored: a fresh clone has none)');
  }
  const meta = bundleFile(target, 'metadata');
  if (existsSync(meta)) {
    try {
      JSON.parse(readFileSync(meta, 'utf8'));
    } catch (e) {
      return unreadable(`metadata.json is not valid JSON (${(e as Error).message})`);
    }
  }
  return check(which, 'ok', `${rel} -> ${relative(layout.project, target)}`);
}

/** Can `dir` hold symlinks? The champion registry's own probe, so both always agree. */
export const probeSymlink = symlinksSupported;

function checkSymlinks(layout: Layout, canSymlink: (dir: string) => boolean): Check {
  const dir = [layout.modelsDir('production'), layout.root, layout.project].find((d) => existsSync(d));
  if (dir === undefined) return check('symlinks', 'warn', 'could not probe symlinks: the project directory does not exist');
  if (canSymlink(dir)) return check('symlinks', 'ok', 'symlinks work here (the champion registry links bundles)');
  return check('symlinks', 'warn', `this filesystem cannot make symlinks (${dir}): the champion registry will store copies of bundles instead of links`, [
    'nothing to do; on Windows, enable Developer Mode to allow symlinks if you prefer links',
  ]);
}

function checkForeignLinks(layout: Layout): Check {
  const found = treeProblems(layout);
  if (found.length === 0) return check('links', 'ok', 'no symbolic link leads out of the artifacts tree; every directory is readable');
  return check('links', 'fail', `${found.length} problem(s) make commands refuse the tree: ${found.map((p) => describeTreeProblem(layout, p)).join('; ')}`, [
    'replace each link with the file it points to (cp --remove-destination "$(readlink -f LINK)" LINK) or remove it, and fix the permissions named; --fix will not guess',
  ]);
}

function countRuns(mlruns: string): number {
  let n = 0;
  for (const exp of readdirSync(mlruns, { withFileTypes: true })) {
    if (!exp.isDirectory() || exp.name.startsWith('.') || exp.name === 'models') continue;
    for (const run of readdirSync(join(mlruns, exp.name), { withFileTypes: true })) {
      if (run.isDirectory() && existsSync(join(mlruns, exp.name, run.name, 'meta.yaml'))) n++;
    }
  }
  return n;
}

export function checkMlflowPath(mlruns: string): Check {
  const abs = resolve(mlruns);
  const above = abs.split(sep).slice(0, -1);
  if (!above.includes('artifacts')) return check('mlflow', 'ok', `MLflow file store at ${abs}`);
  const runs = existsSync(abs) ? countRuns(abs) : 0;
  const why = "MLflow >= 3.8 cannot open runs whose path has a folder named 'artifacts' above them";
  if (runs === 0) return check('mlflow', 'ok', `no MLflow runs yet in ${abs}`);
  // Each hint is a command that runs as pasted (docs/mlflow.md has the team set-up).
  return check('mlflow', 'warn', `${why}: \`mlflow ui\` / \`mlflow server\` reading this store list the ${runs} run(s) in ${abs} but answer "Run '…' not found" when one is opened (edgelab itself reads them fine)`, [
    `copy the runs to a tracking server (here a local one; or your team's URL): mlflow server --host 127.0.0.1 --port 5000 --backend-store-uri sqlite:///mlflow.db & then: edgelab mlflow sync --from ${abs} --to http://127.0.0.1:5000`,
    `or convert the store in place to a database (MLflow >= 3.10.1): MLFLOW_ALLOW_FILE_STORE=true mlflow migrate-filestore --source ${abs} --target sqlite:///mlflow.db && mlflow ui --backend-store-uri sqlite:///mlflow.db`,
    'MLflow library builds since late April 2026 read a file store only with MLFLOW_ALLOW_FILE_STORE=true',
    'or keep the artifacts tree in a directory not named artifacts: --artifacts DIR or EDGELAB_ARTIFACTS',
  ]);
}

export function runDoctor(layout: Layout, opts: DoctorOptions = {}): DoctorReport {
  const fix = opts.fix ?? false;
  const checks = [
    checkNode(opts.nodeVersion ?? process.versions.node),
    checkTree(layout, fix),
    checkConfig(layout),
    checkChampion(layout, 'champion_current'),
    checkChampion(layout, 'champion_previous'),
    checkSymlinks(layout, opts.canSymlink ?? probeSymlink),
    checkForeignLinks(layout),
    checkMlflowPath(layout.mlruns),
  ];
  const state = [checkInterruptedWrites(layout, fix), checkExperiments(layout, fix), checkChampionChange(layout), checkArchiveChange(layout), checkLocks(layout, fix)];
  checks.push(...state);
  return { project: layout.project, artifacts: layout.root, healthy: checks.every((c) => c.status !== 'fail'), state: treeVerdict(state), checks };
}
