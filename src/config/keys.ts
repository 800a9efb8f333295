// The keys the schema knows, collected from the zod shapes (through defaults, nullables and
// discriminated unions), and the "unknown key ...; did you mean ...?" message built from them.
import type { z } from 'zod';
import { suggest } from '../util/errors.ts';
import { allPaths, getPath } from './tree.ts';

export interface KnownKey {
  path: string;
  /** For keys of one branch of a discriminated union: the discriminator that selects it. */
  variant?: { at: string; key: string; value: string };
  /** `a.b.*`: any key below a record. */
  wildcard?: boolean;
}

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  left?: { _zod: { def: Def } };
  right?: { _zod: { def: Def } };
  getter?: () => { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  discriminator?: string;
  values?: unknown[];
}

export function knownKeys(schema: z.ZodType): KnownKey[] {
  const out: KnownKey[] = [];
  walk((schema as unknown as { _zod: { def: Def } })._zod.def, '', undefined, out);
  return out;
}

function walk(def: Def, prefix: string, variant: KnownKey['variant'], out: KnownKey[]): void {
  const at = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
  switch (def.type) {
    case 'object':
      for (const [k, s] of Object.entries(def.shape ?? {})) {
        out.push({ path: at(k), ...(variant ? { variant } : {}) });
        walk(s._zod.def, at(k), variant, out);
      }
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      if (def.innerType) walk(def.innerType._zod.def, prefix, variant, out);
      return;
    case 'pipe':
      if (def.in) walk(def.in._zod.def, prefix, variant, out);
      return;
    case 'union':
      for (const o of def.options ?? []) {
        const disc = def.discriminator;
        const lit = disc ? o._zod.def.shape?.[disc]?._zod.def.values?.[0] : undefined;
        walk(o._zod.def, prefix, disc && lit !== undefined ? { at: prefix, key: disc, value: String(lit) } : variant, out);
      }
      return;
    case 'intersection':
      if (def.left) walk(def.left._zod.def, prefix, variant, out);
      if (def.right) walk(def.right._zod.def, prefix, variant, out);
      return;
    case 'lazy':
      if (def.getter) walk(def.getter()._zod.def, prefix, variant, out);
      return;
    case 'record':
      out.push({ path: at('*'), wildcard: true, ...(variant ? { variant } : {}) });
      return;
    default:
      return;
  }
}

function matches(k: KnownKey, path: string): boolean {
  if (!k.wildcard) return k.path === path;
  const base = k.path.slice(0, -2);
  return path.startsWith(base + '.') && !path.slice(base.length + 1).includes('.');
}

function variantHolds(k: KnownKey, tree: unknown): boolean {
  if (!k.variant) return true;
  const at = k.variant.at === '' ? [] : k.variant.at.split('.');
  return getPath(tree, [...at, k.variant.key]).value === k.variant.value;
}

export type KeyStatus = { ok: true } | { ok: false; otherVariants: string[] };

/** Whether the schema accepts `path` given the tree's current discriminators. */
export function keyStatus(known: KnownKey[], path: string, tree: unknown): KeyStatus {
  const hits = known.filter((k) => matches(k, path));
  if (hits.some((k) => variantHolds(k, tree))) return { ok: true };
  const otherVariants = [...new Set(hits.map((k) => `${k.variant!.at}.${k.variant!.key}=${k.variant!.value}`))];
  return { ok: false, otherVariants };
}

/** `unknown key model.alhpa in command line; did you mean model.alpha?` */
export function unknownKeyMessage(path: string, origin: string | undefined, tree: unknown, known: KnownKey[]): string {
  const where = origin ? ` in ${origin}` : '';
  const status = keyStatus(known, path, tree);
  if (!status.ok && status.otherVariants.length > 0) {
    const v = status.otherVariants[0]!;
    const at = v.slice(0, v.indexOf('='));
    const cur = getPath(tree, at.split('.')).value;
    return `key ${path}${where} does not apply when ${at} is ${JSON.stringify(cur)}; it needs ${status.otherVariants.join(' or ')}`;
  }
  const valid = known.filter((k) => !k.wildcard && variantHolds(k, tree)).map((k) => k.path);
  const candidates = new Set([...valid, ...allPaths(tree)].filter((p) => p !== path));
  const guess = suggest(path, candidates) ?? suggest(path, known.filter((k) => !k.wildcard).map((k) => k.path));
  if (guess) return `unknown key ${path}${where}; did you mean ${guess}?`;
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  const siblings = [...candidates].filter((p) => (parent === '' ? !p.includes('.') : p.startsWith(parent + '.') && !p.slice(parent.length + 1).includes('.')));
  const list = siblings.map((p) => p.slice(parent === '' ? 0 : parent.length + 1)).sort();
  return `unknown key ${path}${where}` + (list.length ? `; keys ${parent === '' ? 'at the top level' : `under ${parent}`}: ${list.join(', ')}` : '');
}
