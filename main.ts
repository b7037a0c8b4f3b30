// Wires the validated config to stacks; nothing else. Config file: $RELEASE_TRAIN_CONFIG, else the example.
import { App } from 'cdktf';
import { loadConfig } from './config';
import { buildStacks, synthErrorMessage } from './stacks';

try {
  const config = loadConfig(process.env.RELEASE_TRAIN_CONFIG || undefined);
  const app = new App();
  buildStacks(app, config);
  app.synth();
} catch (error) {
  const message = synthErrorMessage(error);
  if (message === undefined) throw error;
  console.error(message);
  process.exitCode = 1;
}
