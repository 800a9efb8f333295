// The zod builders the configuration schemas use, imported by name. `import { z } from 'zod'`
// names zod's whole namespace, so the bundle (scripts/bundle.mjs) kept all of zod: a 760 KB
// chunk that every command compiles and runs at start-up (≈ 0.07 s of CPU). Named imports let
// esbuild drop what the schemas never use (locales, JSON Schema, codecs): ≈ 200 KB. Add a builder
// here when a schema needs one; `z.infer` and the other types stay available as types.
import { array, boolean, discriminatedUnion, enum as enumOf, literal, number, object, record, string, tuple, union } from 'zod';
import type { output, ZodType } from 'zod';

export const z = { array, boolean, discriminatedUnion, enum: enumOf, literal, number, object, record, string, tuple, union };

export declare namespace z {
  type infer<T extends ZodType> = output<T>;
}
