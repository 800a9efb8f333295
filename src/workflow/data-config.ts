// The `data` configuration group. Until config composition lands, read conf/data/default.yaml
// and conf/data/quality.yaml (the project's, else the ones shipped with edgelab) and validate
// them with the group's zod schema. Swap this one function for loadConfig(...).data later.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { dataSchema, type DataConfig } from '../config/groups/data.ts';
import type { Layout } from '../artifacts/layout.ts';
import { UserError } from '../util/errors.ts';

const PACKAGED_CONF = fileURLToPath(new URL('../../conf/', import.meta.url));

function readYaml(layout: Layout, rel: string): unknown {
  const own = join(layout.confDir, rel);
  const file = existsSync(own) ? own : join(PACKAGED_CONF, rel);
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function loadDataConfig(layout: Layout): DataConfig {
  const raw = { ...(readYaml(layout, 'data/default.yaml') as object), quality: readYaml(layout, 'data/quality.yaml') };
  const parsed = dataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`conf/data: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** "2014-2025" → [2014, 2025]. */
export function parseSeasonRange(text: string): [number, number] | undefined {
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return a <= b ? [a, b] : undefined;
}
