// The fast path for plain configuration YAML returns exactly what yaml.parse returns, or nothing
// (the file then goes to yaml, whose values and messages stay the reference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseLite } from './yaml-lite.ts';

const confDir = fileURLToPath(new URL('../../conf/', import.meta.url));

/** yaml.parse's document, or 'error' when yaml refuses the text. */
function reference(text: string): unknown {
  try {
    return { doc: parse(text) };
  } catch {
    return 'error';
  }
}

test('every shipped conf file takes the fast path and gives yaml.parse’s document', () => {
  const files = readdirSync(confDir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 20, `conf/ holds ${files.length} yaml files`);
  for (const f of files) {
    const text = readFileSync(confDir + f, 'utf8');
    assert.deepStrictEqual(parseLite(text), { doc: parse(text) }, f);
  }
});

test('hand-picked cases: core-schema scalars, comments, flow lists and maps', () => {
  const text = [
    '# header',
    'a: 1        # int',
    'b: -0',
    'c: +5',
    'd: 1.50',
    'e: 1e-3',
    'f: .5',
    'g: ~',
    'h: True',
    'i: yes',
    'j: 2014-2019',
    "k: 'it is' # quoted",
    'l: "x # y"',
    'm: [1, two, 3.0, null, William Hill (New Jersey)]',
    'n: {margin: 3, share: 0.15}',
    'o: []',
    'p:',
    'q:',
    '  - x: 1',
    '  - [a, b]',
    'r:',
    '- compact',
    's: foo#bar',
    't: a  b',
    'u:   # nothing',
    'v:',
    '  deep:',
    '    deeper: 1_000',
    'optional experiment: null',
    'data@data.quality: quality',
  ].join('\n');
  const lite = parseLite(text);
  assert.ok(lite, 'in the subset');
  assert.deepStrictEqual(lite, { doc: parse(text) });
  assert.ok(Object.is((lite.doc as { b: number }).b, -0), '-0 stays -0 as in yaml');
});

test('outside the subset or invalid: no answer, so yaml gives its own value or message', () => {
  for (const text of [
    'a: &x 1\nb: *x', // anchors
    'a: !!str 1', // tags
    'a: |\n  block', // block scalar
    'a: "esc\\n"', // escapes
    "a: 'it''s'", // quote escape
    'a: 1\na: 2', // duplicate key: yaml's error message
    'a:\tb', // tab
    'a: 1\r\nb: 2', // CRLF
    'a: b: c', // yaml's error
    'a: [1, [2]]', // nested flow
    'a: [1,\n  2]', // multi-line flow
    'a: word\n\n  continued', // multi-line plain scalar with a blank line (a line break in the value)
    'a: word\n  # c\n  continued', // … with a comment line inside
    'a: word # c\n  continued', // … with a comment on the first line (yaml: an error)
    'a: word\n  - continued', // … a continuation line starting with an indicator
    'a: word\n  b: c', // … that is a mapping (yaml: an error)
    'a: "word\n  continued"', // multi-line quoted scalar
    'a: [word,\n  continued]',
    '- a\n- b', // not a mapping: readConfFile's message
    'a:\n  - x: 1\n    y: 2', // a mapping item with more keys
    '---\na: 1', // document marker
    'a: 0x1F', // hex
    'a: .inf',
    'true: 1', // a key yaml would turn into "true"
    '__proto__: 1',
    '"q": 1', // quoted key
    'a:  \u00a0x', // NBSP
  ]) {
    assert.equal(parseLite(text), undefined, JSON.stringify(text));
  }
  assert.deepStrictEqual(parseLite(''), { doc: null });
  // Multi-line plain scalars in their simple form are read, folded as yaml folds them.
  for (const text of ['a: word\n  continued', 'a: word\n    more words\n   and more\nb: 1', 'x:\n  d: Ridge rating, no market\n    input; bets it.\n  e: 2', 'a: 1\n  2']) {
    const lite = parseLite(text);
    assert.ok(lite, JSON.stringify(text));
    assert.deepStrictEqual(lite, { doc: parse(text) }, JSON.stringify(text));
  }
  assert.deepStrictEqual(parseLite('a: word\n  continued'), { doc: { a: 'word continued' } });
  assert.deepStrictEqual(parseLite('# only a comment\n'), { doc: parse('# only a comment\n') });
});

// Property: whatever the fast path answers, yaml.parse answers the same (never an error). The
// documents are shaped like configuration files (nested blocks, lists, comments) with scalars
// and keys that are often outside the subset or invalid.
const word = fc.constantFrom('a', 'b', 'key', 'x_y', 'data@data.q', 'optional e', '_self_', 'True', 'null', 'a b', 'k ', 'a#b');
const atom = fc.oneof(
  fc.constantFrom('1', '-2', '+3', '0', '-0', '007', '1.5', '.5', '1.', '1e3', '2E-2', '1_0', 'null', '~', 'Null', 'true', 'True', 'TRUE', 'False', 'yes'),
  fc.constantFrom('text', 'two words', 'a#b', 'x # comment', 'ESPN Bet', '2014-2019', 'v2-001', 'é–ü', 'a:b', 'a: b', '-x', '.x', '?x', '@x', '<<', 'x:', '# c'),
  fc.constantFrom("'single'", '"double"', '"a # b" # c', "'a''b'", '"a\\tb"', '""', "''", '"x"y', '"x"#y', "'x' "),
  fc.constantFrom('[]', '[a, 1, null]', '[ ]', '[a,b]', '[a, ]', '[a,, b]', '{}', '{a: 1, b: x}', '{a: 1, a: 2}', '{a:1}', '[a, [b]]', '[a] # c', '&x 1', '|'),
  fc.string({ maxLength: 6 }),
);
const pad = (n: number) => ' '.repeat(n);
const block = fc.letrec<{ map: string[]; seq: string[] }>((tie) => ({
  map: fc
    .array(
      fc.oneof(
        fc.tuple(word, atom).map(([k, v]) => [`${k}: ${v}`]),
        fc.tuple(word, fc.constantFrom(2, 4, 1), tie('map')).map(([k, n, b]) => [`${k}:`, ...b.map((l) => pad(n) + l)]),
        fc.tuple(word, fc.constantFrom(0, 2), tie('seq')).map(([k, n, b]) => [`${k}:`, ...b.map((l) => pad(n) + l)]),
        fc.constantFrom(['# comment'], [''], ['  # indented comment'], ['-'], ['---'], ['a:b'], ['a :1'], ['k:\t1'], ['  stray']),
      ),
      { maxLength: 5 },
    )
    .map((ls) => ls.flat()),
  seq: fc
    .array(fc.oneof(atom.map((v) => `- ${v}`), fc.tuple(word, atom).map(([k, v]) => `- ${k}: ${v}`), fc.constant('-   spaced')), { minLength: 1, maxLength: 4 }),
}));

test('property: generated configuration-like documents — the fast path answers yaml.parse’s value or nothing', () => {
  let answered = 0;
  fc.assert(
    fc.property(block.map, (lines) => {
      const text = lines.join('\n');
      const lite = parseLite(text);
      if (lite === undefined) return;
      answered++;
      assert.deepStrictEqual(lite, reference(text), text);
    }),
    { numRuns: 3000 },
  );
  assert.ok(answered > 300, `the fast path answered ${answered} of 3000 documents`);
});

// Property: configuration-shaped trees written by yaml itself (block and flow styles) come back.
const leaf = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }), fc.constantFrom('William Hill (New Jersey)', 'v2-001', '1.0', 'null', 'a # b'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(leaf, { maxLength: 4 }), fc.array(fc.dictionary(fc.constantFrom('margin', 'share'), leaf, { maxKeys: 1 }), { maxLength: 3 }), tie('map')),
  map: fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), tie('node'), { maxKeys: 4 }),
}));

// Property: long strings as yaml.stringify writes them at its default width (an experiment's
// config.yaml: a description wrapped over several lines) come back as yaml reads them.
const sentence = fc.array(fc.constantFrom('Ridge', 'rating', 'no', 'market', 'input;', 'bets', 'its', 'disagreement', 'with', 'the', 'line.', '(home/neutral', 'flags),', 'a#b', 'x:', '-', '1', 'true', 'é', 'v2-001'), { minLength: 1, maxLength: 40, size: 'max' }).map((w) => w.join(' '));

test('property: long strings wrapped by yaml.stringify — the fast path answers yaml.parse’s value or nothing', () => {
  let answered = 0;
  let folded = 0;
  fc.assert(
    fc.property(fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), fc.oneof(sentence, fc.dictionary(fc.constantFrom('name', 'description'), sentence, { maxKeys: 2 })), { minKeys: 1, maxKeys: 3 }), (t) => {
      const text = stringify(t);
      const lite = parseLite(text);
      if (lite === undefined) return;
      answered++;
      if (text.split('\n').some((l) => l !== '' && !/^ *[a-z_0-9]+:( |$)/.test(l))) folded++;
      assert.deepStrictEqual(lite, { doc: parse(text) }, text);
    }),
    { numRuns: 1500 },
  );
  assert.ok(answered > 300 && folded > 100, `the fast path answered ${answered} of 1500 documents, ${folded} with a wrapped string`);
});

test('property: trees written by yaml.stringify — the fast path answers yaml.parse’s value or nothing', () => {
  let answered = 0;
  fc.assert(
    fc.property(tree.map, fc.constantFrom(false, true), (t, flow) => {
      const text = stringify(t, { collectionStyle: flow ? 'flow' : 'any', lineWidth: 0 });
      const lite = parseLite(text);
      if (lite === undefined) return;
      answered++;
      assert.deepStrictEqual(lite, { doc: parse(text) }, text);
    }),
    { numRuns: 1500 },
  );
  assert.ok(answered > 300, `the fast path answered ${answered} of 1500 documents`);
});
