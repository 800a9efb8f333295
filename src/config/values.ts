// Typed values of command-line overrides (Hydra's grammar, the parts edgelab needs):
// int, float, bool, null, quoted or bare strings, `[a, b]` lists and `{k: v}` maps, nestable.
export class ValueSyntaxError extends Error {}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

/** A bare (unquoted) scalar: the most specific type it spells, else the trimmed string. */
export function parseScalar(text: string): unknown {
  const t = text.trim();
  if (/^null$/i.test(t)) return null;
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  if (INT.test(t)) {
    const n = Number(t);
    // Past 2^53 only integers that survive the round trip exactly are numbers; others stay text.
    return Number.isSafeInteger(n) || String(n) === t ? n : t;
  }
  if (FLOAT.test(t)) return Number(t);
  return t;
}

/** Parse the value part of `key=value`. */
export function parseValue(text: string): unknown {
  const p = new Parser(text);
  p.skipSpace();
  if (p.done()) return '';
  const v = p.element(true);
  p.skipSpace();
  if (!p.done()) throw new ValueSyntaxError(`unexpected '${text.slice(p.pos)}' in value '${text}'`);
  return v;
}

class Parser {
  pos = 0;
  constructor(readonly s: string) {}
  done(): boolean {
    return this.pos >= this.s.length;
  }
  skipSpace(): void {
    while (!this.done() && /\s/.test(this.s[this.pos]!)) this.pos++;
  }
  /** One element; at top level a bare string may contain commas, brackets excluded. */
  element(topLevel = false): unknown {
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const str = this.quoted();
      return str;
    }
    const start = this.pos;
    const stop = topLevel ? /[\[\]{}]/ : /[,\[\]{}:]/;
    while (!this.done() && !stop.test(this.s[this.pos]!)) {
      // An interpolation `${...}` is part of a bare value (it is resolved after composition).
      if (this.s.startsWith('${', this.pos)) this.skipInterpolation();
      else this.pos++;
    }
    if (topLevel && !this.done()) throw new ValueSyntaxError(`unexpected '${this.s[this.pos]}' in value '${this.s}'`);
    return parseScalar(this.s.slice(start, this.pos));
  }
  skipInterpolation(): void {
    let depth = 0;
    do {
      if (this.s.startsWith('${', this.pos)) {
        depth++;
        this.pos += 2;
        continue;
      }
      if (this.s[this.pos] === '}') depth--;
      this.pos++;
    } while (!this.done() && depth > 0);
    if (depth > 0) throw new ValueSyntaxError(`unterminated interpolation in value '${this.s}'`);
  }
  quoted(): string {
    const q = this.s[this.pos++]!;
    let out = '';
    while (!this.done() && this.s[this.pos] !== q) {
      if (this.s[this.pos] === '\\' && this.pos + 1 < this.s.length) this.pos++;
      out += this.s[this.pos++];
    }
    if (this.done()) throw new ValueSyntaxError(`unterminated quote in value '${this.s}'`);
    this.pos++;
    return out;
  }
  expect(ch: string): void {
    this.skipSpace();
    if (this.s[this.pos] !== ch) throw new ValueSyntaxError(`expected '${ch}' at position ${this.pos + 1} of value '${this.s}'`);
    this.pos++;
  }
  list(): unknown[] {
    this.expect('[');
    const out: unknown[] = [];
    this.skipSpace();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.element());
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }
  map(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const key = this.s[this.pos] === '"' || this.s[this.pos] === "'" ? this.quoted() : String(this.element());
      this.expect(':');
      out[key.trim()] = this.element();
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }
}
