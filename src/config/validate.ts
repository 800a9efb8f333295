// Validation of the composed tree against the zod schema, with messages that name the key, where
// its value came from, and a suggestion.
import type { z } from 'zod';
import { UsageError } from '../util/errors.ts';
import { unknownKeyMessage, type KnownKey } from './keys.ts';
import { getPath, joinPath, originOf, type Origins } from './tree.ts';

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
  values?: unknown[];
  options?: unknown[];
  errors?: Issue[][];
}

/** What a union without a discriminator expected: the literals or types of its branches. */
function unionExpected(issue: Issue): string | undefined {
  const inner = (issue.errors ?? []).flat();
  const values = inner.flatMap((i) => (i.code === 'invalid_value' ? (i.values ?? []) : []));
  if (values.length > 0) return `expected one of ${values.map(String).join(', ')}`;
  const types = [...new Set(inner.flatMap((i) => (i.code === 'invalid_type' && i.expected ? [i.expected] : [])))];
  return types.length > 0 ? `expected ${types.join(' or ')}` : undefined;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

export function issueMessages(issues: readonly Issue[], tree: unknown, origins: Origins, known: KnownKey[]): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    const key = joinPath(path);
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys ?? []) {
        const full = key === '' ? k : `${key}.${k}`;
        out.push(unknownKeyMessage(full, originOf(origins, full), tree, known));
      }
      continue;
    }
    const got = getPath(tree, path);
    if (!got.found) {
      const parent = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
      // The file that set the missing key's siblings is where it was expected.
      const sibling = Object.keys(origins).find((k) => k.startsWith(parent + '.') && !k.slice(parent.length + 1).includes('.'));
      const parentOrigin = parent && sibling ? origins[sibling] : undefined;
      out.push(
        `missing key ${key}` +
          (parentOrigin ? ` (not set in ${parentOrigin})` : '') +
          `; set it in a config file or add it with +${key}=VALUE`,
      );
      continue;
    }
    const origin = originOf(origins, key);
    let expected: string;
    if (issue.code === 'invalid_type') expected = `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    else if (issue.code === 'invalid_value') expected = `expected one of ${(issue.values ?? []).map(String).join(', ')}`;
    else if (issue.code === 'invalid_union' && issue.options) expected = `expected one of ${issue.options.map(String).join(', ')}`;
    else if (issue.code === 'invalid_union' && unionExpected(issue)) expected = unionExpected(issue)!;
    else expected = issue.message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '').toLowerCase();
    out.push(`invalid value for ${key}${origin ? ` in ${origin}` : ''}: ${expected} (got ${show(got.value)})`);
  }
  return out;
}

/** Parse `tree` with `schema`, or throw one UsageError listing every problem (one per line). */
export function validate<S extends z.ZodType>(schema: S, tree: unknown, origins: Origins, known: KnownKey[]): z.infer<S> {
  // Without zod's JIT: it compiles a fast path per object schema on first use, ≈ 35 ms of CPU
  // in a fresh process, and warm it validated a configuration no faster (≈ 0.3 ms either way).
  const r = schema.safeParse(tree, { jitless: true });
  if (r.success) return r.data;
  // Unknown keys first: a typo usually also shows up as the missing key it was meant to be.
  const issues = [...(r.error.issues as unknown as Issue[])].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const messages = issueMessages(issues, tree, origins, known);
  const MAX = 10;
  const shown = messages.length > MAX ? [...messages.slice(0, MAX), `... and ${messages.length - MAX} more problems`] : messages;
  throw new UsageError(shown.join('\n'));
}
