import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsPathCaveat, createTracker, parseTrackingUri, resolveTrackingTarget } from './create.ts';

test('tracking URIs: file URLs, file: paths and bare paths are file stores; http(s) is REST', () => {
  assert.deepEqual(parseTrackingUri('file:///srv/ml runs'), { kind: 'file', dir: '/srv/ml runs' });
  assert.deepEqual(parseTrackingUri('file:///srv/ml%20runs'), { kind: 'file', dir: '/srv/ml runs' });
  assert.deepEqual(parseTrackingUri('file:./store', '/p'), { kind: 'file', dir: '/p/store' });
  assert.deepEqual(parseTrackingUri('mlruns', '/p'), { kind: 'file', dir: '/p/mlruns' });
  assert.deepEqual(parseTrackingUri('https://mlflow.example:5000/prefix'), { kind: 'rest', url: 'https://mlflow.example:5000/prefix' });
  assert.throws(() => parseTrackingUri('databricks://profile'), /unsupported tracking URI 'databricks:\/\/profile'/);
  assert.throws(() => parseTrackingUri('sqlite:///mlflow.db'), /unsupported tracking URI/);
});

test('explicit URI beats MLFLOW_TRACKING_URI, which beats the default file store', () => {
  const fileStoreDir = '/proj/artifacts/mlruns';
  assert.deepEqual(resolveTrackingTarget({ fileStoreDir, env: {} }), { kind: 'file', dir: fileStoreDir });
  assert.deepEqual(resolveTrackingTarget({ fileStoreDir, env: { MLFLOW_TRACKING_URI: '' } }), { kind: 'file', dir: fileStoreDir });
  assert.deepEqual(resolveTrackingTarget({ fileStoreDir, env: { MLFLOW_TRACKING_URI: 'http://h:5000' } }), { kind: 'rest', url: 'http://h:5000' });
  assert.deepEqual(resolveTrackingTarget({ fileStoreDir, trackingUri: 'file:///x', env: { MLFLOW_TRACKING_URI: 'http://h' } }), { kind: 'file', dir: '/x' });
  assert.equal(createTracker({ fileStoreDir, env: {} }).kind, 'file');
  const rest = createTracker({ fileStoreDir, env: { MLFLOW_TRACKING_URI: 'http://h:5000/' } });
  assert.equal(rest.kind, 'rest');
  assert.equal(rest.location, 'http://h:5000');
});

test('the artifacts-folder caveat of MLflow >= 3.8 is detected', () => {
  assert.match(artifactsPathCaveat(join('/proj', 'artifacts', 'mlruns'))!, /MLflow >= 3\.8/);
  assert.equal(artifactsPathCaveat('/proj/store/mlruns'), undefined);
  assert.equal(artifactsPathCaveat('/proj/my-artifacts/mlruns'), undefined);
});
