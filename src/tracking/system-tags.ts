// MLflow's system tags for a new run: who, what program, which commit, edgelab's own version.
// The commit is read from .git directly (HEAD → ref → loose or packed ref; worktrees via
// `gitdir:`/commondir) so logging a run spawns no process; `git rev-parse HEAD` is the fallback
// for layouts we do not parse.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from '../util/version.ts';

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The git directory of the repository containing `start`, or undefined. */
export function findGitDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const dotgit = join(dir, '.git');
    if (existsSync(dotgit)) {
      if (statSync(dotgit).isDirectory()) return dotgit;
      const m = /^gitdir:\s*(.+)\s*$/m.exec(readText(dotgit) ?? '');
      if (m) return isAbsolute(m[1]!) ? m[1]! : resolve(dir, m[1]!);
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function resolveRef(gitDir: string, commonDir: string, ref: string): string | undefined {
  for (const base of [gitDir, commonDir]) {
    const loose = readText(join(base, ref))?.trim();
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
  }
  const packed = readText(join(commonDir, 'packed-refs'));
  if (packed) {
    for (const line of packed.split('\n')) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  }
  return undefined;
}

/** HEAD's commit of the repository containing `start`, or undefined outside a repository. */
export function gitCommit(start: string): string | undefined {
  const gitDir = findGitDir(start);
  if (!gitDir) return undefined;
  const common = readText(join(gitDir, 'commondir'))?.trim();
  const commonDir = common ? resolve(gitDir, common) : gitDir;
  const head = readText(join(gitDir, 'HEAD'))?.trim();
  if (head) {
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const m = /^ref:\s*(\S+)$/.exec(head);
    if (m) {
      const sha = resolveRef(gitDir, commonDir, m[1]!);
      if (sha) return sha;
      // A branch without commits has no ref yet: no commit to record.
      if (!existsSync(join(commonDir, 'reftable'))) return undefined;
    }
  }
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: start, encoding: 'utf8', timeout: 5000 });
  const out = r.status === 0 ? r.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export interface SystemTagOptions {
  runName: string;
  userId?: string;
  /** Directory whose repository's commit is recorded (default: cwd). */
  sourceDir?: string;
  /** The program (default: the script node is running). */
  sourceName?: string;
}

let ownCommit: { sha: string | undefined } | undefined;
/** The commit of edgelab's own checkout (found from this module's location), or undefined for an install without git. */
export function edgelabCommit(): string | undefined {
  ownCommit ??= { sha: gitCommit(dirname(fileURLToPath(import.meta.url))) };
  return ownCommit.sha;
}

/**
 * The commit that describes what ran: the project's repository when it is one (its configs are
 * the experiment), else edgelab's own — never the current directory's, which may be anything.
 */
export function sourceCommit(projectDir: string): string | undefined {
  return gitCommit(projectDir) ?? edgelabCommit();
}

/**
 * mlflow.runName, mlflow.user, mlflow.source.name, mlflow.source.type, mlflow.source.git.commit,
 * plus edgelab's version and commit on every run, whatever the current directory.
 */
export function systemTags(opts: SystemTagOptions): Record<string, string> {
  const tags: Record<string, string> = {
    'mlflow.runName': opts.runName,
    'mlflow.user': opts.userId ?? currentUser(),
    'mlflow.source.name': opts.sourceName ?? process.argv[1] ?? 'edgelab',
    'mlflow.source.type': 'LOCAL',
    'edgelab.version': packageVersion(),
  };
  const commit = sourceCommit(opts.sourceDir ?? process.cwd());
  if (commit) tags['mlflow.source.git.commit'] = commit;
  const own = edgelabCommit();
  if (own) tags['edgelab.git_commit'] = own;
  return tags;
}
