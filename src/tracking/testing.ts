// Test support: where the shared MLflow fixture is, and a writable copy of it.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `shared/fixtures/mlflow/filestore-3.11/mlruns`, found by walking up (EDGELAB_FIXTURES overrides). */
export function mlflowFixture(): string {
  const rel = join('mlflow', 'filestore-3.11', 'mlruns');
  if (process.env.EDGELAB_FIXTURES) return join(process.env.EDGELAB_FIXTURES, rel);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'shared', 'fixtures', rel);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) throw new Error(`MLflow fixture not found above ${fileURLToPath(import.meta.url)} (set EDGELAB_FIXTURES)`);
    dir = up;
  }
}

export function tempDir(prefix = 'edgelab-tracking-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A writable copy of the fixture store (the fixture itself is read-only). */
export function fixtureCopy(): string {
  const dst = resolve(tempDir(), 'mlruns');
  cpSync(mlflowFixture(), dst, { recursive: true });
  return dst;
}
