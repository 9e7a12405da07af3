import type { RegisterCommand } from '../command.ts';
import { registerRun } from './run.ts';
import { registerReport } from './report.ts';
import { registerTriage } from './triage.ts';
import { registerKb } from './kb.ts';
import { registerAsk } from './ask.ts';
import { registerHotspots } from './hotspots.ts';
import { registerAlerts } from './alerts.ts';
import { registerTrain } from './train.ts';
import { registerEval } from './eval.ts';
import { registerNas } from './nas.ts';
import { registerServe } from './serve.ts';
import { registerUsers } from './users.ts';
import { registerTeach } from './teach.ts';
import { registerReview } from './review.ts';
import { registerLabels } from './labels.ts';
import { registerCascade } from './cascade.ts';

/**
 * Every subcommand. A module adds its `register` function here with one
 * import and one list entry.
 */
export const commands: RegisterCommand[] = [
  registerRun,
  registerReport,
  registerTriage,
  registerKb,
  registerAsk,
  registerHotspots,
  registerAlerts,
  registerTrain,
  registerEval,
  registerNas,
  registerServe,
  registerUsers,
  registerTeach,
  registerReview,
  registerLabels,
  registerCascade,
];
