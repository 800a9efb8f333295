// The fault matrix (test/reliability/fault-matrix.ts), second half: the data and the weekly
// commands — predict, score, monitor, validate, week, data import, mlflow sync, data demo.
import { WEEKLY_CASES, matrix } from './fault-matrix.ts';

matrix('fault matrix: data and the weekly loop', WEEKLY_CASES);
