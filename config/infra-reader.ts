import * as fs from 'node:fs';
import * as path from 'node:path';
// The infrastructure half of the config: OpenStack hosts, Ark (single or at scale), client mirrors and the
// state backend. Same reader and error format as the content half (content-reader.ts).
import {
  ArkConfig,
  ArkScaleConfig,
  BackendConfig,
  ExistingPulpConfig,
  HostConfig,
  HostDefaults,
  MirrorConfig,
  MirrorContentSet,
  NetworkConfig,
  ObjectStorageConfig,
  OpenStackRef,
} from './model';
import {
  CIDR,
  FLAVOR_ID,
  HOSTNAME,
  HTTP_URL,
  IP_ADDRESS,
  LOOKUP_NAME,
  OPENSTACK_NAME,
  PINNED_IMAGE,
  RULE_ID,
  SUPPRESSION_REASON,
  UUID,
  ValuePattern,
} from './patterns';
import { KeyPath, YamlReader } from './reader';

const HOST_KEYS = [
  'name',
  'hostname',
  'flavorId',
  'flavorName',
  'imageId',
  'imageName',
  'bootVolumeSizeGiB',
  'dataVolumeSizeGiB',
  'floatingIpPool',
  'tls',
  'pulpImage',
  'keyPair',
  'network',
  'adminCidrs',
  'contentCidrs',
  'suppressions',
];

const RELATIVE_FILE: ValuePattern = {
  pattern: /^(?!\/)[A-Za-z0-9_./-]+\.ya?ml$/,
  expected: 'a YAML file path relative to the config file',
};
const S3_BUCKET: ValuePattern = {
  pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  expected: 'an S3 bucket name (3-63 lowercase letters, digits, "." or "-")',
};
const STATE_PREFIX: ValuePattern = {
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}$/,
  expected: 'a key prefix of letters, digits, "_", ".", "/" or "-"',
};
const REGION: ValuePattern = { pattern: /^[A-Za-z0-9_-]{1,64}$/, expected: 'a region name such as RegionOne' };
const SQL_NAME: ValuePattern = { pattern: /^[a-z_][a-z0-9_]{0,62}$/, expected: 'a lowercase SQL identifier' };
const DB_HOST: ValuePattern = {
  pattern: new RegExp(`${HOSTNAME.pattern.source}|${IP_ADDRESS.pattern.source}`),
  expected: 'a DNS name or IP address',
};

const ORIGIN_URL: ValuePattern = {
  pattern: /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/,
  expected: 'an origin such as https://pulp.site.example.net (no path)',
};

/** Keys of `openstack` that hosts inherit when they do not set them. */
export const HOST_DEFAULT_KEYS = ['flavorId', 'flavorName', 'imageId', 'imageName', 'network'];

export function readHostDefaults(reader: YamlReader, at: KeyPath): HostDefaults {
  const has = (what: string) => reader.has([...at, `${what}Id`]) || reader.has([...at, `${what}Name`]);
  return {
    flavor: has('flavor') ? readRef(reader, at, 'flavor', FLAVOR_ID) : undefined,
    image: has('image') ? readRef(reader, at, 'image', UUID) : undefined,
    network: reader.has([...at, 'network']) ? readNetwork(reader, [...at, 'network']) : undefined,
  };
}

/** A host's own value, else the `openstack` default, else (neither) the host's "missing" error. */
function refOrDefault(
  reader: YamlReader,
  at: KeyPath,
  what: 'flavor' | 'image',
  pattern: ValuePattern,
  fallback: OpenStackRef | undefined,
): OpenStackRef {
  const own = reader.has([...at, `${what}Id`]) || reader.has([...at, `${what}Name`]);
  return own || !fallback ? readRef(reader, at, what, pattern) : fallback;
}

function readHost(
  reader: YamlReader,
  at: KeyPath,
  defaults: HostDefaults,
  extraKeys: readonly string[] = [],
): HostConfig {
  reader.object(at, [...HOST_KEYS, ...extraKeys]);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    hostname: reader.string([...at, 'hostname'], HOSTNAME) ?? '',
    dataVolumeSizeGiB: reader.integer([...at, 'dataVolumeSizeGiB'], { min: 1, max: 65536, default: 200 }) ?? 0,
    floatingIpPool: reader.optionalString([...at, 'floatingIpPool'], LOOKUP_NAME),
    tls: reader.boolean([...at, 'tls'], true),
    pulpImage: reader.optionalString([...at, 'pulpImage'], PINNED_IMAGE),
    flavor: refOrDefault(reader, at, 'flavor', FLAVOR_ID, defaults.flavor),
    image: refOrDefault(reader, at, 'image', UUID, defaults.image),
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 1, max: 16384, default: 50 }) ?? 0,
    keyPair: reader.optionalString([...at, 'keyPair'], OPENSTACK_NAME),
    network:
      reader.has([...at, 'network']) || !defaults.network ? readNetwork(reader, [...at, 'network']) : defaults.network,
    adminCidrs: reader.stringList([...at, 'adminCidrs'], { ...CIDR, minItems: 1 }),
    contentCidrs: reader.stringList([...at, 'contentCidrs'], { ...CIDR, minItems: 1 }),
    suppressions: Array.from({ length: reader.listLength([...at, 'suppressions']) }, (_, i) =>
      readSuppression(reader, [...at, 'suppressions', i]),
    ),
  };
}

export function readArk(reader: YamlReader, at: KeyPath, defaults: HostDefaults): ArkConfig {
  const host = readHost(reader, at, defaults, ['objectStorage', 'scale']);
  const objectStorage = reader.has([...at, 'objectStorage'])
    ? readObjectStorage(reader, [...at, 'objectStorage'])
    : undefined;
  let scale: ArkScaleConfig | undefined;
  if (reader.has([...at, 'scale'])) {
    scale = readScale(reader, [...at, 'scale'], host.network);
    if (!objectStorage) {
      reader.error([...at, 'scale'], 'needs ark.objectStorage (expected shared object storage: nodes share no disk)');
    }
    if (!host.tls) reader.error([...at, 'tls'], 'invalid value (expected true at scale: the load balancer serves TLS)');
  }
  return { ...host, objectStorage, scale };
}

function readObjectStorage(reader: YamlReader, at: KeyPath): ObjectStorageConfig {
  reader.object(at, ['endpointUrl', 'bucket', 'region']);
  return {
    endpointUrl: reader.string([...at, 'endpointUrl'], HTTP_URL) ?? '',
    bucket: reader.string([...at, 'bucket'], S3_BUCKET) ?? '',
    region: reader.string([...at, 'region'], { ...REGION, default: 'us-east-1' }),
  };
}

function readScale(reader: YamlReader, at: KeyPath, network: NetworkConfig): ArkScaleConfig {
  reader.object(at, [
    'apiNodes',
    'workerNodes',
    'workerFlavorId',
    'workerFlavorName',
    'processesPerNode',
    'database',
    'tlsCertificateRef',
    'backendCidr',
  ]);
  const database = [...at, 'database'];
  reader.object(database, ['host', 'port', 'name', 'user']);
  const hasWorkerFlavor = reader.has([...at, 'workerFlavorId']) || reader.has([...at, 'workerFlavorName']);
  const backendCidr =
    reader.optionalString([...at, 'backendCidr'], CIDR) ?? (network.kind === 'create' ? network.cidr : undefined);
  if (backendCidr === undefined && !reader.has([...at, 'backendCidr'])) {
    reader.error([...at, 'backendCidr'], 'missing (expected the CIDR of the existing subnet the nodes are on)');
  }
  return {
    apiNodes: reader.integer([...at, 'apiNodes'], { min: 1, max: 16, default: 3 }) ?? 0,
    workerNodes: reader.integer([...at, 'workerNodes'], { min: 1, max: 64, default: 2 }) ?? 0,
    workerFlavor: hasWorkerFlavor ? readRef(reader, at, 'workerFlavor', FLAVOR_ID) : undefined,
    processesPerNode: reader.integer([...at, 'processesPerNode'], { min: 1, max: 32, default: 2 }) ?? 0,
    database: {
      host: reader.string([...database, 'host'], DB_HOST) ?? '',
      port: reader.integer([...database, 'port'], { min: 1, max: 65535, default: 5432 }) ?? 0,
      name: reader.string([...database, 'name'], { ...SQL_NAME, default: 'pulp' }),
      user: reader.string([...database, 'user'], { ...SQL_NAME, default: 'pulp' }),
    },
    tlsCertificateRef: reader.string([...at, 'tlsCertificateRef'], HTTP_URL) ?? '',
    backendCidr: backendCidr ?? '',
  };
}

/** `ark: { name, existingHost: { url, contentUrl? } }`: an Ark this config does not provision. */
export function readExistingArk(reader: YamlReader, at: KeyPath): ExistingPulpConfig {
  reader.object(at, ['name', 'existingHost']);
  const host = [...at, 'existingHost'];
  reader.object(host, ['url', 'contentUrl']);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    url: reader.string([...host, 'url'], ORIGIN_URL) ?? '',
    contentUrl: reader.optionalString([...host, 'contentUrl'], HTTP_URL),
  };
}

export function readMirrors(
  reader: YamlReader,
  at: KeyPath,
  ark: { readonly name: string; readonly hostname?: string } | undefined,
  defaults: HostDefaults,
): MirrorConfig[] {
  return reader.namedList(at, 'mirror', (item) => readMirror(reader, item, ark, defaults));
}

const MIRROR_CONTENT_SETS: readonly MirrorContentSet[] = ['released', 'development'];

function readMirror(
  reader: YamlReader,
  at: KeyPath,
  ark: { readonly name: string; readonly hostname?: string } | undefined,
  defaults: HostDefaults,
): MirrorConfig {
  reader.object(at, ['name', 'upstream', 'versionsFile', 'content', 'openstack', 'existingHost']);
  const name = reader.string([...at, 'name'], OPENSTACK_NAME) ?? '';
  const upstream = reader.string([...at, 'upstream'], OPENSTACK_NAME) ?? '';
  const versionsFile = readVersionsFile(reader, [...at, 'versionsFile']);
  const content = reader.has([...at, 'content']) ? reader.oneOf([...at, 'content'], MIRROR_CONTENT_SETS) : undefined;
  if (content && !versionsFile && reader.has([...at, 'content'])) {
    reader.error([...at, 'content'], `needs versionsFile (expected the pins of the ${content} content to mirror)`);
  }
  if (reader.has([...at, 'upstream']) && upstream && upstream !== ark?.name) {
    const known = ark ? `"${ark.name}" (ark.name)` : 'an Ark, but this config has no ark section';
    reader.error([...at, 'upstream'], `dangling reference (expected ${known}, got ${JSON.stringify(upstream)})`);
  }
  const kinds = ['openstack', 'existingHost'].filter((key) => reader.has([...at, key]));
  if (kinds.length !== 1) {
    reader.error(
      at,
      `conflicting keys (expected exactly one of openstack or existingHost, got ${kinds.length || 'neither'})`,
    );
  }
  if (reader.has([...at, 'existingHost'])) {
    reader.object([...at, 'existingHost'], ['url']);
    return {
      name,
      upstream,
      versionsFile,
      content,
      host: { kind: 'existing', url: reader.string([...at, 'existingHost', 'url'], ORIGIN_URL) ?? '' },
    };
  }
  // The defaults are IDs in `openstack.cloud`: a mirror in a cloud of its own inherits none of them.
  const ownCloud = reader.has([...at, 'openstack', 'cloud']);
  const server = readHost(reader, [...at, 'openstack'], ownCloud ? {} : defaults, ['cloud']);
  if (ark && server.hostname === ark.hostname) {
    reader.error(
      [...at, 'openstack', 'hostname'],
      `invalid value (expected the mirror's own name, got Ark's ${JSON.stringify(ark.hostname)})`,
    );
  }
  return {
    name,
    upstream,
    versionsFile,
    content,
    host: {
      kind: 'openstack',
      cloud: reader.optionalString([...at, 'openstack', 'cloud'], OPENSTACK_NAME) ?? '',
      server,
    },
  };
}

/** A file named relative to the config file; it must exist, since synthesis hashes its content. */
function readVersionsFile(reader: YamlReader, at: KeyPath): string | undefined {
  const name = reader.optionalString(at, RELATIVE_FILE);
  if (name === undefined) return undefined;
  const file = path.resolve(path.dirname(path.resolve(reader.file)), name);
  if (!fs.existsSync(file))
    reader.error(
      at,
      `file not found (expected a pulp-repo-versions.yml next to the config, got ${JSON.stringify(name)})`,
    );
  return file;
}

export function readBackend(reader: YamlReader, at: KeyPath): BackendConfig {
  if (!reader.has(at)) return { kind: 'local' };
  if (!reader.object(at, ['local', 's3', 'pg', 'http'])) return { kind: 'local' };
  const kinds = reader.keys(at);
  if (kinds.length !== 1) {
    reader.error(at, `conflicting keys (expected exactly one of local, s3, pg or http, got ${kinds.length})`);
    return { kind: 'local' };
  }
  const kind = kinds[0];
  const section = [...at, kind];
  switch (kind) {
    case 's3':
      reader.object(section, ['bucket', 'keyPrefix', 'region', 'endpoint']);
      return {
        kind,
        bucket: reader.string([...section, 'bucket'], S3_BUCKET) ?? '',
        keyPrefix: reader.string([...section, 'keyPrefix'], { ...STATE_PREFIX, default: 'release-train' }),
        region: reader.string([...section, 'region'], { ...REGION, default: 'us-east-1' }),
        endpoint: reader.optionalString([...section, 'endpoint'], HTTP_URL),
      };
    case 'pg':
      reader.object(section, ['schemaPrefix']);
      return {
        kind,
        schemaPrefix: reader.string([...section, 'schemaPrefix'], { ...SQL_NAME, default: 'release_train' }),
      };
    case 'http':
      reader.object(section, ['address']);
      return { kind, address: reader.string([...section, 'address'], HTTP_URL) ?? '' };
    default:
      reader.object(section, [], false);
      return { kind: 'local' };
  }
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
    reader.object(create, ['name', 'cidr', 'dnsNameservers', 'externalNetworkId', 'externalNetworkName']);
    const routed = reader.has([...create, 'externalNetworkId']) || reader.has([...create, 'externalNetworkName']);
    return {
      kind: 'create',
      name: reader.string([...create, 'name'], OPENSTACK_NAME) ?? '',
      cidr: reader.string([...create, 'cidr'], CIDR) ?? '',
      dnsNameservers: reader.stringList([...create, 'dnsNameservers'], { ...IP_ADDRESS, default: [] }),
      externalNetwork: routed ? readRef(reader, create, 'externalNetwork', UUID) : undefined,
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
export function readSuppression(reader: YamlReader, at: KeyPath): { id: string; reason: string } {
  reader.object(at, ['id', 'reason']);
  return {
    id: reader.string([...at, 'id'], RULE_ID) ?? '',
    reason: reader.string([...at, 'reason'], SUPPRESSION_REASON) ?? '',
  };
}

/** `<what>Id` (the default: plans need no cloud) or, opted into, `<what>Name` (looked up when planning). */
export function readRef(reader: YamlReader, at: KeyPath, what: string, idPattern: ValuePattern): OpenStackRef {
  const idKey = `${what}Id`;
  const nameKey = `${what}Name`;
  const [hasId, hasName] = [reader.has([...at, idKey]), reader.has([...at, nameKey])];
  if (hasId && hasName) reader.error([...at, nameKey], `conflicting keys (expected ${idKey} or ${nameKey}, got both)`);
  // Either key names the object, so neither is required alone: the JSON Schema leaves that rule to the loader.
  const name = reader.optionalString([...at, nameKey], LOOKUP_NAME);
  const id = reader.optionalString([...at, idKey], idPattern);
  if (hasName && !hasId) return { name: name ?? '' };
  if (!hasId) reader.error([...at, idKey], `missing (expected ${idPattern.expected})`);
  return { id: id ?? '' };
}
