// The one door to every model: build an estimator from a `model` config group, or rebuild a
// fitted one from its model.json.
import { UsageError, suggest } from '../util/errors.ts';
import { modelSchema, type ModelConfig } from '../config/groups/model.ts';
import { checkEnvelope, type Estimator } from './estimator.ts';
import { buildModel, type CreateOptions } from './build.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { Ridge } from './ridge.ts';

export type { CreateOptions } from './build.ts';

/** Validate a model config (unknown or bad keys → UsageError naming the key) and build the model. */
export function createModel(config: ModelConfig | Record<string, unknown>, options: CreateOptions = {}): Estimator {
  return buildModel(parseModelConfig(config), options);
}

/** A model config validated, with its defaults filled in (unknown or bad keys → UsageError naming the key). */
export function parseModelConfig(config: ModelConfig | Record<string, unknown>): ModelConfig {
  const parsed = modelSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const known = knownKeys(String((config as { type?: unknown }).type));
      const hint = suggest(key, known);
      throw new UsageError(`model: unknown parameter '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    const path = issue.path.length ? issue.path.join('.') : 'type';
    throw new UsageError(`model.${path}: ${issue.message}`);
  }
  return parsed.data;
}

function knownKeys(type: string): string[] {
  for (const option of modelSchema.options) {
    if (option.shape.type.value === type) return Object.keys(option.shape);
  }
  return ['type'];
}

/** An unfitted estimator from its own parameters (`{ type, ...getParams() }`), as `clone` does. */
export function estimatorFromParams(params: { type: string } & Record<string, unknown>): Estimator {
  const { type, ...rest } = params;
  if (type === 'ridge') return new Ridge(rest);
  if (type === 'gbdt') return new Gbdt(rest);
  return unknownType(type);
}

/** Rebuild a fitted model from model.json (schema/version checked; mismatch → clear error). */
export function modelFromJSON(json: unknown): Estimator {
  const env = checkEnvelope(json);
  return env.type === 'ridge' ? Ridge.fromJSON(json) : env.type === 'gbdt' ? Gbdt.fromJSON(json) : unknownType(env.type);
}

function unknownType(type: unknown): never {
  throw new UsageError(`model.json: unknown model type '${String(type)}' (known: ridge, gbdt)`);
}
