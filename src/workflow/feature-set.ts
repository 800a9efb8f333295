// Loading a named feature set (conf/features/<name>.yaml). One small function so it can be
// swapped for the composed config loader (src/config) when that lands: the project's conf/
// first, then the defaults shipped with edgelab.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { featuresSchema, type FeaturesConfig } from '../config/groups/features.ts';
import { UsageError, UserError, suggest } from '../util/errors.ts';

const SHIPPED = fileURLToPath(new URL('../../conf/features/', import.meta.url));

function available(dirs: string[]): string[] {
  const names = new Set<string>();
  for (const d of dirs) if (existsSync(d)) for (const f of readdirSync(d)) if (f.endsWith('.yaml')) names.add(f.slice(0, -5));
  return [...names].sort();
}

export function loadFeatureSet(name: string, projectDir?: string): FeaturesConfig {
  const dirs = [...(projectDir ? [join(projectDir, 'conf', 'features')] : []), SHIPPED];
  const file = dirs.map((d) => join(d, `${name}.yaml`)).find((f) => existsSync(f));
  if (!/^[\w.-]+$/.test(name) || !file) {
    const names = available(dirs);
    const hint = suggest(name, names);
    throw new UsageError(`unknown feature set "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; available: ${names.join(', ')}`);
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const res = featuresSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    throw new UserError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, 2);
  }
  return res.data;
}
