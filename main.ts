// Wires the validated config to stacks; nothing else. Config file: $RELEASE_TRAIN_CONFIG, else the example.
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './config';
import { buildStacks } from './stacks';

try {
  const config = loadConfig(process.env.RELEASE_TRAIN_CONFIG || undefined);
  const app = new App();
  buildStacks(app, config);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
