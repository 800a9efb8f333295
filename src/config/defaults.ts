// The defaults list (Hydra): which option of each group config.yaml picks, where its keys go
// (the package), and how an option file (an experiment) overrides other groups' choices with
// `defaults: [{override /features: opponent_adjusted}]`. The command line wins over both.
import { UsageError } from '../util/errors.ts';
import { optionExists, optionFile, readConfFile, type ConfFile } from './files.ts';

export interface DefaultsEntry {
  /** `_self_`: the primary file's own keys. */
  self: boolean;
  group: string;
  /** Explicit package (`data@data.quality` → `data.quality`; `_global_` → the root). */
  pkg?: string;
  option: string | null;
  optional: boolean;
  /** Label of what chose the current option (a file or the command line). */
  chosenBy: string;
  chosenOnCli: boolean;
}

export interface GroupOverride {
  group: string;
  pkg?: string;
  option: string | null;
  source: string;
}

export const entryKey = (e: { group: string; pkg?: string }): string => (e.pkg === undefined ? e.group : `${e.group}@${e.pkg}`);

/** Groups whose options merge at the root unless they say otherwise (Hydra's `@package _global_`). */
const GLOBAL_GROUPS = new Set(['experiment']);

const ENTRY = /^(?:(optional|override)\s+)?\/?([A-Za-z_][\w-]*(?:\/[\w-]+)*)(?:@([A-Za-z_][\w.-]*))?$/;

interface ParsedEntry extends DefaultsEntry {
  override: boolean;
}

/** Parse a `defaults:` list of `label`. */
export function parseDefaultsList(list: unknown, label: string): ParsedEntry[] {
  if (!Array.isArray(list)) throw new UsageError(`defaults in ${label} must be a list (e.g. - model: ridge)`);
  return list.map((item, i) => {
    const where = `defaults entry ${i + 1} of ${label}`;
    if (item === '_self_') return { self: true, group: '', option: null, optional: false, chosenBy: label, chosenOnCli: false, override: false };
    if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.keys(item).length !== 1) {
      throw new UsageError(`${where} must be _self_ or one 'group: option' pair, not ${JSON.stringify(item)}`);
    }
    const [spec, opt] = Object.entries(item as Record<string, unknown>)[0]!;
    const m = ENTRY.exec(spec.trim());
    if (!m) throw new UsageError(`${where}: cannot read '${spec}' (forms: group, group@pkg, optional group, override /group)`);
    if (opt !== null && typeof opt !== 'string' && typeof opt !== 'number') {
      throw new UsageError(`${where}: the option of ${spec} must be a name or null`);
    }
    return {
      self: false,
      group: m[2]!,
      ...(m[3] !== undefined ? { pkg: m[3] } : {}),
      option: opt === null ? null : String(opt),
      optional: m[1] === 'optional',
      override: m[1] === 'override',
      chosenBy: label,
      chosenOnCli: false,
    };
  });
}

/** The package path of an option: explicit `@pkg`, else its `# @package` header, else the group. */
export function packagePath(entry: DefaultsEntry, file: ConfFile): string[] {
  const pkg = entry.pkg ?? file.packageHeader ?? (GLOBAL_GROUPS.has(entry.group) ? '_global_' : '_group_');
  if (pkg === '_global_') return [];
  if (pkg === '_group_') return entry.group.split('/');
  return pkg.split('.');
}

/**
 * The file an entry loads, or undefined when there is none to load (no choice, or an optional
 * group whose default option does not exist — an explicit command-line choice must exist).
 */
export function entryFile(confDir: string, e: DefaultsEntry): string | undefined {
  if (e.self || e.option === null) return undefined;
  if (e.optional && !e.chosenOnCli && !optionExists(confDir, e.group, e.option)) return undefined;
  return optionFile(confDir, e.group, e.option, e.chosenBy);
}

export type FileCache = (file: string) => ConfFile;

export function fileCache(confDir: string): FileCache {
  const cache = new Map<string, ConfFile>();
  return (file) => {
    let f = cache.get(file);
    if (!f) {
      f = readConfFile(confDir, file);
      cache.set(file, f);
    }
    return f;
  };
}

/**
 * Apply the `override /group: option` entries of the chosen option files (an experiment) to the
 * entries' choices, except those the command line set. Repeats until stable, since an override
 * may pick a file that carries overrides of its own.
 */
export function applyFileOverrides(confDir: string, entries: DefaultsEntry[], read: FileCache): void {
  for (let round = 0; round < 8; round++) {
    const wanted = new Map<string, GroupOverride>();
    for (const e of entries) {
      const file = entryFile(confDir, e);
      if (file === undefined) continue;
      const cf = read(file);
      if (cf.body.defaults === undefined) continue;
      for (const p of parseDefaultsList(cf.body.defaults, cf.label)) {
        if (p.self) continue;
        if (!p.override) {
          throw new UsageError(
            `${cf.label}: defaults entry '${entryKey(p)}' must be written 'override /${entryKey(p)}: ${p.option}' ` +
              '(only config.yaml adds groups)',
          );
        }
        wanted.set(entryKey(p), { group: p.group, ...(p.pkg ? { pkg: p.pkg } : {}), option: p.option, source: cf.label });
      }
    }
    let changed = false;
    for (const [key, w] of wanted) {
      const target = entries.find((e) => !e.self && entryKey(e) === key);
      if (!target) {
        const groups = entries.filter((e) => !e.self).map(entryKey);
        throw new UsageError(`${w.source} overrides /${key}, which is not in the defaults list (groups: ${groups.join(', ')})`);
      }
      if (target.chosenOnCli) continue;
      if (target.option !== w.option || target.chosenBy !== w.source) {
        target.option = w.option;
        target.chosenBy = w.source;
        changed = true;
      }
    }
    if (!changed) return;
  }
  throw new UsageError('the group overrides of the chosen config files never settle (does a file override the group that picks it?)');
}

/** Apply command-line group overrides (`model=gbdt`, `+group=opt`, `~group`) to the entries. */
export function applyCliGroupOverride(
  entries: DefaultsEntry[],
  o: { kind: 'set' | 'add' | 'force' | 'delete'; group: string; pkg?: string; option: string | null; raw: string },
  source: string,
): void {
  const key = entryKey(o);
  const idx = entries.findIndex((e) => !e.self && entryKey(e) === key);
  if (o.kind === 'delete') {
    if (idx < 0) throw new UsageError(`cannot remove group ${key} (${source}): it is not in the defaults list`);
    entries.splice(idx, 1);
    return;
  }
  if (idx >= 0) {
    if (o.kind === 'add') {
      throw new UsageError(`group ${key} is already in the defaults list (${entries[idx]!.chosenBy}); write ${key}=${o.option} to change it (${source})`);
    }
    const e = entries[idx]!;
    e.option = o.option;
    e.chosenBy = source;
    e.chosenOnCli = true;
    return;
  }
  if (o.kind === 'set') {
    throw new UsageError(`group ${key} is not in the defaults list (${source}); add it with +${key}=${o.option}`);
  }
  entries.push({ self: false, group: o.group, ...(o.pkg ? { pkg: o.pkg } : {}), option: o.option, optional: false, chosenBy: source, chosenOnCli: true });
}
