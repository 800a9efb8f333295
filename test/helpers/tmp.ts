// Test helpers: temporary directories (removed when the process exits) and a conf/ directory
// copied from the package's defaults, with extra files for the cases a test needs.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout. From the compiled mirror that run-tests.mjs runs (scripts/build-tests.mjs, under
 * the checkout's node_modules/.cache/), still the checkout itself: the CLI a test spawns reads the
 * checkout's conf/, and a test must never write into a directory the mirror links.
 */
export const REPO = checkoutOf(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

/** The checkout that `dir` is, or that holds `dir` as its compiled mirror. */
export function checkoutOf(dir: string): string {
  const mirror = `${sep}node_modules${sep}.cache${sep}edgelab${sep}compiled`;
  return dir.endsWith(mirror) ? dir.slice(0, -mirror.length) : dir;
}
export const PACKAGE_CONF = join(REPO, 'conf');

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'edgelab-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A copy of the package conf/ in a fresh temp project, plus `extra` files (path → text). */
export function makeConf(extra: Record<string, string> = {}): string {
  const conf = join(tempDir('edgelab-conf-'), 'conf');
  cpSync(PACKAGE_CONF, conf, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(conf, rel)), { recursive: true });
    writeFileSync(join(conf, rel), text);
  }
  return conf;
}
