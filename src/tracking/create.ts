// Which store edgelab logs to: an explicit URI, else MLFLOW_TRACKING_URI, else the file store of
// the artifacts tree. `file:` URIs and bare paths are file stores; http(s) is a tracking server.
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../util/errors.ts';
import { maskUrl } from '../util/redact.ts';
import { FileStoreTracker } from './filestore-tracker.ts';
import { RestTracker } from './rest-tracker.ts';
import type { Tracker } from './tracker.ts';

export interface CreateTrackerOptions {
  /** Explicit URI; wins over MLFLOW_TRACKING_URI. */
  trackingUri?: string;
  /** The default file store (the artifacts tree's `mlruns`). */
  fileStoreDir: string;
  env?: NodeJS.ProcessEnv;
  /** Repository whose commit is tagged on new runs (default cwd). */
  sourceDir?: string;
  /** Test hooks for the REST client. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export type TrackingTarget = { kind: 'file'; dir: string } | { kind: 'rest'; url: string };

/** Parse a tracking URI the way MLflow does for the schemes edgelab speaks. */
export function parseTrackingUri(uri: string, cwd = process.cwd()): TrackingTarget {
  if (/^https?:\/\//i.test(uri)) return { kind: 'rest', url: uri };
  if (uri.startsWith('file://')) return { kind: 'file', dir: fileURLToPath(uri) };
  if (uri.startsWith('file:')) return { kind: 'file', dir: resolve(cwd, uri.slice('file:'.length)) };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(uri) || isAbsolute(uri)) return { kind: 'file', dir: resolve(cwd, uri) };
  throw new UsageError(
    `unsupported tracking URI '${maskUrl(uri)}': edgelab speaks MLflow file stores (file:…, a path) and tracking servers (http://…, https://…)`,
  );
}

export function resolveTrackingTarget(opts: CreateTrackerOptions): TrackingTarget {
  const env = opts.env ?? process.env;
  const uri = opts.trackingUri ?? (env.MLFLOW_TRACKING_URI || undefined);
  return uri ? parseTrackingUri(uri) : { kind: 'file', dir: resolve(opts.fileStoreDir) };
}

export function createTracker(opts: CreateTrackerOptions): Tracker {
  const target = resolveTrackingTarget(opts);
  if (target.kind === 'file') return new FileStoreTracker(target.dir, opts.sourceDir);
  return new RestTracker({ baseUrl: target.url, env: opts.env ?? process.env, fetch: opts.fetch, sleep: opts.sleep }, opts.sourceDir);
}

/**
 * MLflow >= 3.8 lists runs whose absolute path has a folder named `artifacts` above the run but
 * cannot open them ("Run '…' not found"), which is the seed layout `<project>/artifacts/mlruns`.
 * Returns a hint, or undefined.
 */
export function artifactsPathCaveat(storeDir: string): string | undefined {
  if (!resolve(storeDir).split(sep).includes('artifacts')) return undefined;
  return `MLflow >= 3.8 cannot open runs stored below a folder named 'artifacts' (${storeDir}); see docs/mlflow.md, or copy them to a server: edgelab mlflow sync --from ${resolve(storeDir)} --to http://127.0.0.1:5000`;
}
