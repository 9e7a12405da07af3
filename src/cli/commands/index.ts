import type { RegisterCommand } from '../command.ts';

/**
 * Every subcommand by name, loaded on demand: a command imports only its
 * own modules, so `hotline triage` does not pay for the server or the
 * architecture search at start-up. A module adds one entry here.
 */
export const commandLoaders: Record<string, () => Promise<RegisterCommand>> = {
  run: async () => (await import('./run.ts')).registerRun,
  report: async () => (await import('./report.ts')).registerReport,
  triage: async () => (await import('./triage.ts')).registerTriage,
  kb: async () => (await import('./kb.ts')).registerKb,
  ask: async () => (await import('./ask.ts')).registerAsk,
  hotspots: async () => (await import('./hotspots.ts')).registerHotspots,
  alerts: async () => (await import('./alerts.ts')).registerAlerts,
  train: async () => (await import('./train.ts')).registerTrain,
  eval: async () => (await import('./eval.ts')).registerEval,
  nas: async () => (await import('./nas.ts')).registerNas,
  serve: async () => (await import('./serve.ts')).registerServe,
  users: async () => (await import('./users.ts')).registerUsers,
  teach: async () => (await import('./teach.ts')).registerTeach,
  review: async () => (await import('./review.ts')).registerReview,
  labels: async () => (await import('./labels.ts')).registerLabels,
  cascade: async () => (await import('./cascade.ts')).registerCascade,
  distill: async () => (await import('./distill.ts')).registerDistill,
};

/**
 * Loads the commands needed for `argv`: the named one, or all of them
 * when the first argument names none (help, a typo, no argument).
 */
export async function loadCommands(argv: string[]): Promise<RegisterCommand[]> {
  const name = argv[0];
  const loader = name === undefined ? undefined : commandLoaders[name];
  if (loader !== undefined) return [await loader()];
  return Promise.all(Object.values(commandLoaders).map((load) => load()));
}
