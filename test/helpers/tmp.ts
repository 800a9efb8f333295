// Test helpers: temporary directories (removed when the process exits) and a conf/ directory
// copied from the package's defaults, with extra files for the cases a test needs.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
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
