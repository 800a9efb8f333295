// The cheaper build of the configuration (yaml-lite.ts's fast path, zod without its JIT) composes
// exactly what the reference path does — config, choices and origins — for the demo project, the
// NFL and the college templates, with and without an experiment. The reference: the same files,
// each ending in YAML's document-end marker `...`, which the fast path leaves to the yaml package
// (the marker changes no value), and zod's JIT parse of the composed result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './load.ts';
import { parseLite } from './yaml-lite.ts';
import { edgelabConfigSchema } from './schema.ts';
import { makeConf } from '../../test/helpers/tmp.ts';

/** A copy of the package's conf/ for `league`, every file left to the yaml package if `viaYaml`. */
function project(league: string, viaYaml: boolean): string {
  const conf = makeConf();
  for (const rel of readdirSync(conf, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'))) {
    const file = join(conf, rel);
    let text = readFileSync(file, 'utf8');
    if (rel === 'config.yaml') text = text.replace('- league: demo', `- league: ${league}`);
    if (viaYaml) {
      text += '\n...\n';
      assert.equal(parseLite(text), undefined, `${rel} must take yaml's path in the reference`);
    } else {
      assert.notEqual(parseLite(text), undefined, `${rel} takes the fast path`);
    }
    writeFileSync(file, text);
  }
  return conf;
}

for (const league of ['demo', 'nfl', 'cfb']) {
  test(`the ${league} project's configuration is the same through the fast path and through yaml`, () => {
    const fast = project(league, false);
    const reference = project(league, true);
    for (const overrides of [[], ['experiment=v2-003'], ['model=gbdt', 'features=full']]) {
      const got = loadConfig({ confDir: fast, overrides, env: {} });
      const want = loadConfig({ confDir: reference, overrides, env: {} });
      assert.deepStrictEqual(got, want, `${league} ${overrides.join(' ')}`);
      assert.equal(got.config.data.league, league);
      // zod's JIT parse (its default) of the composed configuration gives the same value back.
      assert.deepStrictEqual(edgelabConfigSchema.parse(got.config), got.config);
    }
  });
}
