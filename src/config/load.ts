// Hydra-style composition: config.yaml's defaults list picks one option per group, an experiment
// may override group choices and keys, command-line overrides win over everything; then
// interpolation, then validation against the schema.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { UsageError } from '../util/errors.ts';
import {
  applyCliGroupOverride,
  applyFileOverrides,
  entryFile,
  entryKey,
  fileCache,
  packagePath,
  parseDefaultsList,
  type DefaultsEntry,
} from './defaults.ts';
import { isGroup, listGroups } from './files.ts';
import { interpolate } from './interpolate.ts';
import { refuseSecretValues } from './secret-guard.ts';
import { keyStatus, knownKeys, unknownKeyMessage, type KnownKey } from './keys.ts';
import { parseOverride, type Override } from './overrides.ts';
import { edgelabConfigSchema, type EdgelabConfig } from './schema.ts';
import { dropOrigins, getPath, isPlainObject, markOrigins, mergeAt, originOf, setPath, type Origins, type Tree } from './tree.ts';
import { validate } from './validate.ts';

export interface ComposedConfig {
  config: EdgelabConfig;
  /** The option chosen for each defaults-list entry (`model: 'ridge'`, `experiment: null`). */
  choices: Record<string, string | null>;
  /** Dotted key → the file or source that set it (`schema default` for zod defaults). */
  origins: Origins;
}

export interface LoadConfigOptions {
  confDir: string;
  overrides?: string[];
  /** How messages name where the overrides came from. */
  source?: string;
  /** Environment for `${env:...}` (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

let knownCache: KnownKey[] | undefined;
const known = (): KnownKey[] => (knownCache ??= knownKeys(edgelabConfigSchema));

export function loadConfig(opts: LoadConfigOptions): ComposedConfig {
  const confDir = resolve(opts.confDir);
  const source = opts.source ?? 'command line';
  const primaryFile = join(confDir, 'config.yaml');
  if (!existsSync(primaryFile)) {
    throw new UsageError(`no config.yaml in ${confDir}; run 'edgelab init' to create the default configuration`);
  }
  const read = fileCache(confDir);
  const primary = read(primaryFile);
  const entries: DefaultsEntry[] = [];
  if (primary.body.defaults !== undefined) {
    for (const e of parseDefaultsList(primary.body.defaults, primary.label)) {
      if (e.override) throw new UsageError(`${primary.label}: 'override /${entryKey(e)}' belongs in an experiment file; write '${entryKey(e)}: ${e.option}'`);
      const { override: _, ...entry } = e;
      entries.push(entry);
    }
  }
  if (!entries.some((e) => e.self)) entries.push({ self: true, group: '', option: null, optional: false, chosenBy: primary.label, chosenOnCli: false });

  const keyOverrides: Override[] = [];
  for (const raw of opts.overrides ?? []) {
    const o = parseOverride(raw, source);
    const groupLike = !o.key.includes('.') && (o.pkg !== undefined || isGroup(confDir, o.key));
    if (!groupLike) {
      keyOverrides.push(o);
      continue;
    }
    if (!isGroup(confDir, o.key)) {
      throw new UsageError(`unknown config group ${o.key} in ${source} (${raw}): no directory ${join(confDir, o.key)}; groups: ${listGroups(confDir).join(', ')}`);
    }
    if (o.hasValue && o.value !== null && (typeof o.value === 'object' || o.text === '')) {
      throw new UsageError(`${raw} (${source}): a config group takes one option name, e.g. ${o.key}=NAME`);
    }
    // An option is a name: `model='gbdt'` unquotes, `experiment=002` stays the text as written.
    const option = !o.hasValue || o.value === null ? null : typeof o.value === 'string' ? o.value : o.text;
    applyCliGroupOverride(entries, { kind: o.kind, group: o.key, ...(o.pkg ? { pkg: o.pkg } : {}), option, raw }, source);
  }
  applyFileOverrides(confDir, entries, read);

  // Experiments merge after config.yaml's own keys (Hydra would merge them at their place in the
  // defaults list, before `_self_`): an experiment exists to change the defaults, seed included.
  const isExperiment = (e: DefaultsEntry) => !e.self && e.group === 'experiment';
  const ordered = [...entries.filter((e) => !isExperiment(e)), ...entries.filter(isExperiment)];
  const tree: Tree = {};
  const origins: Origins = {};
  for (const e of ordered) {
    if (e.self) {
      const { defaults: _, ...body } = primary.body;
      mergeAt(tree, [], body, primary.label, origins);
      continue;
    }
    const file = entryFile(confDir, e);
    if (file === undefined) continue;
    const cf = read(file);
    const { defaults: _, ...body } = cf.body;
    mergeAt(tree, packagePath(e, cf), body, cf.label, origins);
  }
  const choices: Record<string, string | null> = {};
  for (const e of entries) if (!e.self) choices[entryKey(e)] = e.option;

  for (const o of keyOverrides) applyKeyOverride(tree, origins, o, source);
  const resolved = interpolate(tree, origins, opts.env);
  refuseSecretValues(resolved, origins, opts.env ?? process.env);
  const config = validate(edgelabConfigSchema, resolved, origins, known());
  markOrigins(origins, '', withoutKnown(config, origins), 'schema default');
  return { config, choices, origins };
}

/** The leaves of `config` that no file or override set (they came from zod defaults). */
function withoutKnown(config: unknown, origins: Origins, prefix = ''): unknown {
  if (!isPlainObject(config)) return config;
  const out: Tree = {};
  for (const [k, v] of Object.entries(config)) {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      const sub = withoutKnown(v, origins, p) as Tree;
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (origins[p] === undefined) {
      out[k] = v;
    }
  }
  return out;
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function applyKeyOverride(tree: Tree, origins: Origins, o: Override, source: string): void {
  const path = o.key.split('.');
  const cur = getPath(tree, path);
  if (o.kind === 'delete') {
    if (!cur.found) throw new UsageError(unknownKeyMessage(o.key, source, tree, known()));
    if (o.hasValue && !isDeepStrictEqual(cur.value, o.value)) {
      throw new UsageError(`cannot remove ${o.key} (${source}): its value is ${show(cur.value)} (from ${originOf(origins, o.key)}), not ${show(o.value)}`);
    }
    const parent = getPath(tree, path.slice(0, -1)).value as Tree;
    delete parent[path[path.length - 1]!];
    dropOrigins(origins, o.key);
    return;
  }
  if (o.kind === 'add' && cur.found) {
    throw new UsageError(
      `key ${o.key} already exists (set in ${originOf(origins, o.key)}); write ${o.key}=${o.text} to change it (${source})`,
    );
  }
  if (o.kind === 'set' && !cur.found && !keyStatus(known(), o.key, tree).ok) {
    throw new UsageError(unknownKeyMessage(o.key, source, tree, known()));
  }
  const bad = setPath(tree, path, o.value);
  if (bad !== undefined) {
    throw new UsageError(`cannot set ${o.key} (${source}): ${bad} holds ${show(getPath(tree, bad.split('.')).value)}, not a mapping`);
  }
  dropOrigins(origins, o.key);
  markOrigins(origins, o.key, o.value, source);
}
