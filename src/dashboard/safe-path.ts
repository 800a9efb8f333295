// Map a URL path onto a file inside the artifacts tree, or refuse. The dashboard serves files
// only from inside the tree: no `..`, no absolute paths, no encoded separators or dots, and no
// symlink whose target leaves the tree (links inside it, like champion_current, are fine).
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * `raw` is the path after the route prefix, exactly as it arrived (still percent-encoded).
 * Checks are made on the raw text first, so that an encoded `..` or `/` cannot survive decoding.
 */
export function resolveInTree(root: string, raw: string): Resolved {
  if (raw === '' || raw.startsWith('/') || raw.includes('\\') || raw.includes('\0'))
    return { ok: false, status: 400, reason: 'absolute or malformed path' };
  // Encoded dots, slashes, backslashes and NULs have no business in a tree path: refuse them
  // before decoding rather than reason about what they decode to.
  if (/%(2e|2f|5c|00)/i.test(raw)) return { ok: false, status: 400, reason: 'encoded path characters' };
  let segments: string[];
  try {
    segments = raw.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0') || /^[A-Za-z]:$/.test(s))
      return { ok: false, status: 400, reason: 'path segment not allowed' };
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, status: 404, reason: 'no artifacts tree' };
  }
  let real: string;
  try {
    real = realpathSync(join(realRoot, ...segments));
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!real.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'outside the artifacts tree' };
  try {
    if (!statSync(real).isFile()) return { ok: false, status: 404, reason: 'not a file' };
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  return { ok: true, file: real };
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
  // Text formats are shown in the browser rather than downloaded.
  csv: 'text/plain; charset=utf-8',
  yaml: 'text/plain; charset=utf-8',
  yml: 'text/plain; charset=utf-8',
  md: 'text/plain; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
