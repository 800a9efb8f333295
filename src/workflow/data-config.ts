// The `data` configuration group, from the composed configuration (so group choices, the
// project's conf/ and its overrides apply to data commands as to every other command).
import { resolve } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import type { DataConfig } from '../config/groups/data.ts';
import { loadConfig } from '../config/load.ts';
import { resolveConfDir } from '../config/confdir.ts';

export function loadDataConfig(layout: Layout): DataConfig {
  return loadConfig({ confDir: resolveConfDir(layout.confDir) }).config.data;
}

/** The warehouse file: `data.warehouse` of the composed config, relative to the project. */
export function warehousePath(layout: Layout, data: DataConfig = loadDataConfig(layout)): string {
  return resolve(layout.project, data.warehouse);
}

/** "2014-2025" → [2014, 2025]. */
export function parseSeasonRange(text: string): [number, number] | undefined {
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return a <= b ? [a, b] : undefined;
}
