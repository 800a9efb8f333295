// Reading the configuration's YAML files: one parse error message naming the file and line, the
// `# @package` header, and the options (files) of a group directory.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { UsageError, suggest } from '../util/errors.ts';
import { KeptByText } from '../util/kept.ts';
import { isPlainObject, type Tree } from './tree.ts';
import { parseLite } from './yaml-lite.ts';

export interface ConfFile {
  file: string;
  /** How messages name the file: relative to the conf directory's parent (`conf/model/ridge.yaml`). */
  label: string;
  /** `# @package X` header value, if any. */
  packageHeader?: string;
  body: Tree;
}

export function labelFor(confDir: string, file: string): string {
  return relative(dirname(confDir), file) || file;
}

/**
 * Parsed files by path, with the text they were parsed from: a command that composes the
 * configuration many times (the demo: every train, test and week) parses each file once. The
 * file is still read every time, so an edited file is parsed again; callers get their own copy.
 * Least recently used files go first (a test process composes from hundreds of temporary dirs).
 */
const parsed = new KeptByText<unknown>(256);

/**
 * The `yaml` package, loaded the first time a file is not plain enough for yaml-lite (no shipped
 * file): every command reads the configuration, and loading yaml (a 262 kB chunk in the bundle)
 * cost each of them ≈ 10–20 ms of CPU. required, not imported: readConfFile is synchronous.
 */
let yaml: typeof import('yaml') | undefined;
const loadYaml = () => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/**
 * yaml.parse(text), through the fast path when the text is plain enough (yaml-lite.ts returns
 * exactly yaml's document); yaml's values and errors otherwise. For every YAML file the CLI reads
 * back: an experiment's config.yaml parsed by yaml cost a command ≈ 0.1 s of CPU, cold.
 */
export function parseYaml(text: string): unknown {
  const lite = parseLite(text);
  return lite ? lite.doc : loadYaml().parse(text);
}

export function readConfFile(confDir: string, file: string): ConfFile {
  const label = labelFor(confDir, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${label}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    // Plain configuration YAML takes the fast path; anything else (and every error) is yaml's.
    doc = structuredClone(parsed.get(file, text, parseYaml));
  } catch (e) {
    if (yaml && e instanceof yaml.YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      throw new UsageError(`cannot parse ${label}${line ? ` line ${line}` : ''}: ${e.message.split('\n')[0]!.replace(/:\s*$/, '')}`);
    }
    throw e;
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isPlainObject(doc)) throw new UsageError(`${label} must hold a mapping of keys, not ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  // Like Hydra, only the leading comment block may carry the header.
  const lines = text.split('\n');
  const firstKey = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const leading = (firstKey < 0 ? lines : lines.slice(0, firstKey)).join('\n');
  const header = /^\s*#\s*@package\s+(\S+)/m.exec(leading);
  return { file, label, ...(header ? { packageHeader: header[1]! } : {}), body: doc };
}

export function isGroup(confDir: string, group: string): boolean {
  try {
    return statSync(join(confDir, group)).isDirectory();
  } catch {
    return false;
  }
}

export function listGroups(confDir: string): string[] {
  if (!existsSync(confDir)) return [];
  return readdirSync(confDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function listOptions(confDir: string, group: string): string[] {
  const dir = join(confDir, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => n.replace(/\.ya?ml$/, ''))
    .sort();
}

/** The file of `group/option`, or a UsageError naming the directory searched and what exists. */
export function optionFile(confDir: string, group: string, option: string, source: string): string {
  for (const ext of ['.yaml', '.yml']) {
    const f = join(confDir, group, option + ext);
    if (existsSync(f)) return f;
  }
  const options = listOptions(confDir, group);
  const dir = join(confDir, group);
  // Experiment ids differ by a digit, so the nearest existing id is no suggestion: an id that is
  // not there yet is one to create, and experiment new does that (issue 20).
  const newId = group === 'experiment' && /^v\d+-\d+$/i.test(option);
  const guess = newId ? null : suggest(option, options);
  const create = group === 'experiment' ? '; to create an experiment: edgelab experiment new --phase N [--features NAME] [--model NAME] (it takes the next free id and writes its file)' : '';
  throw new UsageError(
    `no option '${option}' for config group ${group} (${source}): searched ${dir}; ` +
      (options.length ? `options: ${options.join(', ')}` : 'it has no options') +
      (guess ? `; did you mean ${group}=${guess}?` : '') +
      create,
  );
}

export function optionExists(confDir: string, group: string, option: string): boolean {
  return existsSync(join(confDir, group, option + '.yaml')) || existsSync(join(confDir, group, option + '.yml'));
}
