import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './errors';
import { HostConfig, NetworkConfig, OpenStackRef, ReleaseTrainConfig } from './model';
import { PROJECT_ROOT } from './project-root';
import {
  CIDR,
  FLAVOR_ID,
  HOSTNAME,
  IP_ADDRESS,
  LOOKUP_NAME,
  OPENSTACK_NAME,
  PINNED_IMAGE,
  RULE_ID,
  SUPPRESSION_REASON,
  UUID,
  ValuePattern,
} from './patterns';
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
    'hostname',
    'flavorId',
    'flavorName',
    'imageId',
    'imageName',
    'bootVolumeSizeGiB',
    'dataVolumeSizeGiB',
    'floatingIpPool',
    'pulpImage',
    'keyPair',
    'network',
    'adminCidrs',
    'contentCidrs',
    'suppressions',
  ]);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    hostname: reader.string([...at, 'hostname'], HOSTNAME) ?? '',
    dataVolumeSizeGiB: reader.integer([...at, 'dataVolumeSizeGiB'], { min: 1, max: 65536, default: 200 }) ?? 0,
    floatingIpPool: reader.optionalString([...at, 'floatingIpPool'], LOOKUP_NAME),
    pulpImage: reader.optionalString([...at, 'pulpImage'], PINNED_IMAGE),
    flavor: readRef(reader, at, 'flavor', FLAVOR_ID),
    image: readRef(reader, at, 'image', UUID),
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 1, max: 16384, default: 50 }) ?? 0,
    keyPair: reader.optionalString([...at, 'keyPair'], OPENSTACK_NAME),
    network: readNetwork(reader, [...at, 'network']),
    adminCidrs: reader.stringList([...at, 'adminCidrs'], { ...CIDR, minItems: 1 }),
    contentCidrs: reader.stringList([...at, 'contentCidrs'], { ...CIDR, minItems: 1 }),
    suppressions: Array.from({ length: reader.listLength([...at, 'suppressions']) }, (_, i) =>
      readSuppression(reader, [...at, 'suppressions', i]),
    ),
  };
}

function readNetwork(reader: YamlReader, at: KeyPath): NetworkConfig {
  if (!reader.object(at, ['create', 'existing'])) return { kind: 'existing', network: { id: '' }, subnet: { id: '' } };
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
  reader.object(existing, ['networkId', 'networkName', 'subnetId', 'subnetName']);
  return {
    kind: 'existing',
    network: readRef(reader, existing, 'network', UUID),
    subnet: readRef(reader, existing, 'subnet', UUID),
  };
}

/** An accepted rule finding: which rule (RULES.md) and, in at least 10 characters, why. */
function readSuppression(reader: YamlReader, at: KeyPath): { id: string; reason: string } {
  reader.object(at, ['id', 'reason']);
  return {
    id: reader.string([...at, 'id'], RULE_ID) ?? '',
    reason: reader.string([...at, 'reason'], SUPPRESSION_REASON) ?? '',
  };
}

/** `<what>Id` (the default: plans need no cloud) or, opted into, `<what>Name` (looked up when planning). */
function readRef(reader: YamlReader, at: KeyPath, what: string, idPattern: ValuePattern): OpenStackRef {
  const idKey = `${what}Id`;
  const nameKey = `${what}Name`;
  if (reader.has([...at, nameKey]) && !reader.has([...at, idKey])) {
    return { name: reader.string([...at, nameKey], LOOKUP_NAME) ?? '' };
  }
  if (reader.has([...at, nameKey])) {
    reader.error([...at, nameKey], `conflicting keys (expected ${idKey} or ${nameKey}, got both)`);
  }
  return { id: reader.string([...at, idKey], idPattern) ?? '' };
}
