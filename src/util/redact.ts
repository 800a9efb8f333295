// Keeping credentials out of what edgelab prints or writes: URLs are shown with their password
// masked (`http://user:***@host`), and the values of the credential variables edgelab and the
// libraries it drives read (CFBD key, MLflow token/password, S3 secret) are replaced by `***`
// wherever they would appear in a message. The CLI passes every error message through
// `redact` as a last line of defence; the code that builds messages masks URLs itself.

export const MASK = '***';

/** Environment variables that hold credentials edgelab uses (directly or through a library). */
export const SECRET_ENV_VARS = [
  'CFBD_API_KEY',
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_USERNAME',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/** A name that reads like a credential: …KEY, …TOKEN, …SECRET…, …PASSWORD, …CREDENTIALS. */
export function isSecretEnvName(name: string): boolean {
  if ((SECRET_ENV_VARS as readonly string[]).includes(name)) return true;
  return /(^|_)(API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET\w*|TOKEN|PASSWORD|PASSWD|PWD|CREDENTIALS?)($|_)/i.test(name) || /(^|_)KEY$/i.test(name);
}

/**
 * The values to hide: those of the known credential variables, plus the password of an
 * MLFLOW_TRACKING_URI with credentials. The user name is not among them: edgelab never prints it,
 * but it is no secret on its own and is often part of paths (/home/<user>). Values shorter than 4
 * characters are left out (hiding every "1" or "ab" would garble output and protects nothing).
 */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const out = new Set<string>();
  for (const name of SECRET_ENV_VARS) {
    if (name === 'MLFLOW_TRACKING_USERNAME') continue;
    const v = env[name];
    if (v && v.length >= 4) out.add(v);
  }
  const uri = env.MLFLOW_TRACKING_URI;
  if (uri) {
    const pw = urlPassword(uri);
    if (pw && pw.length >= 4) {
      out.add(pw);
      // The encoded spelling may appear too (a URL printed as written).
      out.add(encodeURIComponent(pw));
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function urlPassword(uri: string): string | undefined {
  const u = userinfoOf(uri);
  if (!u || u.colon < 0) return undefined;
  const pw = u.info.slice(u.colon + 1);
  try {
    return decodeURIComponent(pw);
  } catch {
    return pw;
  }
}

/**
 * Where the userinfo of a URL as written lies, even in one too malformed to parse: between
 * `scheme://` and the last `@` before any `?` or `#` (a password may hold an unencoded `/`, so
 * the path cannot be told apart; a tracking URL has no `@` in its path).
 */
function userinfoOf(raw: string): { start: number; at: number; info: string; colon: number } | undefined {
  const s = raw.indexOf('://');
  if (s < 0) return undefined;
  const start = s + 3;
  let end = raw.slice(start).search(/[?#\s]/);
  end = end < 0 ? raw.length : start + end;
  const at = raw.lastIndexOf('@', end - 1);
  if (at < start) return undefined;
  const info = raw.slice(start, at);
  return { start, at, info, colon: info.indexOf(':') };
}

// scheme://userinfo@ where userinfo has no whitespace, slash or @. The password part (after the
// first colon) is masked; a userinfo without a colon is a token-like user name and masked whole.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*)(:[^\s/?#@]*)?@/gi;

/**
 * Mask the credentials of one URL: the part of the userinfo after its first colon (or all of it
 * when there is no colon) becomes `***`:
 * `http://user:pw@host/x` → `http://user:***@host/x`; `https://tok@host` → `https://***@host`.
 */
export function maskUrl(raw: string): string {
  const u = userinfoOf(raw);
  if (!u) return raw;
  const masked = u.colon < 0 ? MASK : `${u.info.slice(0, u.colon)}:${MASK}`;
  return raw.slice(0, u.start) + masked + raw.slice(u.at);
}

/** Mask the credentials of every URL inside a text. */
export function maskUrlsIn(text: string): string {
  return text.replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) =>
    pass === undefined ? `${scheme}${user ? MASK : ''}@` : `${scheme}${user}:${MASK}@`,
  );
}

/** Mask URL credentials and every known secret value in `text`. */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = maskUrlsIn(text);
  // Repeated until gone: a replacement can complete a new occurrence (secrets made of `*`); each
  // pass shortens the text (a secret has ≥ 4 characters, the mask 3), so this ends.
  for (const s of secretValues(env)) while (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}
