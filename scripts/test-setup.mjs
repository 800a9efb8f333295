// Loaded before every test file: property tests run with a fixed fast-check seed, so a CI run is
// reproducible (a failure prints its seed and path). FC_SEED=<n> tries another seed; FC_SEED=random
// explores (use it locally to hunt for new counterexamples).
import fc from 'fast-check';

const env = process.env.FC_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20261129 });
