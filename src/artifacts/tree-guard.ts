// What in the artifacts tree edgelab must not work through, found in one walk before a command
// starts:
// - symbolic links leading out of the tree. edgelab makes links only inside it (the champion
//   links point at bundles beside them); a link leading elsewhere was put there by hand or by
//   another tool, and following it would read — or, through an atomic replace, drop — a file
//   edgelab does not own;
// - directories this user cannot read (wrong permissions). Without this check they look empty
//   or absent, and a command would say "does not exist" or, worse, write a new version beside
//   files it could not see.
// Commands refuse such a tree with one line naming the path; `doctor` lists them all. The MLflow
// store (MLflow's own format) and archive/recovered/ (quarantined leftovers) are not searched.
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Layout } from './layout.ts';
import { UserError } from '../util/errors.ts';

export interface TreeProblem {
  kind: 'link-out' | 'unreadable';
  /** The link or directory, absolute. */
  path: string;
  /** link-out: where it leads (resolved; as written when it dangles). unreadable: the error code. */
  detail: string;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Every link leading out of the artifacts tree and every directory in it that cannot be read. */
export function treeProblems(layout: Layout): TreeProblem[] {
  const root = real(layout.root);
  const skip = new Set([layout.mlruns, layout.recoveredDir]);
  const inside = (p: string) => p === root || p.startsWith(root + sep);
  const out: TreeProblem[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') out.push({ kind: 'unreadable', path: dir, detail: code });
      return; // absent (a fresh tree): nothing to judge
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (skip.has(p)) continue;
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(p);
        } catch {
          target = resolve(dirname(real(p)), readlinkSync(p)); // dangling: judge where it points
        }
        if (!inside(target)) out.push({ kind: 'link-out', path: p, detail: target });
      } else if (e.isDirectory()) walk(p);
    }
  };
  walk(layout.root);
  return out;
}

/** One line for a problem, naming the path. */
export function describeTreeProblem(layout: Layout, p: TreeProblem): string {
  const rel = relative(layout.project, p.path);
  return p.kind === 'link-out'
    ? `${rel} is a symbolic link leading out of the artifacts tree (to ${p.detail}): edgelab reads and writes only its own files — replace the link with the file itself or remove it`
    : `${rel}: permission denied (${p.detail}): this user cannot read the directory — fix its permissions (chmod u+rwx, or chown to the user running edgelab)`;
}

/** Refuse a tree with a link leading out of it or an unreadable directory: one line naming the first. */
export function refuseTreeProblems(layout: Layout): void {
  const found = treeProblems(layout);
  if (found.length === 0) return;
  const more = found.length > 1 ? ` (${found.length - 1} more problem(s) of this kind: \`edgelab doctor\` lists them)` : '';
  throw new UserError(`${describeTreeProblem(layout, found[0]!)}${more}`);
}
