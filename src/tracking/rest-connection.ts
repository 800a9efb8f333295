// How edgelab talks to an MLflow tracking server, resolved the way MLflow's Python client does:
// - credentials in the URI (`https://user:pw@host`) are taken out of the URL and sent as Basic
//   auth (requests does this, and its URL credentials win over MLflow's own header);
// - else MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (Basic; both non-empty), else
//   MLFLOW_TRACKING_TOKEN (Bearer): this is the order of mlflow.utils.rest_utils.http_request;
// - MLFLOW_TRACKING_INSECURE_TLS (true/false/1/0) skips certificate verification;
//   MLFLOW_TRACKING_SERVER_CERT_PATH is the CA bundle to trust instead of the system's (requests'
//   `verify=path`); the two together are refused, as MLflow refuses them;
//   MLFLOW_TRACKING_CLIENT_CERT_PATH is one PEM file holding the client certificate and its
//   private key (requests' `cert=path`).
// Everything printed about the server uses `display`, the URL with its password masked.
import { readFileSync } from 'node:fs';
import type { Agent } from 'undici';
import { UsageError } from '../util/errors.ts';
import { maskUrl } from '../util/redact.ts';

export type AuthSource = 'url' | 'basic' | 'token' | 'none';

export interface TlsSettings {
  insecure: boolean;
  serverCertPath?: string;
  clientCertPath?: string;
}

export interface Connection {
  /** Base URL without credentials, without a trailing slash: what requests go to. */
  url: string;
  /** The URL as the user wrote it, password masked: what messages show. */
  display: string;
  authorization?: string;
  authSource: AuthSource;
  tls: TlsSettings;
  /** fetch with the TLS settings applied (the global fetch when there are none). */
  fetch: typeof fetch;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Authorization header from MLflow's variables (URL credentials are handled by the caller). */
export function authFromEnv(env: NodeJS.ProcessEnv): { header?: string; source: AuthSource } {
  const user = env.MLFLOW_TRACKING_USERNAME;
  const password = env.MLFLOW_TRACKING_PASSWORD;
  if (user && password) return { header: basic(user, password), source: 'basic' };
  if (env.MLFLOW_TRACKING_TOKEN) return { header: `Bearer ${env.MLFLOW_TRACKING_TOKEN}`, source: 'token' };
  return { source: 'none' };
}

/** MLflow's boolean variables accept true/false/1/0 in any case; anything else is a mistake. */
function envBool(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = env[name];
  if (v === undefined || v === '') return false;
  const l = v.trim().toLowerCase();
  if (l === 'true' || l === '1') return true;
  if (l === 'false' || l === '0') return false;
  throw new UsageError(`${name} must be true, false, 1 or 0 (as for MLflow's client), got '${v}'`);
}

export function tlsFromEnv(env: NodeJS.ProcessEnv): TlsSettings {
  const insecure = envBool(env, 'MLFLOW_TRACKING_INSECURE_TLS');
  const serverCertPath = env.MLFLOW_TRACKING_SERVER_CERT_PATH || undefined;
  const clientCertPath = env.MLFLOW_TRACKING_CLIENT_CERT_PATH || undefined;
  if (insecure && serverCertPath) {
    throw new UsageError(
      'MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set: set only one ' +
        '(skip certificate checks, or trust the CA bundle at the path), as MLflow requires',
    );
  }
  return { insecure, serverCertPath, clientCertPath };
}

/** MLFLOW_HTTP_REQUEST_MAX_RETRIES (MLflow's limit: 0 to 9), or undefined when unset. */
export function maxRetriesFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.MLFLOW_HTTP_REQUEST_MAX_RETRIES;
  if (v === undefined || v === '') return undefined;
  if (!/^\d$/.test(v.trim())) throw new UsageError(`MLFLOW_HTTP_REQUEST_MAX_RETRIES must be a whole number from 0 to 9, got '${v}'`);
  return Number(v.trim());
}

function readPem(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${variable}=${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** fetch over an undici Agent carrying the CA, client certificate and verification choice. */
function tlsFetch(tls: TlsSettings): typeof fetch {
  const connect: { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string } = { rejectUnauthorized: !tls.insecure };
  if (tls.serverCertPath) {
    const ca = readPem(tls.serverCertPath, 'MLFLOW_TRACKING_SERVER_CERT_PATH');
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UsageError(`MLFLOW_TRACKING_SERVER_CERT_PATH=${tls.serverCertPath}: no PEM certificate in the file (expected a CA bundle, '-----BEGIN CERTIFICATE-----')`);
    }
    connect.ca = ca;
  }
  if (tls.clientCertPath) {
    const pem = readPem(tls.clientCertPath, 'MLFLOW_TRACKING_CLIENT_CERT_PATH');
    if (!pem.includes('-----BEGIN CERTIFICATE-----') || !/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) {
      throw new UsageError(
        `MLFLOW_TRACKING_CLIENT_CERT_PATH=${tls.clientCertPath}: expected one PEM file holding the client certificate and its unencrypted private key ` +
          "(as MLflow's client reads it); concatenate them: cat client.crt client.key > client.pem",
      );
    }
    // OpenSSL picks the certificate blocks for `cert` and the key block for `key` from one file.
    connect.cert = pem;
    connect.key = pem;
  }
  // undici is loaded only here: most runs never need it, and it is slow to import. Its own fetch
  // goes with its Agent (Node's bundled fetch may be another undici version).
  let ready: Promise<{ agent: Agent; fetch: typeof import('undici').fetch }> | undefined;
  return (async (input: string, init?: RequestInit) => {
    ready ??= import('undici').then((u) => ({ agent: new u.Agent({ connect }), fetch: u.fetch }));
    const { agent, fetch: undiciFetch } = await ready;
    return undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
  }) as unknown as typeof fetch;
}

/**
 * Resolve a tracking server URL and MLflow's variables into a connection. A URL that cannot be
 * parsed is a usage error naming the masked URL; the password never appears in a message.
 */
export function resolveConnection(baseUrl: string, env: NodeJS.ProcessEnv, fetchFn?: typeof fetch): Connection {
  const display = maskUrl(baseUrl.replace(/\/+$/, ''));
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new UsageError(`malformed tracking URI '${display}': check MLFLOW_TRACKING_URI (or --to); expected http(s)://host[:port][/path]`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`tracking URI '${display}' is not http(s)://: check MLFLOW_TRACKING_URI (or --to)`);
  }
  let authorization: string | undefined;
  let authSource: AuthSource;
  if (u.username || u.password) {
    authorization = basic(decode(u.username), decode(u.password));
    authSource = 'url';
    u.username = '';
    u.password = '';
  } else {
    const a = authFromEnv(env);
    authorization = a.header;
    authSource = a.source;
  }
  const tls = tlsFromEnv(env);
  const needsAgent = u.protocol === 'https:' && (tls.insecure || tls.serverCertPath !== undefined || tls.clientCertPath !== undefined);
  return {
    url: u.toString().replace(/\/+$/, ''),
    display,
    authorization,
    authSource,
    tls,
    fetch: fetchFn ?? (needsAgent ? tlsFetch(tls) : fetch),
  };
}

/** What to check when the server refuses the credentials (never the credentials themselves). */
export function authHint(status: 401 | 403, source: AuthSource): string {
  const sent = {
    url: 'Basic auth from the user:password in the tracking URI',
    basic: 'Basic auth from MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD',
    token: 'a Bearer token from MLFLOW_TRACKING_TOKEN',
    none: 'no credentials',
  }[source];
  if (status === 401) {
    return source === 'none'
      ? 'the server wants credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, or put user:password in the tracking URI'
      : `the server refused the credentials (sent ${sent}): check them`;
  }
  return `the server denied access (sent ${sent}): check the credentials and that this user may use this experiment or model`;
}

// Certificate problems retrying cannot fix (OpenSSL's verification codes, Node's TLS errors).
const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_\w+|CERT_\w+|ERR_TLS_\w+|ERR_SSL_\w+|HOSTNAME_MISMATCH|INVALID_CA|ERR_OSSL_\w+)$/;

export interface NetworkFailure {
  /** Worth another attempt (refused, reset, timed out, DNS hiccup). */
  retry: boolean;
  /** The code or message of the underlying error, for the message. */
  cause: string;
  hint?: string;
}

/**
 * Sort a fetch failure: transient network trouble is retried; bad URLs and certificates are not.
 * `tls` says whether the URL is https and a client certificate is configured.
 */
export function classifyNetworkError(err: unknown, tls: { https: boolean; clientCert: boolean } = { https: false, clientCert: false }): NetworkFailure {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const code = e?.cause?.code;
  const cause = code ?? e?.cause?.message ?? '';
  if (code && TLS_CODES.test(code)) {
    return {
      retry: false,
      cause,
      hint:
        'the TLS connection failed: check the server certificate (MLFLOW_TRACKING_SERVER_CERT_PATH for a private CA, ' +
        'MLFLOW_TRACKING_INSECURE_TLS=true to skip the check) and, if the server wants one, the client certificate (MLFLOW_TRACKING_CLIENT_CERT_PATH)',
    };
  }
  if (code === 'ENOTFOUND') return { retry: false, cause, hint: 'no such host: check the host name in the tracking URI' };
  // fetch refuses some requests before touching the network: a URL it cannot use (a TypeError
  // without a cause) or one of the Fetch standard's blocked ports (cause 'bad port', no code).
  // No attempt reached the network, so none will succeed.
  if (!e?.cause && e instanceof TypeError) return { retry: false, cause: '', hint: 'check the tracking URI' };
  if (cause === 'bad port') return { retry: false, cause, hint: 'fetch never connects to this port (a blocked port of the Fetch standard): check the port in the tracking URI' };
  if (!code && e instanceof TypeError && e.cause) return { retry: false, cause, hint: 'fetch refused the request: check the tracking URI' };
  // A TLS 1.3 server that wants a client certificate accepts the handshake and then closes the
  // connection: the client sees only a closed socket, the same as a dropped connection (retried).
  if (tls.https && !tls.clientCert && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')) {
    return { retry: true, cause, hint: 'if the server wants a client certificate, set MLFLOW_TRACKING_CLIENT_CERT_PATH' };
  }
  return { retry: true, cause };
}
