// A model bundle: model.json (the fitted models and the whole inference recipe), metadata.json
// (config, metrics, data fingerprints, code version, timestamp) and feature_importance.csv.
// Written as one directory, atomically, so a bundle is complete or absent.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bundleFile } from './layout.ts';
import { writeDirAtomic } from './atomic.ts';
import { formatCsv, type CsvValue } from '../util/csv.ts';
import { readJsonArtifact } from './read-json.ts';


// 2: each market's model and imputer are stored together as one pipeline.
export const BUNDLE_SCHEMA_VERSION = 2;

export interface BundleFiles<M, D> {
  model: M;
  metadata: D;
  importance: { columns: string[]; rows: Record<string, CsvValue>[] };
}

export function writeBundle<M, D>(dir: string, files: BundleFiles<M, D>): void {
  writeDirAtomic(dir, (tmp) => {
    writeFileSync(bundleFile(tmp, 'model'), JSON.stringify({ schema_version: BUNDLE_SCHEMA_VERSION, ...files.model }) + '\n');
    writeFileSync(bundleFile(tmp, 'metadata'), JSON.stringify(files.metadata, null, 2) + '\n');
    writeFileSync(bundleFile(tmp, 'importance'), formatCsv(files.importance.columns, files.importance.rows));
  });
}

export function readBundle<M, D>(dir: string): { model: M; metadata: D } {
  const modelPath = bundleFile(dir, 'model');
  if (!existsSync(modelPath)) throw new Error(`not a model bundle: ${dir} has no model.json`);
  const model = readJsonArtifact<M & { schema_version?: number }>(modelPath, 'model bundle file');
  if (model.schema_version !== BUNDLE_SCHEMA_VERSION) {
    throw new Error(`${modelPath}: bundle schema version ${model.schema_version} is not supported (this edgelab reads ${BUNDLE_SCHEMA_VERSION})`);
  }
  const metaPath = bundleFile(dir, 'metadata');
  const metadata = existsSync(metaPath) ? readJsonArtifact<D>(metaPath, 'bundle metadata file') : ({} as D);
  return { model, metadata };
}
