// Every command of the CLI, one file each. Add a command by adding its import and its entry
// (one line each: .gitattributes merges this file with the union driver).
import type { Command } from 'commander';
import { registerInit } from './init.ts';
import { registerDoctor } from './doctor.ts';
import { registerConfig } from './config.ts';
import { registerData } from './data.ts';
import { registerValidate } from './validate.ts';
import { registerArchive } from './archive.ts';
import { registerBets } from './bets.ts';
import { registerCleanup } from './cleanup.ts';
import { registerDashboard } from './dashboard.ts';
import { registerDemo } from './demo.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerExperiment } from './experiment.ts';
import { registerFeatures } from './features.ts';
import { registerList } from './list.ts';
import { registerMlflow } from './mlflow.ts';
import { registerMonitor } from './monitor.ts';
import { registerPredict } from './predict.ts';
import { registerReport } from './report.ts';
import { registerPromote } from './promote.ts';
import { registerRegeneratePlots } from './regenerate-plots.ts';
import { registerRoi } from './roi.ts';
import { registerRuns } from './runs.ts';
import { registerScore } from './score.ts';
import { registerShow } from './show.ts';
import { registerTrain } from './train.ts';
import { registerWeek } from './week.ts';
import { registerWhere } from './where.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerInit,
  registerDoctor,
  registerConfig,
  registerData,
  registerValidate,
  registerArchive,
  registerBets,
  registerCleanup,
  registerDashboard,
  registerDemo,
  registerEvaluate,
  registerExperiment,
  registerFeatures,
  registerList,
  registerMlflow,
  registerMonitor,
  registerPredict,
  registerPromote,
  registerRegeneratePlots,
  registerReport,
  registerRoi,
  registerRuns,
  registerScore,
  registerShow,
  registerTrain,
  registerWeek,
  registerWhere,
];
