// A small client for MLflow's REST API 2.0 on Node's fetch: auth and TLS as MLflow's client
// resolves them (rest-connection.ts), bounded retries with exponential backoff on the statuses
// MLflow retries and on transient network errors, and errors that name the endpoint plus MLflow's
// error_code and message, and say what to check, never printing a credential. (The npm `mlflow`
// package is 1.x-era.)
import { UserError } from '../util/errors.ts';
import { maskUrlsIn } from '../util/redact.ts';
import { authFromEnv, authHint, classifyNetworkError, maxRetriesFromEnv, resolveConnection, type AuthSource } from './rest-connection.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface RestClientOptions {
  /** Server URL, e.g. http://localhost:5000 (a trailing slash, path prefix or user:password@ is fine). */
  baseUrl: string;
  /** Where MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD and the TLS variables come from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Replaces the transport (tests); the TLS variables then do not apply. */
  fetch?: typeof fetch;
  /** Injectable so tests retry instantly. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts after the first (default MLFLOW_HTTP_REQUEST_MAX_RETRIES, else 5). */
  maxRetries?: number;
  /** First backoff (default 500 ms), doubled per retry, capped at maxBackoffMs (default 10 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class MlflowRestError extends UserError {
  constructor(
    readonly method: string,
    readonly endpoint: string,
    readonly status: number,
    readonly errorCode: string,
    readonly mlflowMessage: string,
    readonly hint?: string,
  ) {
    super(
      (status === 0
        ? `MLflow ${method} ${endpoint} failed: ${mlflowMessage}`
        : `MLflow ${method} ${endpoint} failed: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${mlflowMessage ? `: ${mlflowMessage}` : ''}`) +
        (hint ? `; ${hint}` : ''),
    );
    this.name = 'MlflowRestError';
  }
}

/**
 * HTTP statuses worth another attempt: MLflow's transient failures (408, 429, 500, 502, 503,
 * 504). 400/401/403/404 and the rest are final: the same request would get the same answer.
 */
export function retryable(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Authorization header from MLflow's variables (basic auth from username + password, else the token). */
export function authHeader(env: NodeJS.ProcessEnv): string | undefined {
  return authFromEnv(env).header;
}

/** Query string for GET/DELETE: arrays repeat the key, as MLflow's server expects. */
export function toQuery(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** MLflow's JSON for a double: numbers, or the strings "NaN", "Infinity", "-Infinity". */
export function encodeDouble(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

export function decodeDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

export class MlflowRestClient {
  /** The server URL without credentials. */
  readonly baseUrl: string;
  /** The server URL as given, password masked: the only form that goes into messages. */
  readonly display: string;
  private readonly authorization: string | undefined;
  private readonly authSource: AuthSource;
  private readonly tlsContext: { https: boolean; clientCert: boolean };
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(opts: RestClientOptions) {
    const conn = resolveConnection(opts.baseUrl, opts.env ?? process.env, opts.fetch);
    this.baseUrl = conn.url;
    this.display = conn.display;
    this.authorization = conn.authorization;
    this.authSource = conn.authSource;
    this.tlsContext = { https: conn.url.startsWith('https:'), clientCert: conn.tls.clientCertPath !== undefined };
    this.fetchFn = conn.fetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxRetries = opts.maxRetries ?? maxRetriesFromEnv(opts.env ?? process.env) ?? 5;
    this.backoffMs = opts.backoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { 'User-Agent': 'edgelab', ...extra };
    if (this.authorization) h.Authorization = this.authorization;
    return h;
  }

  /** One HTTP exchange with retries; returns the final response (2xx or a non-retryable error). */
  private async send(method: HttpMethod, path: string, body: BodyInit | undefined, contentType?: string): Promise<Response> {
    const url = this.baseUrl + path;
    const headers = this.headers(contentType ? { 'Content-Type': contentType } : {});
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      let netErr: Error | undefined;
      try {
        res = await this.fetchFn(url, { method, headers, body });
      } catch (e) {
        netErr = e as Error;
      }
      if (res && !retryable(res.status)) return res;
      const failure = netErr ? classifyNetworkError(netErr, this.tlsContext) : undefined;
      if (attempt >= this.maxRetries || (failure && !failure.retry)) {
        if (res) return res;
        const why = maskUrlsIn(`${netErr?.message ?? 'request failed'}${failure?.cause ? ` (${failure.cause})` : ''}`);
        const tries = attempt === 0 ? '' : `, after ${attempt + 1} attempts`;
        throw new MlflowRestError(method, path.split('?')[0]!, 0, 'NETWORK_ERROR', `cannot reach ${this.display}: ${why}${tries}`, failure?.hint);
      }
      let delay = Math.min(this.backoffMs * 2 ** attempt, this.maxBackoffMs);
      const retryAfter = Number(res?.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) delay = Math.min(Math.max(delay, retryAfter * 1000), this.maxBackoffMs);
      await res?.body?.cancel().catch(() => undefined);
      await this.sleep(delay);
    }
  }

  private async fail(method: HttpMethod, endpoint: string, res: Response): Promise<never> {
    const text = await res.text().catch(() => '');
    let code = '';
    let message = text.slice(0, 500);
    try {
      const j = JSON.parse(text) as { error_code?: string; message?: string };
      code = j.error_code ?? '';
      message = j.message ?? message;
    } catch {
      // not JSON (a proxy's HTML page): keep the start of the text
    }
    throw new MlflowRestError(method, endpoint, res.status, code, maskUrlsIn(message), this.hintFor(res.status, code));
  }

  /** What to check for a final error; none for errors about the data sent (400, a missing run). */
  private hintFor(status: number, code: string): string | undefined {
    if (status === 401 || status === 403) return authHint(status, this.authSource);
    // MLflow answers a missing run or model with RESOURCE_DOES_NOT_EXIST; a bare 404 (MLflow's
    // own text page, a proxy's) or ENDPOINT_NOT_FOUND means the URL does not lead to the API.
    if (status === 404 && (!code || code === 'ENDPOINT_NOT_FOUND')) return `no MLflow REST API at ${this.display}: check the tracking URI (host, port and any path prefix)`;
    return undefined;
  }

  /** Call `/api/2.0/mlflow/<endpoint>`: GET sends `params` as a query, others as JSON. */
  async call<T = Record<string, unknown>>(method: HttpMethod, endpoint: string, params: Record<string, unknown> = {}): Promise<T> {
    const path = `/api/2.0/mlflow/${endpoint}`;
    // Only GET takes a query: MLflow's server reads DELETE's arguments (registered-models/alias)
    // from a JSON body, as its own client sends them.
    const res =
      method === 'GET'
        ? await this.send(method, path + toQuery(params), undefined)
        : await this.send(method, path, JSON.stringify(params), 'application/json');
    if (!res.ok) return this.fail(method, path, res);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Upload bytes through the artifact proxy: PUT /api/2.0/mlflow-artifacts/artifacts/<path>. */
  async putArtifact(artifactPath: string, data: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    const encoded = artifactPath.split('/').map(encodeURIComponent).join('/');
    const path = `/api/2.0/mlflow-artifacts/artifacts/${encoded}`;
    const res = await this.send('PUT', path, data as unknown as BodyInit, contentType);
    if (!res.ok) return this.fail('PUT', path, res);
    await res.body?.cancel().catch(() => undefined);
  }

  /** List a folder through the artifact proxy (GET /api/2.0/mlflow-artifacts/artifacts?path=…). */
  async listProxyArtifacts(artifactPath: string): Promise<{ path: string; is_dir?: boolean; file_size?: number }[]> {
    const path = `/api/2.0/mlflow-artifacts/artifacts${toQuery({ path: artifactPath })}`;
    const res = await this.send('GET', path, undefined);
    if (!res.ok) return this.fail('GET', path.split('?')[0]!, res);
    const text = await res.text();
    return ((text ? JSON.parse(text) : {}) as { files?: { path: string }[] }).files ?? [];
  }
}
