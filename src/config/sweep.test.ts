import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseOverride } from './overrides.ts';
import { type SweepDimension, formatSweepValue, parseSweepArgs, parseSweepDimension, planSweep, resolveShard, shardConfigurations, splitTopLevel } from './sweep.ts';

const vals = (d: SweepDimension | null) => (d && d.kind !== 'interval' ? d.values : undefined);

test('comma lists, choice, range and interval are sweep dimensions; anything else is fixed', () => {
  assert.deepEqual(parseSweepDimension('model.max_depth=3,4,6'), { key: 'model.max_depth', kind: 'list', values: [3, 4, 6], raw: 'model.max_depth=3,4,6' });
  assert.deepEqual(vals(parseSweepDimension('model=ridge,gbdt')), ['ridge', 'gbdt']);
  assert.deepEqual(vals(parseSweepDimension('model.learning_rate=choice(0.03, 0.1)')), [0.03, 0.1]);
  assert.deepEqual(vals(parseSweepDimension('features.elo.k=range(10,40,10)')), [10, 20, 30]);
  assert.deepEqual(vals(parseSweepDimension('x=range(3)')), [0, 1, 2]);
  assert.deepEqual(vals(parseSweepDimension('x=range(5,2,-1)')), [5, 4, 3]);
  assert.deepEqual(vals(parseSweepDimension('x=range(0,1,0.1)')), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  assert.deepEqual(parseSweepDimension('model.alpha=interval(0.5, 20)'), { key: 'model.alpha', kind: 'interval', lo: 0.5, hi: 20, raw: 'model.alpha=interval(0.5, 20)' });
  assert.deepEqual(parseSweepDimension('model.alpha=[1,10]'), null, 'a bracketed list is one value');
  assert.deepEqual(parseSweepDimension("name='a,b'"), null, 'a quoted comma is one value');
  assert.deepEqual(parseSweepDimension('model.alpha=3'), null);
  assert.deepEqual(parseSweepDimension('~model.cv_folds'), null);
  assert.deepEqual(vals(parseSweepDimension('x=[1,2],[3]')), [[1, 2], [3]], 'lists of lists sweep');
  assert.deepEqual(parseSweepDimension('++x=1,2')?.key, 'x');
});

test('bad ranges and forms are refused with the argument named', () => {
  const bad: [string, RegExp][] = [
    ['x=range(10,10)', /range\(10, 10, 1\) is empty/],
    ['x=range(10,0)', /is empty/],
    ['x=range(0,10,0)', /step must not be 0/],
    ['x=range(a,3)', /start must be a number/],
    ['x=range(1,2,3,4)', /range takes/],
    ['x=interval(5,5)', /lo < hi/],
    ['x=interval(1)', /interval takes \(lo, hi\)/],
    ['x=1,,2', /empty value/],
    ['x=choice(1,)', /empty argument/],
  ];
  for (const [arg, re] of bad) assert.throws(() => parseSweepDimension(arg), (e: Error) => re.test(e.message) && e.message.includes(arg), arg);
  assert.throws(() => parseSweepArgs(['x=1,2', 'x=range(3)']), /x is swept twice/);
  assert.throws(() => planSweep(['a=1']), /nothing to sweep/);
  assert.throws(() => planSweep(['a=interval(0,1)']), /needs --trials N/);
  assert.throws(() => planSweep(['a=1,2'], { trials: 0 }), /--trials must be a positive integer/);
  assert.throws(() => planSweep(['a=range(200)', 'b=range(200)']), /40000 configurations/);
});

test('a grid is the product of the dimensions, the last varying fastest; fixed overrides are kept', () => {
  const plan = planSweep(['experiment=v2-004', 'model.max_depth=3,4,6', 'model.learning_rate=0.03,0.1', 'features.elo.k=range(10,40,10)']);
  assert.equal(plan.mode, 'grid');
  assert.deepEqual(plan.fixed, ['experiment=v2-004']);
  assert.equal(plan.configurations.length, 3 * 2 * 3);
  assert.deepEqual(plan.configurations[0]!.overrides, ['model.max_depth=3', 'model.learning_rate=0.03', 'features.elo.k=10']);
  assert.deepEqual(plan.configurations[1]!.overrides, ['model.max_depth=3', 'model.learning_rate=0.03', 'features.elo.k=20']);
  assert.deepEqual(plan.configurations[17]!.values, { 'model.max_depth': 6, 'model.learning_rate': 0.1, 'features.elo.k': 30 });
  const keys = new Set(plan.configurations.map((c) => c.overrides.join(' ')));
  assert.equal(keys.size, 18, 'no configuration twice');
});

test('random search: the same seed gives the same trials; intervals stay inside [lo, hi)', () => {
  const args = ['model.learning_rate=interval(0.01,0.3)', 'model.max_depth=3,4,6'];
  const a = planSweep(args, { trials: 25, seed: 7 });
  const b = planSweep(args, { trials: 25, seed: 7 });
  const c = planSweep(args, { trials: 25, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.configurations, c.configurations);
  for (const cfg of a.configurations) {
    const lr = cfg.values['model.learning_rate'] as number;
    assert.ok(lr >= 0.01 && lr < 0.3, String(lr));
    assert.ok([3, 4, 6].includes(cfg.values['model.max_depth'] as number));
  }
});

test('every swept override parses back to the value it came from', () => {
  const plan = planSweep(['a=1,2.5,true,null', "b='x y',plain,'3'", 'c=[1,2],[3]']);
  for (const cfg of plan.configurations) {
    for (const o of cfg.overrides) {
      const p = parseOverride(o);
      assert.deepEqual(p.value, cfg.values[p.key], o);
    }
  }
});

test('property: formatted values round-trip through the override parser', () => {
  const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }));
  fc.assert(
    fc.property(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), (v) => {
      assert.deepEqual(parseOverride(`k=${formatSweepValue(v)}`).value, Object.is(v, -0) ? 0 : v);
    }),
  );
});

test('shards: --shard I/N or a batch engine index; the shards partition the plan', () => {
  assert.deepEqual(resolveShard('1/4', {}), { index: 1, count: 4 });
  assert.deepEqual(resolveShard(undefined, {}), { index: 0, count: 1 });
  assert.deepEqual(resolveShard(undefined, { JOB_COMPLETION_INDEX: '2', EDGELAB_SHARDS: '3' }), { index: 2, count: 3 });
  assert.deepEqual(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' }), { index: 4, count: 8 });
  assert.throws(() => resolveShard('4/4', {}), /0 ≤ I < N/);
  assert.throws(() => resolveShard('x', {}), /I\/N/);
  assert.throws(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '0' }), /EDGELAB_SHARDS/);
  const plan = planSweep(['a=range(10)', 'b=1,2,3']);
  for (const n of [1, 2, 4]) {
    const seen = Array.from({ length: n }, (_, i) => shardConfigurations(plan, { index: i, count: n })).flat().map((c) => c.index).sort((x, y) => x - y);
    assert.deepEqual(seen, plan.configurations.map((c) => c.index), `${n} shards`);
  }
});

test('splitTopLevel respects quotes, brackets and parentheses', () => {
  assert.deepEqual(splitTopLevel(`a,'b,c',[d,e],f(g,h),"i\\",j"`), ['a', "'b,c'", '[d,e]', 'f(g,h)', '"i\\",j"']);
});
