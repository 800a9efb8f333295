// When V8 optimises a function: after it has run 10 × V8's default budget of bytecode (67,584
// bytes) instead of after the default. A command is short and does much of its work in code that
// runs a few hundred times: TurboFan's compiles were ≈ 23% of the quick demo's CPU (perf, on V8's
// background threads, in every isolate), much of it functions optimised, deoptimised and
// optimised again while their type feedback was still settling (the GBDT's `boost` 16 times).
// Hot loops (fits, reads, renders) still reach the budget within milliseconds. Measured,
// interleaved against the default: the quick demo's CPU ≈ −11% (4 × saved ≈ 8%), the test suite's
// processes −6% (scripts/run-tests.mjs passes the same budget on their command line).
// V8 reads the flag whenever a function's budget is reset, so it applies from the call on, to
// this thread and to the worker threads started after. Tiering never changes what code computes
// (the quick demo's tree is the same, PNG bytes included).
import { setFlagsFromString } from 'node:v8';

export const TIER_UP_BUDGET = 10 * 67_584;

/** Raise V8's tier-up budget for the rest of this process (idempotent). */
export function slowerTierUp(): void {
  setFlagsFromString(`--interrupt-budget=${TIER_UP_BUDGET}`);
}
