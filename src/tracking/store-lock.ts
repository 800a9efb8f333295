// The MLflow file store's lock file: taken by the store's writers, listed by `doctor` among the
// locks it inspects. A module of its own so that doctor finds it without loading the writer
// (and the YAML library the writer formats meta.yaml with).
import { join } from 'node:path';

export function storeLockFile(root: string): string {
  return join(root, '.edgelab-tracking.lock');
}
