// Where a run's artifacts go on a tracking server, decided as MLflow's own client decides it: from
// the run's `artifact_uri` (the experiment's artifact location + `/<run>/artifacts`).
//   mlflow-artifacts:/<path>           → PUT through the server's artifact proxy
//   mlflow-artifacts://host:port/<path> → the same proxy API on that host
//   /abs/path or file:/abs/path         → written by this process to that path (the server only
//                                         sees it when both machines share the filesystem)
//   s3://bucket/prefix                  → uploaded straight to the bucket (s3-store.ts)
// Anything else edgelab cannot write is refused before a byte is copied, naming the location and
// what fixes it. Recorded behaviour: ../shared/fixtures/mlflow/rest-3.10 files 03, 04a and 04b.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { UserError } from '../util/errors.ts';
import { MlflowRestClient, MlflowRestError, type RestClientOptions } from './rest-client.ts';
import { checkS3Location, putS3Object } from './s3-store.ts';

export type ArtifactLocation =
  | { kind: 'proxy'; uri: string; path: string; baseUrl?: string }
  | { kind: 'local'; uri: string; dir: string }
  | { kind: 's3'; uri: string; bucket: string; prefix: string };

/** The fix named when the server keeps artifacts somewhere edgelab cannot write. */
export const PROXY_FIX = 'run the MLflow server with `--serve-artifacts --artifacts-destination <dir or s3://…>` and no `--default-artifact-root`, so new experiments get `mlflow-artifacts:/` locations (experiments that already exist keep theirs)';

/** Parse an artifact URI the way MLflow's artifact repository registry does for these schemes. */
export function parseArtifactLocation(uri: string): ArtifactLocation {
  const proxy = /^mlflow-artifacts:(?:\/\/([^/]*))?(\/.*)?$/.exec(uri);
  if (proxy) {
    const path = (proxy[2] ?? '/').replace(/^\/+/, '').replace(/\/+$/, '');
    return proxy[1] ? { kind: 'proxy', uri, path, baseUrl: `//${proxy[1]}` } : { kind: 'proxy', uri, path };
  }
  if (uri.startsWith('file:')) return { kind: 'local', uri, dir: fileURLToPath(uri.startsWith('file://') ? uri : `file://${uri.slice('file:'.length)}`) };
  if (isAbsolute(uri)) return { kind: 'local', uri, dir: uri.replace(/\/+$/, '') };
  const s3 = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return { kind: 's3', uri, bucket: s3[1]!, prefix: s3[2]!.replace(/\/+$/, '') };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  throw new UserError(
    scheme
      ? `the MLflow server keeps artifacts at '${uri}': edgelab writes only to mlflow-artifacts:, local/shared paths and s3:// locations, not '${scheme}:'; ${PROXY_FIX}`
      : `the MLflow server keeps artifacts at the relative path '${uri}', which means nothing on this machine; start the server with an absolute --default-artifact-root, or ${PROXY_FIX}`,
  );
}

/** Content type as MLflow's client sends it on uploads (text files as text/plain, 03 #4–#7). */
export function contentTypeOf(name: string): string {
  const ext = extname(name).toLowerCase();
  if (ext === '.png') return 'image/png';
  if (ext === '.svg') return 'image/svg+xml';
  if (ext === '.html' || ext === '.htm') return 'text/html';
  if (['.csv', '.json', '.txt', '.yaml', '.yml', '.md', '.log', '.tsv'].includes(ext)) return 'text/plain';
  return 'application/octet-stream';
}

/**
 * A directory this process may create files in: the directory itself or, when `orParent` and it
 * is missing, its parent (a server creates an experiment's folder only on the first write).
 */
function writableHere(dir: string, orParent = true): boolean {
  for (const d of orParent ? [dir, dirname(dir)] : [dir]) {
    try {
      if (!statSync(d).isDirectory()) return false;
      accessSync(d, constants.W_OK);
      return true;
    } catch {
      // missing: try the parent once (the server creates experiment folders only on first write)
    }
  }
  return false;
}

export interface ArtifactContext {
  client: MlflowRestClient;
  /** Options of the tracking client: a proxy on another host reuses its auth and hooks. */
  clientOptions: RestClientOptions;
  env: NodeJS.ProcessEnv;
}

function proxyClient(loc: Extract<ArtifactLocation, { kind: 'proxy' }>, ctx: ArtifactContext): MlflowRestClient {
  if (!loc.baseUrl) return ctx.client;
  // MLflow: `mlflow-artifacts://host:port/…` talks to that host with the tracking URI's scheme.
  const scheme = /^(https?):/i.exec(ctx.client.baseUrl)?.[1] ?? 'http';
  return new MlflowRestClient({ ...ctx.clientOptions, baseUrl: `${scheme}:${loc.baseUrl}` });
}

/**
 * Refuse, before anything is copied, an artifact location edgelab cannot write. `what` names the
 * experiment for the message; `isRoot` says `uri` is the server's default root (for experiments
 * not yet created), which must itself exist here. Proxy: the server must serve artifacts (503
 * otherwise, 04b #8).
 */
export async function checkArtifactLocation(uri: string, what: string, ctx: ArtifactContext, isRoot = false): Promise<ArtifactLocation> {
  const loc = parseArtifactLocation(uri);
  if (loc.kind === 'local' && !writableHere(loc.dir, !isRoot)) {
    throw new UserError(
      `${what} keeps its artifacts at ${loc.dir} on the server's filesystem, which this machine cannot write (${isRoot ? 'it is not' : 'neither it nor its parent is'} a writable directory here). ` +
        `MLflow's own client would write them to this machine's disk, where the server never sees them. ` +
        `Mount the server's artifact directory at that same path here, or ${PROXY_FIX}`,
    );
  }
  if (loc.kind === 's3') await checkS3Location(loc.bucket, loc.uri, what, ctx.env);
  if (loc.kind === 'proxy') {
    const client = proxyClient(loc, ctx);
    try {
      await client.listProxyArtifacts(loc.path);
    } catch (e) {
      if (e instanceof MlflowRestError && e.status === 503) {
        throw new UserError(`${what} keeps its artifacts at ${uri}, but the server at ${client.baseUrl} does not serve artifacts (it runs with --no-serve-artifacts); ${PROXY_FIX}`);
      }
      throw e;
    }
  }
  return loc;
}

/** Write one artifact file (`rel` is relative to the run's artifact root `artifactUri`). */
export async function putArtifact(artifactUri: string, rel: string, bytes: Uint8Array, ctx: ArtifactContext): Promise<void> {
  const loc = parseArtifactLocation(artifactUri);
  if (loc.kind === 'proxy') return proxyClient(loc, ctx).putArtifact(loc.path ? `${loc.path}/${rel}` : rel, bytes, contentTypeOf(rel));
  if (loc.kind === 'local') {
    // <experiment location>/<run>/artifacts: never create a server path on this machine's disk.
    const expDir = dirname(dirname(loc.dir));
    if (!writableHere(expDir)) throw new UserError(`the run's artifacts belong at ${loc.dir} on the MLflow server's filesystem, which this machine cannot write; mount it at that same path here, or ${PROXY_FIX}`);
    return writeFileAtomic(join(loc.dir, ...rel.split('/')), bytes);
  }
  return putS3Object(loc.bucket, loc.prefix ? `${loc.prefix}/${rel}` : rel, bytes, contentTypeOf(rel), ctx.env);
}
