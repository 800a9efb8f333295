// The byte-level details of MLflow's file store: how Python prints a float into a metric line,
// how PyYAML (`safe_dump`, sorted keys, block style) prints meta.yaml, and how both are read
// back. Real MLflow reads what we write and we read what it writes, so these mimic Python.
import YAML from 'yaml';

/** Python's `repr(float)`: shortest round-trip digits, exponent form when decpt ≤ -4 or > 16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mant, expStr] = x.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const decpt = Number(expStr) + 1;
  let body: string;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) body = `0.${'0'.repeat(-decpt)}${digits}`;
    else if (decpt >= digits.length) body = `${digits}${'0'.repeat(decpt - digits.length)}.0`;
    else body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = decpt - 1;
    body = `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return (neg ? '-' : '') + body;
}

/** Python's `float(s)` for what a metric file may hold (nan, inf, -inf, Infinity, 1e-05, 412.0). */
export function parsePyFloat(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  const v = t === '' ? NaN : Number(t.replace(/_/g, ''));
  if (Number.isNaN(v)) throw new Error(`not a number: '${s}'`);
  return v;
}

/** One line of a metric file: `<epoch_ms> <value> <step>\n`. */
export function metricLine(timestamp: number, value: number, step: number): string {
  return `${Math.trunc(timestamp)} ${pyFloatRepr(value)} ${Math.trunc(step)}\n`;
}

export interface MetricPointText {
  timestamp: number;
  value: number;
  step: number;
}

/** Parse a whole metric file (blank lines ignored; a torn last line without newline is dropped only if malformed). */
export function parseMetricFile(text: string, file: string): MetricPointText[] {
  const out: MetricPointText[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parts = line.split(/\s+/);
    if (parts.length < 2 || parts.length > 3) throw new Error(`${file}:${i + 1}: malformed metric line '${line}'`);
    const timestamp = Number(parts[0]);
    const step = parts.length === 3 ? Number(parts[2]) : 0;
    if (!Number.isFinite(timestamp) || !Number.isFinite(step)) throw new Error(`${file}:${i + 1}: malformed metric line '${line}'`);
    let value: number;
    try {
      value = parsePyFloat(parts[1]!);
    } catch {
      throw new Error(`${file}:${i + 1}: malformed metric value '${parts[1]}'`);
    }
    out.push({ timestamp, value, step });
  });
  return out;
}

// ---- YAML in PyYAML's dialect -------------------------------------------------------------

export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [k: string]: YamlValue };

// Plain scalars PyYAML (YAML 1.1 resolvers) would read back as something other than a string.
const IMPLICIT_11: RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^(?:<<|=)$/,
];

// Conservative: anything outside this shape gets quoted. PyYAML quotes a superset of what it must,
// and any quoted form reads back identically, so erring toward quotes is safe.
const PLAIN_SAFE = /^[A-Za-z0-9_./(][A-Za-z0-9_ ./:+@,()=%$^~\-]*$/;

function yamlString(s: string): string {
  const plain =
    s !== '' &&
    PLAIN_SAFE.test(s) &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !IMPLICIT_11.some((r) => r.test(s));
  if (plain) return s;
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s); // double-quoted YAML accepts JSON escapes
}

function yamlScalar(v: YamlScalar): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  return yamlString(v);
}

function emit(key: string, v: YamlValue, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${indent}${key}: []`);
    else {
      out.push(`${indent}${key}:`);
      for (const item of v) out.push(`${indent}- ${yamlScalar(item as YamlScalar)}`);
    }
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) out.push(`${indent}${key}: {}`);
    else {
      out.push(`${indent}${key}:`);
      for (const k of keys) emit(yamlString(k), v[k]!, `${indent}  `, out);
    }
  } else out.push(`${indent}${key}: ${yamlScalar(v)}`);
}

/** `yaml.safe_dump(d, default_flow_style=False)`: keys sorted, block style, trailing newline. */
export function dumpYaml(doc: Record<string, YamlValue>): string {
  const out: string[] = [];
  for (const k of Object.keys(doc).sort()) emit(yamlString(k), doc[k]!, '', out);
  return out.join('\n') + '\n';
}

// PyYAML's own implicit resolvers (bool without y/n, floats need a dot): a plain scalar that the
// `yaml` package's 1.1 schema types differently (`N`, `1e5`) is a string to PyYAML, so to us too.
const PY_RESOLVES = IMPLICIT_11.slice(0, 5);

/** Read a meta.yaml written by PyYAML (YAML 1.1 resolvers) or by us. */
export function parseYaml(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    const d = YAML.parseDocument(text, { version: '1.1' });
    if (d.errors.length) throw d.errors[0];
    YAML.visit(d, {
      Scalar(_key, node) {
        if (node.type === 'PLAIN' && typeof node.value !== 'string' && typeof node.source === 'string' && !PY_RESOLVES.some((r) => r.test(node.source!))) {
          node.value = node.source;
        }
      },
    });
    doc = d.toJS();
  } catch (e) {
    throw new Error(`${file}: invalid YAML: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected a mapping`);
  return doc as Record<string, unknown>;
}
