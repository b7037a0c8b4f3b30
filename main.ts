// Wires the validated config to stacks; nothing else. Config file: $RELEASE_TRAIN_CONFIG, else the example.
import { loadConfig } from './config';
import { synthErrorMessage, synthesise } from './stacks';

try {
  synthesise(loadConfig(process.env.RELEASE_TRAIN_CONFIG || undefined));
} catch (error) {
  const message = synthErrorMessage(error);
  if (message === undefined) throw error;
  console.error(message);
  process.exitCode = 1;
}
