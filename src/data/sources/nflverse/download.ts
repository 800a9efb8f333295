// Downloads of nflverse's published release files with a local cache and HTTP revalidation:
// each file is kept under data/raw/nflverse/ with a sidecar (<file>.meta.json) holding the
// server's ETag and Last-Modified; a re-run sends If-None-Match / If-Modified-Since and a 304
// downloads nothing. Files are written atomically (temporary file, then rename).
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { UserError } from '../../../util/errors.ts';
import { writeFileAtomic } from '../../../artifacts/atomic.ts';

/** nflverse's release downloads (github.com/nflverse/nflverse-data/releases). */
export const NFLVERSE_BASE_URL = 'https://github.com/nflverse/nflverse-data/releases/download';

export type PbpFileFormat = 'parquet' | 'csv.gz' | 'csv';

/** Release tag and file name of each dataset edgelab reads. */
export const nflverseFiles = {
  schedules: () => 'schedules/games.csv',
  pbp: (season: number, format: PbpFileFormat) => `pbp/play_by_play_${season}.${format}`,
};

interface Meta {
  url: string;
  etag: string | null;
  last_modified: string | null;
  bytes: number;
  fetched_at: string;
}

export interface FetchOutcome {
  url: string;
  file: string;
  /** downloaded: new bytes; not-modified: the server confirmed the cached copy (304). */
  status: 'downloaded' | 'not-modified';
  bytes: number;
}

const metaPath = (file: string) => `${file}.meta.json`;

function readMeta(file: string): Meta | undefined {
  if (!existsSync(file) || !existsSync(metaPath(file))) return undefined;
  try {
    return JSON.parse(readFileSync(metaPath(file), 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

/** Fetch `url` into `file` unless the cached copy is still current. */
export async function fetchCached(
  url: string,
  file: string,
  opts: { refresh?: boolean; onBytes?: (done: number, total: number | null) => void; fetchImpl?: typeof fetch } = {},
): Promise<FetchOutcome> {
  const meta = opts.refresh ? undefined : readMeta(file);
  const headers: Record<string, string> = { 'user-agent': 'edgelab (nflverse pull)' };
  if (meta?.url === url) {
    if (meta.etag) headers['if-none-match'] = meta.etag;
    if (meta.last_modified) headers['if-modified-since'] = meta.last_modified;
  }
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, { headers, redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message} (network? set data.nflverse_base_url or --base-url for a mirror)`);
  }
  if (res.status === 304 && meta) return { url, file, status: 'not-modified', bytes: statSync(file).size };
  if (res.status === 404) throw new UserError(`${url}: 404 not found (is that season published yet? nflverse adds a season's files when it starts)`);
  if (!res.ok || !res.body) throw new UserError(`${url}: HTTP ${res.status} ${res.statusText}; nothing was changed (try again later)`);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.part-${process.pid}`;
  const total = Number(res.headers.get('content-length')) || null;
  let done = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      opts.onBytes?.(done, total);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), count, createWriteStream(tmp));
    if (total !== null && done !== total) throw new Error(`received ${done} of ${total} bytes`);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(`${url}: download failed: ${(e as Error).message}; nothing was changed`);
  }
  const m: Meta = { url, etag: res.headers.get('etag'), last_modified: res.headers.get('last-modified'), bytes: done, fetched_at: new Date().toISOString() };
  writeFileAtomic(metaPath(file), JSON.stringify(m, null, 2) + '\n');
  return { url, file, status: 'downloaded', bytes: done };
}
