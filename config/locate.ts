// Errors found after loading (by synthesis, by test-cloud) about a config's content, placed in its file in
// the one error format like the loader's own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './errors';
import { KeyPath, YamlReader } from './reader';

/** A reader of the config file, naming it as the person gave it: relative to here when below here. */
export function configReaderFor(sourceFile: string): YamlReader {
  const shown = path.relative(process.cwd(), sourceFile);
  return new YamlReader(fs.readFileSync(sourceFile, 'utf8'), shown.startsWith('..') ? sourceFile : shown);
}

/** A ConfigError with one problem at `at` (or its nearest present parent) of the config file. */
export function configErrorAt(sourceFile: string, at: KeyPath, message: string): ConfigError {
  const reader = configReaderFor(sourceFile);
  reader.error(at, message);
  try {
    reader.finish();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('unreachable: an error was recorded');
}
