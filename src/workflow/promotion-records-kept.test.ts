// An experiment's config.yaml and predictions.csv are parsed once per content
// (experiment-config.ts, promotion-test.ts modelRunOf): what a caller gets must equal a fresh
// parse, follow a changed file, and never carry another caller's changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createLayout, experimentFile } from '../artifacts/layout.ts';
import { parsePredictions } from '../evaluation/experiment-records.ts';
import { readExperimentConfig } from './experiment-config.ts';
import { modelRunOf } from './promotion-test.ts';
import { copyProject, liveChampionProject } from '../../test/helpers/demo-projects.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

test('kept experiment configs and walk-forward records: equal to a fresh parse, a changed file read afresh, callers isolated', async () => {
  const dir = tempDir('edgelab-kept-records-');
  try {
    copyProject(await liveChampionProject(), dir);
    const layout = createLayout(dir);
    const first = readExperimentConfig(layout, 'v2-001');
    const file = join(first.dir, 'config.yaml');
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(first.config, readExperimentConfig(layout, 'v2-001').config);
    assert.equal(first.config.experiment.phase, 1);
    assert.equal(first.config.evaluation.first_season, parse(text).evaluation.first_season);
    // A caller's change stays with it (the first caller's and a later one's).
    first.config.experiment.phase = 3 as never;
    const later = readExperimentConfig(layout, 'v2-001');
    later.config.betting.bankroll = -1;
    assert.equal(readExperimentConfig(layout, 'v2-001').config.experiment.phase, 1);
    assert.notEqual(readExperimentConfig(layout, 'v2-001').config.betting.bankroll, -1);
    // A changed file is parsed again (and checked again).
    writeFileSync(file, text.replace(/phase: 1/, 'phase: 2'));
    assert.equal(readExperimentConfig(layout, 'v2-001').config.experiment.phase, 2);
    assert.equal(modelRunOf(layout, 'v2-001').phase, 2);
    writeFileSync(file, text.replace(/phase: 1/, 'phase: "x"'));
    assert.throws(() => readExperimentConfig(layout, 'v2-001'), /config\.yaml: experiment\.phase/);
    writeFileSync(file, text);

    const predictions = experimentFile(first.dir, 'predictions');
    const csv = readFileSync(predictions, 'utf8');
    const records = parsePredictions(csv);
    const a = modelRunOf(layout, 'v2-001');
    assert.equal(a.run.predictions.length, records.length);
    assert.deepEqual(a.run.predictions[0], { season: records[0]!.season, season_type: records[0]!.season_type, week: records[0]!.week, game_id: records[0]!.game_id, bet_type: records[0]!.market, prediction: records[0]!.prediction, actual: records[0]!.actual });
    assert.ok(a.run.bets.length > 0);
    const n = a.run.predictions.length;
    (a.run.predictions as unknown[]).pop();
    (a.run.bets as unknown[]).length = 0;
    assert.throws(() => ((a.run.predictions[0] as { prediction: number }).prediction = 99), TypeError, 'kept rows are frozen');
    const b = modelRunOf(layout, 'v2-001');
    assert.equal(b.run.predictions.length, n);
    assert.ok(b.run.bets.length > 0);
    // A changed predictions file: its new rows.
    const lines = csv.trimEnd().split('\n');
    writeFileSync(predictions, lines.slice(0, -1).join('\n') + '\n');
    assert.equal(modelRunOf(layout, 'v2-001').run.predictions.length, n - 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
