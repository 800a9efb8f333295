// The fault matrix (test/reliability/fault-matrix.ts), first half: the commands that change the
// experiments and the champion — train (a new id and a retrain), evaluate, archive and restore,
// cleanup, promote, rollback.
import { EXPERIMENT_CASES, matrix } from './fault-matrix.ts';

matrix('fault matrix: experiments and the champion', EXPERIMENT_CASES);
