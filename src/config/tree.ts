// Plain-data operations on a configuration tree (nested objects; arrays are values, never merged)
// and on its origins: for every leaf, the label of the file or command line that set it.
import { UsageError } from '../util/errors.ts';

export type Tree = Record<string, unknown>;
/** Dotted key path → where its value came from (`conf/model/ridge.yaml`, `command line`, ...). */
export type Origins = Record<string, string>;

export function isPlainObject(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export function joinPath(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

export function getPath(tree: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let cur: unknown = tree;
  for (const k of path) {
    if (Array.isArray(cur) && /^\d+$/.test(k) && Number(k) < cur.length) {
      cur = cur[Number(k)];
      continue;
    }
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false, value: undefined };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

/**
 * Set `value` at `path`, creating missing parents. Returns the dotted path of a parent that holds
 * a non-object value (the caller reports it) instead of overwriting it.
 */
export function setPath(tree: Tree, path: readonly string[], value: unknown): string | undefined {
  let cur: Tree = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (!Object.prototype.hasOwnProperty.call(cur, k) || cur[k] === null) cur[k] = {};
    const next = cur[k];
    if (!isPlainObject(next)) return joinPath(path.slice(0, i + 1));
    cur = next;
  }
  cur[path[path.length - 1]!] = value;
  return undefined;
}

/** Forget the origins of `prefix` and everything below it. */
export function dropOrigins(origins: Origins, prefix: string): void {
  for (const k of Object.keys(origins)) {
    if (prefix === '' || k === prefix || k.startsWith(prefix + '.')) delete origins[k];
  }
}

/** Record `origin` for every leaf of `value` placed at `prefix`. */
export function markOrigins(origins: Origins, prefix: string, value: unknown, origin: string): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) markOrigins(origins, prefix === '' ? k : `${prefix}.${k}`, v, origin);
  } else if (prefix !== '') {
    origins[prefix] = origin;
  }
}

/** Deep copy of plain data (YAML output: objects, arrays, scalars). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlainObject(v)) {
    const out: Tree = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/**
 * Merge `source` into `target` at `path` (Hydra/OmegaConf semantics): objects merge key by key,
 * anything else (scalars, arrays, null) replaces. Origins follow the values.
 */
export function mergeAt(target: Tree, path: readonly string[], source: unknown, origin: string, origins: Origins): void {
  const prefix = joinPath(path);
  if (path.length === 0) {
    if (!isPlainObject(source)) throw new UsageError(`${origin} must hold a mapping of keys`);
    for (const [k, v] of Object.entries(source)) mergeAt(target, [k], v, origin, origins);
    return;
  }
  const existing = getPath(target, path);
  if (isPlainObject(source) && existing.found && isPlainObject(existing.value)) {
    for (const [k, v] of Object.entries(source)) mergeAt(target, [...path, k], v, origin, origins);
    if (Object.keys(source).length === 0 && Object.keys(existing.value).length === 0) origins[prefix] = origin;
    return;
  }
  dropOrigins(origins, prefix);
  const bad = setPath(target, path, clone(source));
  if (bad !== undefined) {
    throw new UsageError(`cannot place the keys of ${origin} at ${prefix}: ${bad} holds a value (from ${originOf(origins, bad)}), not a mapping`);
  }
  markOrigins(origins, prefix, source, origin);
}

/** Where the value at `path` came from: its own origin, else a parent's, else a child's. */
export function originOf(origins: Origins, path: string): string | undefined {
  if (origins[path] !== undefined) return origins[path];
  let p = path;
  while (p.includes('.')) {
    p = p.slice(0, p.lastIndexOf('.'));
    if (origins[p] !== undefined) return origins[p];
  }
  const child = Object.keys(origins).find((k) => path === '' || k.startsWith(path + '.'));
  return child === undefined ? undefined : origins[child];
}

/** Every key path of a tree (inner and leaf), for "did you mean" suggestions. */
export function allPaths(tree: unknown, prefix = ''): string[] {
  if (!isPlainObject(tree)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    out.push(p, ...allPaths(v, p));
  }
  return out;
}
