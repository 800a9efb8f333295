// Test support: the real MLflow 3.10 exchanges in ../shared/fixtures/mlflow/rest-3.10 (format in
// its README), loaded once. The mock server and the wire-level suite take every status, header
// and body from here, so neither can drift into what we think MLflow does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFixture } from '../shared-fixtures.ts';

export const RECORDINGS_DIR = 'mlflow/rest-3.10';

export type RecordedBody =
  | { kind: 'json'; json: any }
  | { kind: 'json-nonstandard'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; length: number; sha256: string; first_bytes_b64: string; first_bytes_is_whole_body: boolean };

export interface Exchange {
  file: string;
  seq: number;
  call: string;
  method: string;
  path: string;
  query: string;
  query_params: Record<string, string[]>;
  request_headers: Record<string, string>;
  request_body: RecordedBody | null;
  status: number;
  reason: string;
  response_headers: Record<string, string>;
  response_body: RecordedBody | null;
}

export const RECORDING_FILES = [
  '01-experiments', '02-runs', '03-artifacts-proxied', '04a-artifact-location', '04b-no-serve-artifacts',
  '05-model-registry', '06-errors', '06b-errors-no-truncation', '07-ajax-api',
] as const;
export type RecordingFile = (typeof RECORDING_FILES)[number];

const cache = new Map<string, Exchange[]>();

export function recordingsAvailable(): boolean {
  return sharedFixture(RECORDINGS_DIR) !== undefined;
}

export function recording(file: RecordingFile): Exchange[] {
  let list = cache.get(file);
  if (!list) {
    const dir = sharedFixture(RECORDINGS_DIR);
    if (!dir) throw new Error(`shared fixture ${RECORDINGS_DIR} not found`);
    list = (JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as Omit<Exchange, 'file'>[]).map((e) => ({ ...e, file }));
    cache.set(file, list);
  }
  return list;
}

export function exchange(file: RecordingFile, seq: number): Exchange {
  const e = recording(file).find((x) => x.seq === seq);
  if (!e) throw new Error(`no exchange ${file} #${seq}`);
  return e;
}

/** The recorded JSON response body of an exchange. */
export function responseJson(file: RecordingFile, seq: number): any {
  const b = exchange(file, seq).response_body;
  if (b?.kind !== 'json') throw new Error(`${file} #${seq} has no JSON response`);
  return b.json;
}

/** The recorded JSON request body of an exchange. */
export function requestJson(file: RecordingFile, seq: number): any {
  const b = exchange(file, seq).request_body;
  if (b?.kind !== 'json') throw new Error(`${file} #${seq} has no JSON request`);
  return b.json;
}

/** Response headers to send again: the recorded ones minus those the HTTP layer computes. */
export function replayHeaders(e: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.response_headers)) {
    if (!/^(content-length|transfer-encoding|connection)$/i.test(k)) out[k] = v;
  }
  return out;
}

/** The exact bytes of a recorded response body (bytes bodies only when stored whole). */
export function responseText(e: Exchange): string {
  const b = e.response_body;
  if (!b) return '';
  if (b.kind === 'json') return JSON.stringify(b.json);
  if (b.kind === 'bytes') return Buffer.from(b.first_bytes_b64, 'base64').toString('latin1');
  return b.text;
}

/**
 * A recorded error, re-addressed: `template` replaces the recorded identifiers (run ids, names)
 * with the ones of the request being answered.
 */
export function recordedError(file: RecordingFile, seq: number, replace: Record<string, string> = {}): { status: number; body: { error_code: string; message: string } } {
  const e = exchange(file, seq);
  const body = responseJson(file, seq) as { error_code: string; message: string };
  let message = body.message;
  for (const [from, to] of Object.entries(replace)) message = message.split(from).join(to);
  return { status: e.status, body: { error_code: body.error_code, message } };
}
