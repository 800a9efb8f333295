// Test support: a server that answers only with recorded MLflow exchanges (mlflow-recordings.ts).
// A request is answered when it equals a not-yet-used recorded request of the pool (method, path,
// query parameters, JSON body or artifact bytes); anything else gets 418 and lands in
// `mismatches` with the nearest recorded request, so a test shows what the client sent wrongly.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replayHeaders, responseText, type Exchange } from './mlflow-recordings.ts';

export interface SentRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const sortedQuery = (q: string): [string, string][] => [...new URLSearchParams(q)].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));

/** Why `sent` is not the recorded request `e`, or undefined when it is. */
export function difference(e: Exchange, sent: SentRequest): string | undefined {
  if (e.method !== sent.method || e.path !== sent.path) return `${sent.method} ${sent.path} instead of ${e.method} ${e.path}`;
  if (!isDeepStrictEqual(sortedQuery(e.query), sent.query)) return `query ${JSON.stringify(sent.query)} instead of ${JSON.stringify(sortedQuery(e.query))}`;
  const b = e.request_body;
  if (!b) return sent.body.length ? `a body (${sent.body.length} bytes) where none was recorded` : undefined;
  if (b.kind === 'json') {
    if (sent.headers['content-type'] !== 'application/json') return `Content-Type ${sent.headers['content-type']} instead of application/json`;
    let got: unknown;
    try {
      got = JSON.parse(sent.body.toString('utf8'));
    } catch {
      return 'a body that is not JSON';
    }
    return isDeepStrictEqual(got, b.json) ? undefined : `body ${JSON.stringify(got)} instead of ${JSON.stringify(b.json)}`;
  }
  if (b.kind === 'bytes') {
    if (sent.body.length !== b.length) return `${sent.body.length} bytes instead of ${b.length}`;
    const first = Buffer.from(b.first_bytes_b64, 'base64');
    if (b.first_bytes_is_whole_body) return createHash('sha256').update(sent.body).digest('hex') === b.sha256 ? undefined : 'other bytes';
    return sent.body.subarray(0, first.length).equals(first) ? undefined : 'other first bytes';
  }
  return `a body where the recording has ${b.kind}`;
}

export class ReplayServer {
  readonly sent: SentRequest[] = [];
  readonly mismatches: string[] = [];
  private readonly used = new Set<Exchange>();
  private server: Server | undefined;
  url = '';

  constructor(private readonly pool: Exchange[]) {}

  /** Recorded exchanges of the pool that no request matched. */
  unused(): Exchange[] {
    return this.pool.filter((e) => !this.used.has(e));
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', 'http://x');
      const sent: SentRequest = { method: req.method ?? '', path: url.pathname, query: sortedQuery(url.search), headers: req.headers, body: Buffer.concat(chunks) };
      this.sent.push(sent);
      const hit = this.pool.find((e) => !this.used.has(e) && difference(e, sent) === undefined);
      if (!hit) {
        const near = this.pool.filter((e) => !this.used.has(e) && e.method === sent.method && e.path === sent.path);
        const why = near.length ? near.map((e) => `${e.file} #${e.seq}: ${difference(e, sent)}`).join('; ') : `no recorded ${sent.method} ${sent.path}`;
        this.mismatches.push(why);
        res.writeHead(418, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error_code: 'REPLAY_MISMATCH', message: why }));
        return;
      }
      this.used.add(hit);
      res.writeHead(hit.status, replayHeaders(hit));
      res.end(responseText(hit));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
