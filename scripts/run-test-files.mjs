#!/usr/bin/env node
// The second half of run-tests.mjs: node's own test runner over the files in the order given
// (`node --test FILES` sorts them by name; `run()` keeps ours, slowest first), two at a time,
// with the reporter `node --test` uses by default (spec on a terminal, TAP otherwise), so the
// summary lines CI counts are the same. Started by run-tests.mjs with --import tsx and the test
// setup, which the test processes inherit.
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const files = process.argv.slice(2).map((f) => resolve(f));
// Two at a time (two cores); run-tests.mjs --slots=N sets EDGELAB_TEST_SLOTS to try another number.
const slots = Number(process.env.EDGELAB_TEST_SLOTS) || 2;
const stream = run({ files, concurrency: slots });
stream.on('test:fail', (data) => {
  if (!data.todo) process.exitCode = 1;
});
// Each test file's top-level tests' time, by the file that declared them: in a process that runs
// a batch of files (scripts/unit-batches.mjs) this is what tells the files' times apart, so that
// run-tests.mjs shares a batch's time among its files by what each took (EDGELAB_TEST_FILE_TIMES).
const byFile = {};
const add = (data) => {
  if (data.nesting === 0 && data.file) byFile[data.file] = (byFile[data.file] ?? 0) + (data.details?.duration_ms ?? 0);
};
stream.on('test:pass', add);
stream.on('test:fail', add);
const fileTimes = process.env.EDGELAB_TEST_FILE_TIMES;
if (fileTimes) process.on('exit', () => writeFileSync(fileTimes, JSON.stringify(byFile)));
stream.compose(process.stdout.isTTY ? spec : tap).pipe(process.stdout);
