// The first module of a unit batch (scripts/unit-batches.mjs imports it before the batch's test
// files): the batch's in-process CLI runs main() from the product modules its unit files import
// anyway, not from the bundle beside them — one copy of the product loaded, compiled and warmed up
// per batch instead of two (≈ 4 s of CPU over the two batches, 3 interleaved rounds). The bundle
// stays covered by every CLI process the tests spawn, test/e2e/bundle.test.ts and the quick demo's
// bundle-against-sources comparison; see cliFromImportedModules.
import { cliFromImportedModules } from './cli-in-process.ts';

cliFromImportedModules();
