import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq } from 'yaml';
import { ConfigError } from './errors';
import { OpenStackSettings, ReleaseTrainConfig } from './model';
import { PROJECT_ROOT } from './project-root';
import { OPENSTACK_NAME } from './patterns';
import {
  HOST_DEFAULT_KEYS,
  readArk,
  readBackend,
  readExistingArk,
  readHostDefaults,
  readMirrors,
} from './infra-reader';
import { readContent } from './content-reader';
import { readBuildHostPools, readTestEnvironments } from './test-env-reader';
import { readSourceRepos } from './source-repos-reader';
import { ExpectationObserver, KeyPath, YamlReader } from './reader';

/** The embedded default config: the example that the README's first command synthesises. */
export const DEFAULT_CONFIG_FILE = path.join(PROJECT_ROOT, 'config', 'examples', 'release-train.yaml');

/** Reads and validates a config file; throws ConfigError listing every problem found. */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): ReleaseTrainConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { file, line: 0, col: 0, keyPath: '', message: `cannot read: ${(error as Error).message}` },
    ]);
  }
  return parseConfig(text, file, absolute);
}

/**
 * Validates config text; `file` is the name used in error messages. `observe` is told every rule checked
 * (config/schema.ts builds the JSON Schema from them).
 */
export function parseConfig(
  text: string,
  file: string,
  sourceFile: string = path.resolve(file),
  observe?: ExpectationObserver,
): ReleaseTrainConfig {
  const reader = new YamlReader(text, file, observe);
  reader.finish(); // YAML syntax errors make the rest meaningless
  reader.object(
    [],
    ['openstack', 'backend', 'ark', 'mirrors', 'testEnvironments', 'buildHostPools', 'sourceRepos', 'content'],
  );
  const mirrors = reader.node(['mirrors']);
  const mirrorOnOpenStack = isSeq(mirrors) && mirrors.items.some((item) => isMap(item) && item.has('openstack'));
  const arkOnOpenStack = reader.has(['ark']) && !reader.has(['ark', 'existingHost']);
  const needsOpenStack =
    arkOnOpenStack || mirrorOnOpenStack || ['testEnvironments', 'buildHostPools'].some((key) => reader.has([key]));
  const openstack = needsOpenStack || reader.has(['openstack']) ? readOpenStack(reader, ['openstack']) : undefined;
  const existingArk = reader.has(['ark', 'existingHost']) ? readExistingArk(reader, ['ark']) : undefined;
  const ark = reader.has(['ark']) && !existingArk ? readArk(reader, ['ark'], openstack?.defaults ?? {}) : undefined;
  const mirrorConfigs = readMirrors(reader, ['mirrors'], ark ?? existingArk, openstack?.defaults ?? {});
  const config: ReleaseTrainConfig = {
    sourceFile,
    openstack,
    backend: readBackend(reader, ['backend']),
    ark,
    existingArk,
    mirrors: mirrorConfigs,
    testEnvironments: readTestEnvironments(reader, ['testEnvironments'], mirrorConfigs),
    buildHostPools: readBuildHostPools(reader, ['buildHostPools']),
    sourceRepos: readSourceRepos(reader, ['sourceRepos']),
    content: readContent(reader, ['content']),
  };
  reader.finish();
  const warnings = reader.warnings();
  return warnings.length ? { ...config, warnings } : config;
}

function readOpenStack(reader: YamlReader, at: KeyPath): OpenStackSettings {
  reader.object(at, ['cloud', 'region', ...HOST_DEFAULT_KEYS]);
  return {
    cloud: reader.string([...at, 'cloud'], OPENSTACK_NAME) ?? '',
    region: reader.optionalString([...at, 'region'], OPENSTACK_NAME),
    defaults: readHostDefaults(reader, at),
  };
}
