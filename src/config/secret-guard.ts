// Credentials never enter the configuration: it is saved with every experiment (config.yaml),
// logged to MLflow as params, printed by `edgelab config` and shown by the dashboard. The strict
// schema already refuses unknown keys; these two guards cover the keys it knows:
// - `${env:NAME}` of a credential variable (CFBD_API_KEY, MLFLOW_TRACKING_TOKEN, …, or any name
//   that reads like one) is refused wherever it appears;
// - a value that contains the current value of a credential variable (written out, or brought in
//   through another variable) is refused, naming the key and the variable but not the value.
// edgelab reads the credentials it needs from the environment itself.
import { UsageError } from '../util/errors.ts';
import { isSecretEnvName, SECRET_ENV_VARS } from '../util/redact.ts';
import { originOf, isPlainObject, type Origins } from './tree.ts';

const WHY = 'credentials stay out of the configuration (it is saved with every experiment and logged to MLflow); edgelab reads them from the environment itself';

/** Called for each `${env:NAME}`: refuse credential variables. */
export function refuseSecretVariable(name: string, where: string): void {
  if (isSecretEnvName(name)) throw new UsageError(`\${env:${name}} in ${where}: ${name} holds a credential; ${WHY}`);
}

/** Refuse any string value of the resolved tree that contains a credential's current value. */
export function refuseSecretValues(tree: unknown, origins: Origins, env: NodeJS.ProcessEnv): void {
  const secrets: [string, string][] = [];
  for (const name of SECRET_ENV_VARS) {
    const value = env[name];
    // The user name is no secret on its own (it is often a word that appears in paths).
    if (name !== 'MLFLOW_TRACKING_USERNAME' && value && value.length >= 4) secrets.push([name, value]);
  }
  if (secrets.length === 0) return;
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      const hit = secrets.find(([, value]) => v.includes(value));
      if (hit) {
        const o = originOf(origins, path);
        throw new UsageError(`config key ${path}${o ? ` (from ${o})` : ''} holds the value of ${hit[0]}; ${WHY}`);
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i)));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(tree, '');
}
