// Config helpers for tests: errors as a user sees them, and the example config written elsewhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, parseConfig } from '../../config';

export function configErrorsOf(text: string, file = 'site.yaml'): string {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/**
 * Writes the example config, edited, into `dir` as `name`, with the files it names beside it (the pins of
 * its versionsFile), so that it loads from there as it does from config/examples.
 */
export function writeExampleConfig(dir: string, name: string, edit: (text: string) => string = (t) => t): string {
  const examples = path.dirname(DEFAULT_CONFIG_FILE);
  fs.copyFileSync(path.join(examples, 'pulp-repo-versions.yml'), path.join(dir, 'pulp-repo-versions.yml'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(DEFAULT_CONFIG_FILE, 'utf8')));
  return file;
}
