import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dumpYaml, metricLine, parseMetricFile, parsePyFloat, parseYaml, pyFloatRepr } from './format.ts';

test('pyFloatRepr prints what Python repr(float) prints', () => {
  // Reference values from CPython 3: repr(x).
  const cases: [number, string][] = [
    [412, '412.0'], [-0.006, '-0.006'], [13.7, '13.7'], [0, '0.0'], [-0, '-0.0'], [1e16, '1e+16'],
    [1e15, '1000000000000000.0'], [0.0001, '0.0001'], [0.00001, '1e-05'], [123456789012345678, '1.2345678901234568e+17'],
    [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'],
    [0.1 + 0.2, '0.30000000000000004'], [2.5e-5, '2.5e-05'], [1234.5, '1234.5'],
  ];
  for (const [x, s] of cases) assert.equal(pyFloatRepr(x), s, String(x));
});

test('pyFloatRepr round-trips through parsePyFloat for every double', () => {
  fc.assert(
    fc.property(fc.double(), (x) => {
      const back = parsePyFloat(pyFloatRepr(x));
      return Number.isNaN(x) ? Number.isNaN(back) : Object.is(back, x);
    }),
    { numRuns: 2000 },
  );
});

test('metric lines: <epoch_ms> <value> <step>, parsed back, malformed lines named', () => {
  assert.equal(metricLine(1795922353812, 14.2, 0), '1795922353812 14.2 0\n');
  assert.deepEqual(parseMetricFile('1 nan 0\n2 inf 3\n3 -Infinity 4\n', 'f'), [
    { timestamp: 1, value: NaN, step: 0 },
    { timestamp: 2, value: Infinity, step: 3 },
    { timestamp: 3, value: -Infinity, step: 4 },
  ]);
  assert.throws(() => parseMetricFile('1 2 3\nxx\n', 'metrics/rmse'), /metrics\/rmse:2: malformed metric line 'xx'/);
  assert.throws(() => parseMetricFile('1 abc 3\n', 'm'), /m:1: malformed metric value 'abc'/);
});

test('dumpYaml: sorted keys, PyYAML quoting, reads back to the same values', () => {
  const doc = {
    name: 'Default', experiment_id: '0', run_name: 'v2-001', empty: '', n: 3, none: null, tags: [], aliases: { b: '2', a: '1' },
    yes: 'yes', date: '2023-01-01', colon: 'a: b', hash: 'x #y', quote: "it's", nl: 'a\nb', uri: 'file:///x/y', float: '1.0', stage: 'None',
  };
  const text = dumpYaml(doc);
  assert.equal(
    text,
    [
      'aliases:', "  a: '1'", "  b: '2'", "colon: 'a: b'", "date: '2023-01-01'", "empty: ''", "experiment_id: '0'", "float: '1.0'",
      "hash: 'x #y'", 'n: 3', 'name: Default', 'nl: "a\\nb"', 'none: null', "quote: 'it''s'", 'run_name: v2-001', 'stage: None',
      'tags: []', 'uri: file:///x/y', "'yes': 'yes'",
    ].join('\n') + '\n',
  );
  assert.deepEqual(parseYaml(text, 'x'), doc);
});

test('parseYaml reads plain scalars as PyYAML does', () => {
  assert.deepEqual(parseYaml("a: N\nb: 1e5\nc: 0o17\nd: 12\ne: 1.5\nf: null\ng: ~\nh: yes\ni: 'N'\n", 'x'), {
    a: 'N', b: '1e5', c: '0o17', d: 12, e: 1.5, f: null, g: null, h: true, i: 'N',
  });
  assert.throws(() => parseYaml('a: [', 'dir/meta.yaml'), /dir\/meta.yaml: invalid YAML/);
});

test('dumpYaml output reads back for arbitrary strings', () => {
  fc.assert(fc.property(fc.string(), (s) => (parseYaml(dumpYaml({ k: s }), 'x') as { k: string }).k === s), { numRuns: 1000 });
});
