// Content fingerprints: sha256 of a canonical JSON form (object keys sorted), so the same
// content always gives the same id regardless of key order.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short stable id of any JSON-able value (first 12 hex digits of its canonical sha256). */
export function fingerprint(value: unknown, length = 12): string {
  return sha256(canonicalJson(value)).slice(0, length);
}
