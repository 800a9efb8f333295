// Loaded first by test-setup.mjs, before any test file imports node:test: node:test's harness
// (Node 20, lib/internal/test_runner/harness.js) registers an async hook whose `init` maps every
// async resource a test creates to that test — how an uncaught exception or an unhandled rejection
// in a timer or a callback fails the test that caused it — and whose `destroy` deletes the entry
// again. A `destroy` callback makes Node track every promise for its collection (a weak handle per
// promise, visited by every garbage collection, and a callback when it goes). A unit batch makes
// ≈ 170 k promises: alone, 8 interleaved pairs of runs with and without the callback differed by a
// median of −1.2 s of its ≈ 39 s of user + system time (−3%; pairs from +4.6 to −5.4 s, 6 of 8
// lower; session 15); the in-process group's ≈ 56 k promises, less. Without it the map keeps the ids of
// finished resources (≈ 200 k numbers per batch, a few MB; async ids are never reused, so a
// stale entry cannot misattribute), and an error is still reported against its test as before
// (test/architecture/test-harness.test.ts). The hook is recognised by its caller; anything else
// creating hooks gets createHook unchanged, and a Node whose harness differs is left as it is.
import asyncHooks from 'node:async_hooks';

const createHook = asyncHooks.createHook;
let trimmed = 0;

asyncHooks.createHook = function (callbacks) {
  if (callbacks?.init && callbacks.destroy && /[\\/]test_runner[\\/]harness/.test(new Error().stack ?? '')) {
    trimmed++;
    const { destroy: _unused, ...rest } = callbacks;
    return createHook.call(this, rest);
  }
  return createHook.call(this, callbacks);
};

// For the test that checks the trim still applies (a Node upgrade could change the harness).
if (process.env.EDGELAB_TEST_HARNESS_REPORT) process.on('exit', () => process.stderr.write(`test-harness: ${trimmed} hook(s) without destroy\n`));
