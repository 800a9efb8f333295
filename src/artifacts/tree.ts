// Creating the artifacts tree (DESIGN.md section 4): every directory, a `.gitkeep` in each empty
// one so git keeps it, and the two files the tree always holds. Used by `init` and `doctor --fix`.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { MANIFEST_HEADER } from './archive-manifest.ts';
import { TREE_DIRS, type Layout } from './layout.ts';

export const ANALYSIS_README = `# analysis/

A personal workspace: notebooks, scratch plots, one-off queries. Everything here except this
README is git-ignored, and nothing in edgelab reads from it. Move anything worth keeping into
an experiment or the docs.
`;

/** A new manifest: the header and an empty summary table (archive-manifest.ts fills both). */
export const ARCHIVE_MANIFEST = MANIFEST_HEADER;

/** Directories of the tree that do not exist (relative to the artifacts root). */
export function missingTreeDirs(layout: Layout): string[] {
  return TREE_DIRS.filter((d) => !existsSync(join(layout.root, d)));
}

/**
 * Create what is missing of the tree; never touches what exists. Returns what it created,
 * relative to the project directory (directories end with `/`).
 */
export function ensureTree(layout: Layout): string[] {
  const created: string[] = [];
  const rel = (p: string) => relative(layout.project, p) || '.';
  for (const d of TREE_DIRS) {
    const dir = join(layout.root, d);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      created.push(rel(dir) + '/');
    }
  }
  const files: [string, string][] = [
    [join(layout.analysisDir, 'README.md'), ANALYSIS_README],
    [layout.archiveManifest, ARCHIVE_MANIFEST],
  ];
  for (const [file, text] of files) {
    if (!existsSync(file)) {
      writeFileAtomic(file, text);
      created.push(rel(file));
    }
  }
  for (const d of TREE_DIRS) {
    const dir = join(layout.root, d);
    if (readdirSync(dir).length === 0) {
      writeFileAtomic(join(dir, '.gitkeep'), '');
      created.push(rel(join(dir, '.gitkeep')));
    }
  }
  return created;
}
