// Reading a JSON artifact: a file that does not parse (truncated by a crash of another tool, edited
// by hand) is a UserError naming the file — one line, exit 1 — never a bare SyntaxError.
import { readFileSync } from 'node:fs';
import { UserError } from '../util/errors.ts';

/** Parse `file` as JSON; `what` says what the file is, for the message. */
export function readJsonArtifact<T>(file: string, what: string): T {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UserError(`${file}: not a readable ${what} (${(e as Error).message}); restore it from git or a backup, or rerun the command that wrote it — edgelab will not guess its contents`);
  }
}
