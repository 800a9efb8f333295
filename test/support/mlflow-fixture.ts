// Test support: where the shared MLflow fixture is, and a writable copy of it.
import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedFixture } from '../shared-fixtures.ts';

/** `shared/fixtures/mlflow/filestore-3.11/mlruns` (EDGELAB_FIXTURES overrides the fixtures root). */
export function mlflowFixture(): string {
  const rel = join('mlflow', 'filestore-3.11', 'mlruns');
  if (process.env.EDGELAB_FIXTURES) return join(process.env.EDGELAB_FIXTURES, rel);
  const p = sharedFixture(rel);
  if (!p) throw new Error(`MLflow fixture ${rel} not found in ../shared/fixtures or /work/shared/fixtures (set EDGELAB_FIXTURES)`);
  return p;
}

export function tempDir(prefix = 'edgelab-tracking-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copy the fixture store to `dst` and make the copy writable (CI's shared/ has no write bits). */
export function copyFixtureTo(dst: string): string {
  cpSync(mlflowFixture(), dst, { recursive: true });
  const fix = (p: string) => {
    const st = statSync(p);
    chmodSync(p, st.mode | 0o200 | (st.isDirectory() ? 0o100 : 0));
    if (st.isDirectory()) for (const e of readdirSync(p)) fix(join(p, e));
  };
  fix(dst);
  return dst;
}

/** A writable copy of the fixture store in a fresh temporary directory. */
export function fixtureCopy(): string {
  return copyFixtureTo(resolve(tempDir(), 'mlruns'));
}
