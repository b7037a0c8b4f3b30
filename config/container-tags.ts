// The container promotion input (DOMAIN.md §5.9): a YAML mapping of image name to the tags to release,
// e.g. `nova-api: [2024.1-rocky-9-20240811T091848]`. Errors use the config's file:line:col format.
import * as fs from 'node:fs';
import { isMap, isScalar } from 'yaml';
import { ConfigError } from './errors';
import { YamlReader } from './reader';

const IMAGE = {
  pattern: /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
  expected: 'an image name such as nova-api',
};
const TAG = { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, expected: 'a container tag' };

export function parseContainerTags(text: string, file: string): Map<string, string[]> {
  const reader = new YamlReader(text, file);
  reader.finish();
  if (!isMap(reader.node([]))) reader.error([], 'wrong type (expected a mapping of image name to a list of tags)');
  const tags = new Map<string, string[]>();
  const root = reader.node([]);
  for (const pair of isMap(root) ? root.items : []) {
    // `123:` or `true:` are YAML numbers and booleans: not names, and not reachable by a string path.
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      reader.error(
        [String(pair.key)],
        `invalid image name (expected ${IMAGE.expected}, got ${JSON.stringify(String(pair.key))})`,
      );
    }
  }
  for (const image of reader.keys([])) {
    if (!reader.has([image])) continue;
    if (!IMAGE.pattern.test(image)) reader.error([image], `invalid image name (expected ${IMAGE.expected})`);
    tags.set(image, reader.stringList([image], { ...TAG, minItems: 1 }));
  }
  reader.finish();
  return tags;
}

export function loadContainerTags(file: string): Map<string, string[]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { file, line: 0, col: 0, keyPath: '', message: `cannot read: ${(error as Error).message}` },
    ]);
  }
  return parseContainerTags(text, file);
}
