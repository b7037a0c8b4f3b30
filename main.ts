// Wires the validated config to stacks; nothing else. Config file: $RELEASE_TRAIN_CONFIG, else the example.
// RELEASE_TRAIN_TASKS=off synthesises the infrastructure only (no release task on Ark or a mirror).
import { formatIssue, loadConfig } from './config';
import { synthErrorMessage, synthesise, tasksSwitch } from './stacks';

try {
  const tasks = tasksSwitch(process.env.RELEASE_TRAIN_TASKS);
  const config = loadConfig(process.env.RELEASE_TRAIN_CONFIG || undefined);
  // Warnings go to stderr in the error format and do not stop synthesis.
  for (const warning of config.warnings ?? []) console.error(formatIssue(warning));
  synthesise(config, undefined, { tasks });
} catch (error) {
  const message = synthErrorMessage(error);
  if (message === undefined) throw error;
  console.error(message);
  process.exitCode = 1;
}
