import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSecretEnvName, maskUrl, maskUrlsIn, redact, secretValues } from './redact.ts';

test('maskUrl: the password (or a lone user-info token) becomes ***; hosts, ports and paths stay', () => {
  assert.equal(maskUrl('http://user:pw@host:5000/prefix'), 'http://user:***@host:5000/prefix');
  assert.equal(maskUrl('https://tok@host'), 'https://***@host');
  assert.equal(maskUrl('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
  // Malformed (an unencoded / or @ in the password): still masked up to the last @.
  assert.equal(maskUrl('http://u:pa/ss@host'), 'http://u:***@host');
  assert.equal(maskUrl('http://u:p@ss@host/p?q=a@b'), 'http://u:***@host/p?q=a@b');
  assert.equal(maskUrl('/data/mlruns'), '/data/mlruns');
});

test('maskUrlsIn masks every URL of a text', () => {
  assert.equal(
    maskUrlsIn('cannot reach http://user:PASSWORD@127.0.0.1:9: x; see https://tok@h/y and http://plain:80/'),
    'cannot reach http://user:***@127.0.0.1:9: x; see https://***@h/y and http://plain:80/',
  );
});

test('redact hides the values of the credential variables and the tracking URI password, not the user name', () => {
  const env = { CFBD_API_KEY: 'cfbd-123', MLFLOW_TRACKING_TOKEN: 'tok-456', MLFLOW_TRACKING_USERNAME: 'alice', AWS_SECRET_ACCESS_KEY: 'aws/789', MLFLOW_TRACKING_URI: 'https://alice:p%40ss-word@h' };
  assert.equal(redact('a cfbd-123 b tok-456 c aws/789 d p@ss-word e p%40ss-word f /home/alice', env), 'a *** b *** c *** d *** e *** f /home/alice');
  assert.deepEqual(secretValues({ CFBD_API_KEY: 'ab' }), [], 'values under 4 characters are not hunted');
  assert.ok(isSecretEnvName('CFBD_API_KEY') && isSecretEnvName('MY_SERVICE_TOKEN') && isSecretEnvName('DB_PASSWORD') && isSecretEnvName('GITHUB_KEY'));
  assert.ok(!isSecretEnvName('SEED') && !isSecretEnvName('EL_TAG') && !isSecretEnvName('KEYBOARD') && !isSecretEnvName('MONKEY_COUNT'));
});

test('property: no secret survives redact, whatever it is made of and wherever it sits', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 4, maxLength: 12 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), (secret, pieces) => {
      const text = pieces.join(secret) + secret;
      assert.ok(!redact(text, { CFBD_API_KEY: secret }).includes(secret));
    }),
  );
  // Secrets made of the mask's own character, where one replacement can complete another.
  fc.assert(
    fc.property(fc.stringMatching(/^[*a]{4,8}$/), fc.stringMatching(/^[*a]{0,16}$/), (secret, filler) => {
      assert.ok(!redact(filler + secret + filler, { MLFLOW_TRACKING_TOKEN: secret }).includes(secret));
    }),
  );
});

test('property: a percent-encoded password in a URL never survives maskUrl or maskUrlsIn', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ minLength: 1, maxLength: 16 }), fc.stringMatching(/^(\/[a-z0-9]{0,6}){0,3}$/), (user, pw, path) => {
      const enc = encodeURIComponent(pw);
      const url = `https://${user}:${enc}@mlflow.example:443${path}`;
      assert.equal(maskUrl(url), `https://${user}:***@mlflow.example:443${path}`);
      assert.equal(maskUrlsIn(`error: cannot reach ${url}: refused`), `error: cannot reach https://${user}:***@mlflow.example:443${path}: refused`);
    }),
  );
});
