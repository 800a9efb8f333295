// MLflow's rules for names and values (mlflow/utils/validation.py, non-Windows branch). Keys
// become file names in the file store, so a bad key must never reach the disk.
import { posix } from 'node:path';
import { UserError } from '../util/errors.ts';

export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 8000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_REGISTERED_MODEL_ALIAS_LENGTH = 255;
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;

export class TrackingValidationError extends UserError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'TrackingValidationError';
  }
}

// Python's `\w` on str is Unicode-aware: letters, digits, underscore in any script.
const VALID_NAME = /^[/\p{L}\p{N}_.\- :]*$/u;
const BAD_CHARS =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

/** True when the name would act as a different path (`a/../b`, `./x`, `/abs`, `..`). */
export function pathNotUnique(name: string): boolean {
  const norm = posix.normalize(name).replace(/\/+$/, '') || '/';
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

export type KeyKind = 'metric' | 'parameter' | 'tag';

/** Validate a metric / param / tag key as MLflow does; throws naming the kind and key. */
export function validateKey(kind: KeyKind, key: string): void {
  if (typeof key !== 'string' || key === '') throw new TrackingValidationError(`Invalid ${kind} name: '${String(key)}'. A key name must be provided.`);
  if (!VALID_NAME.test(key)) throw new TrackingValidationError(`Invalid ${kind} name: '${key}'. ${BAD_CHARS}`);
  if (pathNotUnique(key)) {
    throw new TrackingValidationError(
      `Invalid ${kind} name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${posix.normalize(key)}'`,
    );
  }
  if (key.length > MAX_ENTITY_KEY_LENGTH) {
    const label = kind === 'metric' ? 'Metric name' : kind === 'parameter' ? 'Param key' : 'Tag key';
    throw new TrackingValidationError(`${label} '${key.slice(0, 250)}' had length ${key.length}, which exceeded length limit of ${MAX_ENTITY_KEY_LENGTH}`);
  }
}

export function validateParam(key: string, value: string): void {
  validateKey('parameter', key);
  if (value.length > MAX_PARAM_VAL_LENGTH) {
    throw new TrackingValidationError(`Param value for '${key}' had length ${value.length}, which exceeded length limit of ${MAX_PARAM_VAL_LENGTH}`);
  }
}

export function validateTag(key: string, value: string): void {
  validateKey('tag', key);
  if (value.length > MAX_TAG_VAL_LENGTH) {
    throw new TrackingValidationError(`Tag value for '${key}' had length ${value.length}, which exceeded length limit of ${MAX_TAG_VAL_LENGTH}`);
  }
}

export function validateMetric(key: string, value: number, timestamp: number, step: number): void {
  validateKey('metric', key);
  if (typeof value !== 'number') {
    throw new TrackingValidationError(`Got invalid value ${String(value)} for metric '${key}'. Please specify value as a valid double (64-bit floating point)`);
  }
  if (!Number.isInteger(timestamp) || timestamp < 0) {
    throw new TrackingValidationError(`Got invalid timestamp ${timestamp} for metric '${key}'. Timestamp must be a nonnegative long (64-bit integer)`);
  }
  if (!Number.isInteger(step)) throw new TrackingValidationError(`Got invalid step ${step} for metric '${key}'. Step must be a valid long (64-bit integer).`);
}

export function validateExperimentName(name: string): void {
  if (typeof name !== 'string' || name === '') throw new TrackingValidationError(`Invalid experiment name: '${String(name)}'`);
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw new TrackingValidationError(`Experiment name exceeds the maximum length of ${MAX_EXPERIMENT_NAME_LENGTH} characters`);
  }
}

/** Registered model names become a directory: no path separators, no '%'. */
export function validateModelName(name: string): void {
  if (typeof name !== 'string' || name === '') throw new TrackingValidationError('Registered model name cannot be empty.');
  if (/[/\\]/.test(name)) throw new TrackingValidationError(`Invalid name: '${name}'. Registered model name cannot contain path separator`);
  if (name.includes('%')) throw new TrackingValidationError(`Invalid name: '${name}'. Registered model name cannot contain '%' character`);
  if (name === '.' || name === '..') throw new TrackingValidationError(`Invalid name: '${name}'.`);
}

export function validateAlias(alias: string): void {
  if (typeof alias !== 'string' || alias === '') throw new TrackingValidationError('Registered model alias name cannot be empty.');
  if (!/^[\p{L}\p{N}_-]*$/u.test(alias)) {
    throw new TrackingValidationError(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  if (alias.length > MAX_REGISTERED_MODEL_ALIAS_LENGTH) {
    throw new TrackingValidationError(`Registered model alias name '${alias}' had length ${alias.length}, which exceeded length limit of ${MAX_REGISTERED_MODEL_ALIAS_LENGTH}`);
  }
  if (alias.toLowerCase() === 'latest') throw new TrackingValidationError("'latest' alias name (case insensitive) is reserved.");
  if (/^[vV]\d+$/.test(alias)) throw new TrackingValidationError(`Version alias name '${alias}' is reserved.`);
}

/** An artifact sub-path: relative, no `..`, no empty segments. */
export function validateArtifactPath(p: string): void {
  if (p === '') return;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').some((s) => s === '..' || s === '.' || s === '') || p.includes('\\')) {
    throw new TrackingValidationError(`Invalid artifact path: '${p}'. It must be relative, use '/' and contain no '.', '..' or empty segments.`);
  }
}
