// Credentials cannot enter the configuration (and so the experiment's config.yaml, its MLflow
// params, `edgelab config` or the dashboard): not through an unknown key, not through a known one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeConf } from '../../test/helpers/tmp.ts';
import { UsageError } from '../util/errors.ts';
import { loadConfig } from './load.ts';
import { refuseSecretValues } from './secret-guard.ts';

const KEY = 'cfbd-key-0f3e9a';
const env = { CFBD_API_KEY: KEY, EL_ALIAS: KEY, EL_TAG: 'dev' };

function refused(overrides: string[], extra: Record<string, string> = {}): string {
  const conf = makeConf(extra);
  let message = '';
  assert.throws(
    () => loadConfig({ confDir: conf, overrides: ['experiment=v2-001', ...overrides], env }),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      message = e.message;
      return true;
    },
  );
  assert.ok(!message.includes(KEY), message);
  return message;
}

test('${env:CFBD_API_KEY} is refused in an unknown key and in a known string key', () => {
  assert.match(refused(['+experiment.notes=${env:CFBD_API_KEY}']), /\$\{env:CFBD_API_KEY\} in experiment\.notes.*: CFBD_API_KEY holds a credential; credentials stay out of the configuration/);
  assert.match(refused(['experiment.description=${env:CFBD_API_KEY}']), /\$\{env:CFBD_API_KEY\} in experiment\.description/);
  // Any name that reads like a credential, and the default form too.
  assert.match(refused(['experiment.description=${env:MY_SERVICE_TOKEN,x}']), /MY_SERVICE_TOKEN holds a credential/);
});

test('the strict schema alone keeps an unknown key (and what it interpolates) out', () => {
  const m = refused(['+experiment.notes=${env:EL_TAG}']);
  assert.match(m, /^unknown key experiment\.notes/);
  assert.doesNotMatch(m, /holds a credential/);
});

test('a known key holding a credential value (through another variable, or written out) is refused, naming the variable', () => {
  assert.match(refused(['experiment.description=key ${env:EL_ALIAS}']), /^config key experiment\.description \(from .*\) holds the value of CFBD_API_KEY; credentials stay out/);
  assert.match(refused([`data.warehouse=data/${KEY}.duckdb`]), /config key data\.warehouse .*holds the value of CFBD_API_KEY/);
  // Without the secret in the environment the same configuration loads.
  const ok = loadConfig({ confDir: makeConf(), overrides: ['experiment=v2-001', 'experiment.description=${env:EL_TAG}'], env: { EL_TAG: 'dev' } });
  assert.equal(ok.config.experiment?.description, 'dev');
});

test('property: any string value containing a secret is refused, and the message never shows it', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 4, maxLength: 16 }), fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b.c', 'list.1'), (secret, pre, post, where) => {
      const tree: Record<string, unknown> = { a: 'x', b: { c: 'y' }, list: ['p', 'q'], n: 3 };
      if (where === 'a') tree.a = pre + secret + post;
      else if (where === 'b.c') tree.b = { c: pre + secret + post };
      else tree.list = ['p', pre + secret + post];
      assert.throws(
        () => refuseSecretValues(tree, {}, { AWS_SECRET_ACCESS_KEY: secret }),
        (e: unknown) => e instanceof UsageError && e.message.startsWith(`config key ${where} holds the value of AWS_SECRET_ACCESS_KEY`) && !e.message.includes(secret),
      );
    }),
  );
});
