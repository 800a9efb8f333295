// Content hashes of what an experiment wrote: its model bundle and its outputs. Recorded in the
// experiment's summary.json at train time and in every promotion attempt, so a bundle or a
// predictions file changed after the fact (by hand, or by a retrain in place) is noticed
// instead of silently promoted or deployed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, EXPERIMENT_FILES } from './layout.ts';
import { sha256 } from '../util/hash.ts';

/** The hashed files: bundle files by their names, outputs by theirs (summary.json excluded: it holds the hashes). */
export const HASHED_OUTPUTS = [EXPERIMENT_FILES.predictions, EXPERIMENT_FILES.metrics, EXPERIMENT_FILES.config] as const;
export const HASHED_BUNDLE = [BUNDLE_FILES.model, BUNDLE_FILES.metadata, BUNDLE_FILES.importance] as const;

/** sha256 of each file of `names` in `dir` ("missing" for an absent file). */
export function hashFiles(dir: string | null, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => {
    const p = dir ? join(dir, n) : null;
    return [n, p && existsSync(p) ? sha256(readFileSync(p)) : 'missing'];
  }));
}

export interface ContentHashes {
  bundle: Record<string, string>;
  outputs: Record<string, string>;
}

export function contentHashes(outputsDir: string | null, bundleDir: string | null): ContentHashes {
  return { bundle: hashFiles(bundleDir, HASHED_BUNDLE), outputs: hashFiles(outputsDir, HASHED_OUTPUTS) };
}

/** Files whose hash differs between a record and now, as "bundle/model.json" etc. */
export function changedFiles(recorded: ContentHashes, now: ContentHashes): string[] {
  const out: string[] = [];
  for (const part of ['bundle', 'outputs'] as const) {
    for (const [name, h] of Object.entries(recorded[part] ?? {})) if (now[part]?.[name] !== h) out.push(`${part}/${name}`);
  }
  return out;
}
