// A fast path for the plain YAML that configuration files are written in: block mappings and
// sequences, one-line scalars, one-line flow lists and maps, comments. The `yaml` package parses
// a file through a lexer, a token tree and a document model; in a fresh process that code runs
// cold and took ≈ 50 ms of CPU for the ten files of the default configuration, every command.
// Multi-line plain scalars are read in their simple form (Reader.folded). Anything outside this
// subset — anchors, tags, block or multi-line quoted scalars, escapes, tabs,
// duplicate keys, errors of any kind — returns undefined and the file goes to `yaml` (files.ts),
// so values and error messages are always yaml's: this path only ever returns what yaml.parse
// returns (yaml-lite.test.ts checks that on every shipped file and on generated documents).

type Value = unknown;
interface Line {
  indent: number;
  body: string;
  /** Blank or comment lines came just before this one (they end a multi-line plain scalar). */
  gap: boolean;
}

/** Thrown inside the parser: not in the subset, let `yaml` have it. */
class NotLite extends Error {}
const bail = (): never => {
  throw new NotLite();
};

// Scalars resolve as in YAML 1.2's core schema (yaml's default): null, bool, int, float.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Other core-schema forms (hex, octal, .inf, .nan): yaml's job. */
const OTHER_NUMBER = /^(?:0o|0x|[-+]?\.(?:inf|Inf|INF)$|\.nan$|\.NaN$|\.NAN$)/;
/** A plain scalar may not start with an indicator (nor '<' of a merge key, nor '.' to be safe). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`<.]/;
const KEY = /^([A-Za-z_/][A-Za-z0-9_@./ -]*?):(?: +(.*))?$/;
/** Characters yaml treats differently from plain text (control, BOM, Unicode line breaks, NBSP). */
const ODD_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u00A0\uFEFF\u2028\u2029]/;

function scalar(text: string, flow: boolean): Value {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT.test(text)) return parseInt(text, 10);
  if (FLOAT.test(text)) return parseFloat(text);
  if (text === '' || OTHER_NUMBER.test(text) || INDICATOR.test(text)) bail();
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) bail();
  if (flow && /[,[\]{}:]/.test(text)) bail();
  return text;
}

/** The text before a ` #` comment, without trailing spaces. */
function uncomment(text: string): string {
  const hash = text.startsWith('#') ? 0 : text.indexOf(' #');
  return (hash < 0 ? text : text.slice(0, hash)).replace(/ +$/, '');
}

function quoted(text: string): string {
  const q = text[0]!;
  const end = text.indexOf(q, 1);
  if (end < 0) bail();
  const inner = text.slice(1, end);
  if (q === '"' && inner.includes('\\')) bail();
  if (q === "'" && text[end + 1] === "'") bail();
  const rest = text.slice(end + 1);
  if (rest !== '' && (rest[0] !== ' ' || uncomment(rest) !== '')) bail();
  return inner;
}

function checkKey(key: string, into: Record<string, unknown>): string {
  if (NULL.test(key) || BOOL.test(key) || key === '__proto__' || key.endsWith(' ') || key.includes(' #')) bail();
  if (Object.prototype.hasOwnProperty.call(into, key)) bail();
  return key;
}

function flowItems(text: string, close: string): string[] {
  const body = uncomment(text);
  if (!body.endsWith(close)) bail();
  const inner = body.slice(1, -1);
  if (/[[\]{}#'"]/.test(inner)) bail();
  if (inner.trim() === '') {
    if (inner !== '') bail();
    return [];
  }
  return inner.split(',').map((s) => s.replace(/^ +| +$/g, ''));
}

/** A value written on the key's (or the item's) line. */
function inlineValue(text: string): Value {
  if (text[0] === '"' || text[0] === "'") return quoted(text);
  if (text[0] === '[') return flowItems(text, ']').map((s) => scalar(s, true));
  if (text[0] === '{') {
    const out: Record<string, unknown> = {};
    for (const pair of flowItems(text, '}')) {
      const m = KEY.exec(pair);
      if (!m || m[2] === undefined) bail();
      out[checkKey(m![1]!, out)] = scalar(m![2]!, true);
    }
    return out;
  }
  return scalar(uncomment(text), false);
}

class Reader {
  i = 0;
  constructor(private readonly lines: Line[]) {}
  get line(): Line | undefined {
    return this.lines[this.i];
  }

  isItem(l: Line | undefined, indent: number): boolean {
    return l !== undefined && l.indent === indent && (l.body === '-' || l.body.startsWith('- '));
  }

  /** The block starting at the current line (its indent is the block's). */
  block(): Value {
    const l = this.line!;
    return this.isItem(l, l.indent) ? this.sequence(l.indent) : this.mapping(l.indent);
  }

  /** After a value ends at `indent`, the next line may not sit deeper (a continuation). */
  expectEnd(indent: number): void {
    const next = this.line;
    if (next !== undefined && next.indent > indent) bail();
  }

  mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let l = this.line; l !== undefined && l.indent >= indent; l = this.line) {
      if (l.indent > indent || this.isItem(l, indent)) bail();
      const m = KEY.exec(l.body);
      if (!m) bail();
      const key = checkKey(m![1]!, out);
      const rest = m![2] === undefined ? '' : uncomment(m![2]);
      this.i++;
      if (rest !== '') {
        const next = this.line;
        out[key] = next !== undefined && next.indent > indent ? this.folded(m![2]!, indent) : inlineValue(m![2]!);
        this.expectEnd(indent);
        continue;
      }
      const next = this.line;
      if (next !== undefined && next.indent > indent) out[key] = this.block();
      else if (this.isItem(next, indent)) out[key] = this.sequence(indent);
      else out[key] = null;
    }
    return out;
  }

  /**
   * A plain scalar that goes on over the following deeper lines (yaml.stringify wraps a long
   * string at 80 columns: an experiment's description in its config.yaml): the lines joined by
   * single spaces, as YAML folds them. Only the simple case: a plain first line without a
   * comment, continuation lines right after it (no blank or comment line between) that start
   * with no indicator; the folded text must still be a plain scalar (scalar() checks it).
   */
  folded(first: string, indent: number): Value {
    if (first[0] === '"' || first[0] === "'" || first[0] === '[' || first[0] === '{' || uncomment(first) !== first) bail();
    const parts = [first];
    for (let l = this.line; l !== undefined && l.indent > indent; l = this.line) {
      if (l.gap || INDICATOR.test(l.body) || uncomment(l.body) !== l.body) bail();
      parts.push(l.body);
      this.i++;
    }
    const text = parts.join(' ');
    const value = scalar(text, false);
    // A folded scalar is text (yaml resolves the folded value, and one with a space is never a number).
    if (typeof value !== 'string') bail();
    return value;
  }

  sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.isItem(this.line, indent)) {
      const item = this.line!.body.slice(2).replace(/^ +/, '');
      this.i++;
      if (uncomment(item) === '') bail();
      const m = KEY.exec(item);
      // `- key: value`, a one-key mapping; more keys on the following lines are yaml's job.
      if (m && item[0] !== '"' && item[0] !== "'") {
        if (m[2] === undefined || uncomment(m[2]) === '') bail();
        out.push({ [checkKey(m[1]!, {})]: inlineValue(m[2]!) });
      } else {
        out.push(inlineValue(item));
      }
      this.expectEnd(indent);
    }
    return out;
  }
}

/**
 * The document `text` holds, as yaml.parse would return it, when the text is in the subset this
 * file reads and holds a mapping (or nothing: null); else undefined.
 */
export function parseLite(text: string): { doc: Value } | undefined {
  if (ODD_CHARS.test(text) || text.includes('\t')) return undefined;
  const lines: Line[] = [];
  let gap = false;
  for (const raw of text.split('\n')) {
    const body = raw.replace(/^ +/, '');
    if (body === '' || body.startsWith('#')) {
      gap = true;
      continue;
    }
    if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) return undefined;
    lines.push({ indent: raw.length - body.length, body: body.replace(/ +$/, ''), gap });
    gap = false;
  }
  if (lines.length === 0) return { doc: null };
  const reader = new Reader(lines);
  try {
    if (reader.isItem(lines[0], lines[0]!.indent)) return undefined;
    const doc = reader.mapping(lines[0]!.indent);
    return reader.line === undefined ? { doc } : undefined;
  } catch (e) {
    if (e instanceof NotLite) return undefined;
    throw e;
  }
}
