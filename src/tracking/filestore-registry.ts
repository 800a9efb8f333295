// MLflow's file-based model registry: models/<name>/meta.yaml (+ tags/, aliases/),
// models/<name>/version-N/meta.yaml (+ tags/). Aliases live both as aliases/<alias> files (what
// MLflow reads) and in the model's meta.yaml `aliases:` map (what MLflow 3.11 also writes).
// Every change runs under the store lock: version numbers are max + 1.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirAtomic, writeFileAtomic } from '../artifacts/atomic.ts';
import { withLockSync } from '../artifacts/lock.ts';
import { dumpYaml, type YamlValue } from './format.ts';
import { MODELS_DIR, readRegisteredModel } from './filestore-reader.ts';
import { ensureStore, patchMeta } from './filestore-writer.ts';
import { storeLockFile } from './store-lock.ts';
import type { ModelVersionRecord } from './types.ts';
import { TrackingValidationError, validateAlias, validateModelName, validateTag } from './validation.ts';

export function modelDir(root: string, name: string): string {
  return join(root, MODELS_DIR, name);
}

function createModelUnlocked(root: string, name: string, tags: Record<string, string>, description: string | null, now: number): void {
  const meta: Record<string, YamlValue> = {
    aliases: {},
    creation_timestamp: now,
    deployment_job_id: null,
    deployment_job_state: null,
    description,
    last_updated_timestamp: now,
    name,
    workspace: 'default',
  };
  writeDirAtomic(modelDir(root, name), (tmp) => {
    writeFileAtomic(join(tmp, 'meta.yaml'), dumpYaml(meta));
    for (const [k, v] of Object.entries(tags)) writeFileAtomic(join(tmp, 'tags', k), v);
  });
}

/** Create a registered model unless it exists (then nothing changes). */
export function createRegisteredModel(root: string, name: string, opts: { tags?: Record<string, string>; description?: string } = {}): void {
  validateModelName(name);
  const tags = opts.tags ?? {};
  for (const [k, v] of Object.entries(tags)) validateTag(k, v);
  ensureStore(root);
  withLockSync(storeLockFile(root), () => {
    if (existsSync(join(modelDir(root, name), 'meta.yaml'))) return;
    createModelUnlocked(root, name, tags, opts.description ?? null, Date.now());
  });
}

export interface NewVersionSpec {
  name: string;
  runId: string;
  source: string;
  tags?: Record<string, string>;
  description?: string;
}

/** Add version max+1 of `name` (the model is created if missing). */
export function createModelVersion(root: string, spec: NewVersionSpec): ModelVersionRecord {
  validateModelName(spec.name);
  const tags = spec.tags ?? {};
  for (const [k, v] of Object.entries(tags)) validateTag(k, v);
  ensureStore(root);
  return withLockSync(storeLockFile(root), () => {
    const dir = modelDir(root, spec.name);
    const now = Date.now();
    if (!existsSync(join(dir, 'meta.yaml'))) createModelUnlocked(root, spec.name, {}, null, now);
    const existing = readdirSync(dir)
      .map((d) => /^version-(\d+)$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    const version = existing.length ? Math.max(...existing) + 1 : 1;
    const meta: Record<string, YamlValue> = {
      creation_timestamp: now,
      current_stage: 'None',
      deployment_job_state: null,
      description: spec.description ?? null,
      last_updated_timestamp: now,
      model_id: null,
      name: spec.name,
      run_id: spec.runId,
      run_link: null,
      source: spec.source,
      status: 'READY',
      status_message: null,
      storage_location: spec.source,
      user_id: null,
      version,
      workspace: 'default',
    };
    writeDirAtomic(join(dir, `version-${version}`), (tmp) => {
      writeFileAtomic(join(tmp, 'meta.yaml'), dumpYaml(meta));
      for (const [k, v] of Object.entries(tags)) writeFileAtomic(join(tmp, 'tags', k), v);
    });
    patchMeta(dir, { last_updated_timestamp: now });
    return {
      name: spec.name,
      version,
      runId: spec.runId,
      source: spec.source,
      status: 'READY',
      currentStage: 'None',
      description: spec.description ?? null,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      tags: { ...tags },
    };
  });
}

function requireModel(root: string, name: string) {
  const model = readRegisteredModel(root, name);
  if (!model) throw new TrackingValidationError(`Registered Model with name=${name} not found`);
  return model;
}

export function setModelAlias(root: string, name: string, alias: string, version: number): void {
  validateModelName(name);
  validateAlias(alias);
  withLockSync(storeLockFile(root), () => {
    const model = requireModel(root, name);
    if (!model.versions.some((v) => v.version === version)) {
      throw new TrackingValidationError(`Model Version (name=${name}, version=${version}) not found`);
    }
    const dir = modelDir(root, name);
    writeFileAtomic(join(dir, 'aliases', alias), String(version));
    const aliases: Record<string, YamlValue> = {};
    for (const [a, v] of Object.entries({ ...model.aliases, [alias]: version })) aliases[a] = String(v);
    patchMeta(dir, { aliases, last_updated_timestamp: Date.now() });
  });
}

export function deleteModelAlias(root: string, name: string, alias: string): void {
  validateModelName(name);
  validateAlias(alias);
  withLockSync(storeLockFile(root), () => {
    const model = requireModel(root, name);
    const dir = modelDir(root, name);
    rmSync(join(dir, 'aliases', alias), { force: true });
    const aliases: Record<string, YamlValue> = {};
    for (const [a, v] of Object.entries(model.aliases)) if (a !== alias) aliases[a] = String(v);
    patchMeta(dir, { aliases, last_updated_timestamp: Date.now() });
  });
}
