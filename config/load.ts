import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './errors';
import { HostConfig, NetworkConfig, ReleaseTrainConfig } from './model';
import { PROJECT_ROOT } from './project-root';
import { CIDR, FLAVOR_ID, IP_ADDRESS, OPENSTACK_NAME, UUID } from './patterns';
import { readContent } from './content-reader';
import { KeyPath, YamlReader } from './reader';

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

/** Validates config text; `file` is the name used in error messages. */
export function parseConfig(text: string, file: string, sourceFile: string = path.resolve(file)): ReleaseTrainConfig {
  const reader = new YamlReader(text, file);
  reader.finish(); // YAML syntax errors make the rest meaningless
  reader.object([], ['openstack', 'ark', 'content']);
  const needsOpenStack = reader.has(['ark']);
  const config: ReleaseTrainConfig = {
    sourceFile,
    openstack: needsOpenStack || reader.has(['openstack']) ? readOpenStack(reader, ['openstack']) : undefined,
    ark: reader.has(['ark']) ? readHost(reader, ['ark']) : undefined,
    content: readContent(reader, ['content']),
  };
  reader.finish();
  return config;
}

function readOpenStack(reader: YamlReader, at: KeyPath): ReleaseTrainConfig['openstack'] {
  reader.object(at, ['cloud', 'region']);
  return {
    cloud: reader.string([...at, 'cloud'], OPENSTACK_NAME) ?? '',
    region: reader.optionalString([...at, 'region'], OPENSTACK_NAME),
  };
}

function readHost(reader: YamlReader, at: KeyPath): HostConfig {
  reader.object(at, [
    'name',
    'flavorId',
    'imageId',
    'bootVolumeSizeGiB',
    'keyPair',
    'network',
    'adminCidrs',
    'contentCidrs',
  ]);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    flavorId: reader.string([...at, 'flavorId'], FLAVOR_ID) ?? '',
    imageId: reader.string([...at, 'imageId'], UUID) ?? '',
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 1, max: 16384, default: 50 }) ?? 0,
    keyPair: reader.optionalString([...at, 'keyPair'], OPENSTACK_NAME),
    network: readNetwork(reader, [...at, 'network']),
    adminCidrs: reader.stringList([...at, 'adminCidrs'], { ...CIDR, minItems: 1 }),
    contentCidrs: reader.stringList([...at, 'contentCidrs'], { ...CIDR, minItems: 1 }),
  };
}

function readNetwork(reader: YamlReader, at: KeyPath): NetworkConfig {
  if (!reader.object(at, ['create', 'existing'])) return { kind: 'existing', networkId: '', subnetId: '' };
  const kinds = reader.keys(at);
  if (kinds.length !== 1) {
    reader.error(
      at,
      `conflicting keys (expected exactly one of create or existing, got ${kinds.length === 0 ? 'neither' : 'both'})`,
    );
  }
  if (reader.has([...at, 'create'])) {
    const create = [...at, 'create'];
    reader.object(create, ['name', 'cidr', 'dnsNameservers']);
    return {
      kind: 'create',
      name: reader.string([...create, 'name'], OPENSTACK_NAME) ?? '',
      cidr: reader.string([...create, 'cidr'], CIDR) ?? '',
      dnsNameservers: reader.stringList([...create, 'dnsNameservers'], { ...IP_ADDRESS, default: [] }),
    };
  }
  const existing = [...at, 'existing'];
  reader.object(existing, ['networkId', 'subnetId']);
  return {
    kind: 'existing',
    networkId: reader.string([...existing, 'networkId'], UUID) ?? '',
    subnetId: reader.string([...existing, 'subnetId'], UUID) ?? '',
  };
}
