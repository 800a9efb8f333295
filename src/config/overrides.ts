// Command-line overrides: `key=value`, `+key=value` (add), `++key=value` (add or override),
// `~key` / `~key=value` (remove), and `group=option` / `group@pkg=option` (choose a config file;
// which keys are groups is decided by the loader, which knows the conf directory).
import { UsageError } from '../util/errors.ts';
import { parseValue, ValueSyntaxError } from './values.ts';

export type OverrideKind = 'set' | 'add' | 'force' | 'delete';

export interface Override {
  kind: OverrideKind;
  /** Key path without the package part: `model.alpha`, `data`. */
  key: string;
  /** `pkg` of `group@pkg=option`, if given. */
  pkg?: string;
  /** Whether a value was given (`~key` has none). */
  hasValue: boolean;
  /** The typed value. */
  value: unknown;
  /** The value text as written (group options are names, not typed values). */
  text: string;
  raw: string;
}

const KEY = /^[A-Za-z_][\w-]*(\.[A-Za-z_0-9][\w-]*)*$/;

export function parseOverride(raw: string, source = 'command line'): Override {
  let rest = raw;
  let kind: OverrideKind = 'set';
  if (rest.startsWith('++')) {
    kind = 'force';
    rest = rest.slice(2);
  } else if (rest.startsWith('+')) {
    kind = 'add';
    rest = rest.slice(1);
  } else if (rest.startsWith('~')) {
    kind = 'delete';
    rest = rest.slice(1);
  }
  const eq = rest.indexOf('=');
  const keyPart = (eq < 0 ? rest : rest.slice(0, eq)).trim();
  const hasValue = eq >= 0;
  if (!hasValue && kind !== 'delete') {
    throw new UsageError(
      `bad override '${raw}' in ${source}: expected key=value, +key=value, ~key or group=option`,
    );
  }
  const at = keyPart.indexOf('@');
  const key = (at < 0 ? keyPart : keyPart.slice(0, at)).replace(/^\//, '');
  const pkg = at < 0 ? undefined : keyPart.slice(at + 1);
  if (!KEY.test(key) || (pkg !== undefined && !KEY.test(pkg))) {
    throw new UsageError(`bad key '${keyPart}' in override '${raw}' (${source}): keys look like model.alpha or data@data.quality`);
  }
  const text = hasValue ? rest.slice(eq + 1) : '';
  let value: unknown = undefined;
  if (hasValue) {
    try {
      value = parseValue(text);
    } catch (e) {
      if (e instanceof ValueSyntaxError) throw new UsageError(`bad value in override '${raw}' (${source}): ${e.message}`);
      throw e;
    }
  }
  return { kind, key, ...(pkg !== undefined ? { pkg } : {}), hasValue, value, text: text.trim(), raw };
}
