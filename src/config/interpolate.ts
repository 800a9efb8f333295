// Interpolation: `${other.key}` (the value of another key; alone in a string it keeps its type)
// and `${env:NAME,default}` (also spelled `${oc.env:...}`; alone in a string the text is typed
// like a command-line value, so `seed: ${env:SEED,42}` is a number). `\${` is a literal `${`.
import { UsageError, suggest } from '../util/errors.ts';
import { allPaths, getPath, isPlainObject, originOf, type Origins, type Tree } from './tree.ts';
import { parseValue } from './values.ts';
import { refuseSecretVariable } from './secret-guard.ts';

type Part = { lit: string } | { expr: string };

function split(s: string, where: () => string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('\\${', i)) {
      lit += '${';
      i += 3;
    } else if (s.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      while (j < s.length && depth > 0) {
        if (s.startsWith('${', j)) {
          depth++;
          j += 2;
          continue;
        }
        if (s[j] === '}') depth--;
        j++;
      }
      if (depth > 0) throw new UsageError(`unterminated interpolation in ${where()}: '${s}'`);
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ expr: s.slice(i + 2, j - 1) });
      i = j;
    } else {
      lit += s[i++];
    }
  }
  if (lit) parts.push({ lit });
  return parts;
}

/** Split `NAME,default` at the first comma outside a nested `${...}`. */
function splitEnv(body: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith('${', i)) depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) return [body.slice(0, i).trim(), body.slice(i + 1).trim()];
  }
  return [body.trim(), undefined];
}

/** Resolve every interpolation of `tree`; errors name the key and where its value came from. */
export function interpolate(tree: Tree, origins: Origins, env: NodeJS.ProcessEnv = process.env): Tree {
  const memo = new Map<string, unknown>();
  const active: string[] = [];
  const describe = (path: string) => {
    const o = originOf(origins, path);
    return `${path}${o ? ` from ${o}` : ''}`;
  };

  function resolveKey(ref: string, from: string): unknown {
    if (memo.has(ref)) return memo.get(ref);
    if (active.includes(ref)) {
      throw new UsageError(`interpolation cycle: ${[...active.slice(active.indexOf(ref)), ref].join(' -> ')}`);
    }
    const got = getPath(tree, ref.split('.'));
    if (!got.found) {
      const guess = suggest(ref, allPaths(tree));
      throw new UsageError(`interpolation \${${ref}} in ${describe(from)}: no key ${ref}${guess ? `; did you mean ${guess}?` : ''}`);
    }
    active.push(ref);
    const v = resolveNode(got.value, ref);
    active.pop();
    memo.set(ref, v);
    return v;
  }

  function evalExpr(expr: string, at: string): { value: unknown; typed: boolean } {
    const e = /^(?:oc\.)?env:(.*)$/s.exec(expr);
    if (e) {
      const [name, dflt] = splitEnv(e[1]!);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`bad environment variable name '${name}' in ${describe(at)}`);
      refuseSecretVariable(name, describe(at));
      const v = env[name];
      if (v !== undefined) return { value: v, typed: true };
      if (dflt === undefined) {
        throw new UsageError(`environment variable ${name} is not set (needed by ${describe(at)}); set it or give a default: \${env:${name},VALUE}`);
      }
      return { value: resolveString(dflt, at), typed: true };
    }
    const ref = expr.trim();
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(ref)) {
      throw new UsageError(`bad interpolation \${${expr}} in ${describe(at)}: write \${key.path} or \${env:NAME,default}`);
    }
    return { value: resolveKey(ref, at), typed: false };
  }

  function resolveString(s: string, at: string): unknown {
    if (!s.includes('${')) return s;
    const parts = split(s, () => describe(at));
    if (parts.length === 1 && 'expr' in parts[0]!) {
      const { value, typed } = evalExpr(parts[0].expr, at);
      return typed && typeof value === 'string' ? parseValue(value) : value;
    }
    let out = '';
    for (const p of parts) {
      if ('lit' in p) {
        out += p.lit;
        continue;
      }
      const { value } = evalExpr(p.expr, at);
      if (typeof value === 'object' && value !== null) {
        throw new UsageError(`interpolation \${${p.expr}} in ${describe(at)} is a ${Array.isArray(value) ? 'list' : 'mapping'}; only a whole value can refer to one`);
      }
      out += String(value);
    }
    return out;
  }

  function resolveNode(v: unknown, at: string): unknown {
    if (typeof v === 'string') return resolveString(v, at);
    if (Array.isArray(v)) return v.map((x, i) => resolveNode(x, `${at}.${i}`));
    if (isPlainObject(v)) {
      const out: Tree = {};
      // Top-level keys go through resolveKey so that they are memoised and cycles are caught.
      for (const [k, x] of Object.entries(v)) out[k] = at === '' ? resolveKey(k, k) : resolveNode(x, `${at}.${k}`);
      return out;
    }
    return v;
  }

  return resolveNode(tree, '') as Tree;
}
