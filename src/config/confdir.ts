// Which conf/ directory a command composes from: the project's own, else the defaults shipped
// with the package (so `edgelab config show` works in a directory that was never `init`ed).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The conf/ directory shipped with the edgelab package. */
export function packageConfDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'conf');
}

export function resolveConfDir(projectConfDir: string): string {
  return existsSync(join(projectConfDir, 'config.yaml')) ? projectConfDir : packageConfDir();
}
