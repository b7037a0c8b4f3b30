// Test environments and build host pools: the throw-away side of the infrastructure config.
import { BuildHostPoolConfig, MirrorConfig, TestEnvironmentConfig, TestHostRole, TestRole } from './model';
import { CIDR, FLAVOR_ID, HTTP_URL, OPENSTACK_NAME, UUID, ValuePattern } from './patterns';
import { readRef, readSuppression } from './infra-reader';
import { KeyPath, YamlReader } from './reader';

/** An OpenSSH public key on one line; a private key here would end up in Terraform's state. */
const SSH_PUBLIC_KEY: ValuePattern = {
  pattern: /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+=*( [^\n]*)?$/,
  expected: 'an OpenSSH public key such as "ssh-ed25519 AAAA... user@host" (never a private key)',
};
/** Host names are `<prefix>-<role>-NN`: the prefix keeps parallel CI runs apart. */
export const PREFIX: ValuePattern = {
  pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
  expected: 'a lowercase name prefix of 2-32 letters, digits or "-"',
};
/**
 * The tag (and volume metadata key) whose value is the prefix a test environment's resources were made
 * under: `release-train-prefix=<prefix>`. The leak sweep (`test-cloud sweep`) finds a run's resources by it.
 */
export const PREFIX_TAG_KEY = 'release-train-prefix';
const LABEL: ValuePattern = { pattern: /^[A-Za-z0-9._-]{1,64}$/, expected: 'a runner label' };
const TAG: ValuePattern = { pattern: /^[A-Za-z0-9._:=-]{1,60}$/, expected: 'a tag without spaces or commas' };

const ROLES_BY_KIND: Record<TestEnvironmentConfig['kind'], readonly TestRole[]> = {
  aio: ['aio'],
  multinode: ['seed', 'controller', 'compute', 'storage'],
};
/** YAML key of each role, and how many hosts it may have. */
const ROLE_KEYS: Record<TestRole, { key: string; min: number; max: number; fixed?: number }> = {
  aio: { key: 'aio', min: 1, max: 1, fixed: 1 },
  seed: { key: 'seed', min: 1, max: 1, fixed: 1 },
  controller: { key: 'controllers', min: 1, max: 16 },
  compute: { key: 'computes', min: 0, max: 64 },
  storage: { key: 'storage', min: 0, max: 32 },
};

function readRole(reader: YamlReader, at: KeyPath, role: TestRole): TestHostRole {
  const { min, max, fixed } = ROLE_KEYS[role];
  reader.object(
    at,
    fixed ? ['flavorId', 'flavorName', 'bootVolumeSizeGiB'] : ['count', 'flavorId', 'flavorName', 'bootVolumeSizeGiB'],
  );
  return {
    count: fixed ?? reader.integer([...at, 'count'], { min, max }) ?? 0,
    flavor: readRef(reader, at, 'flavor', FLAVOR_ID),
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 0, max: 16384, default: 100 }) ?? 0,
  };
}

function readExistingNetwork(reader: YamlReader, at: KeyPath) {
  reader.object(at, ['networkId', 'networkName', 'subnetId', 'subnetName']);
  return { network: readRef(reader, at, 'network', UUID), subnet: readRef(reader, at, 'subnet', UUID) };
}

/** `pulpMirror`: the name of a `mirrors` entry with a `versionsFile`, whose pins `test-cloud sync` mirrors into it. */
function readPulpMirror(reader: YamlReader, at: KeyPath, mirrors: readonly MirrorConfig[]): string | undefined {
  const name = reader.optionalString(at, OPENSTACK_NAME);
  if (name === undefined) return undefined;
  const mirror = mirrors.find((m) => m.name === name);
  if (!mirror) {
    const names = mirrors.slice(0, 5).map((m) => JSON.stringify(m.name));
    if (mirrors.length > 5) names.push(`and ${mirrors.length - 5} more`);
    const known = mirrors.length ? names.join(', ') : 'a mirror, but this config has none';
    reader.error(at, `dangling reference (expected one of mirrors[].name: ${known}, got ${JSON.stringify(name)})`);
  } else if (!mirror.versionsFile) {
    reader.error(
      at,
      `invalid value (expected a mirror with a versionsFile to sync from, got ${JSON.stringify(name)}, which has none)`,
    );
  }
  return name;
}

function readTestEnvironment(reader: YamlReader, at: KeyPath, mirrors: readonly MirrorConfig[]): TestEnvironmentConfig {
  const kind = reader.oneOf([...at, 'kind'], ['aio', 'multinode'] as const) ?? 'multinode';
  const roleKeys = ROLES_BY_KIND[kind].map((role) => ROLE_KEYS[role].key);
  reader.object(at, [
    'name',
    'kind',
    'prefix',
    'imageId',
    'imageName',
    'network',
    'subnetCidr',
    'sshPublicKey',
    'sshUser',
    'controlHost',
    ...roleKeys,
    'osdVolumes',
    'infraVms',
    'adminCidrs',
    'tags',
    'pulpMirror',
    'suppressions',
  ]);
  const none: TestHostRole = { count: 0, flavor: { id: '' }, bootVolumeSizeGiB: 0 };
  const roles = Object.fromEntries(
    (Object.keys(ROLE_KEYS) as TestRole[]).map((role) => [
      role,
      ROLES_BY_KIND[kind].includes(role) ? readRole(reader, [...at, ROLE_KEYS[role].key], role) : none,
    ]),
  ) as Record<TestRole, TestHostRole>;
  const control = [...at, 'controlHost'];
  reader.object(control, ['flavorId', 'flavorName', 'bootVolumeSizeGiB', 'floatingIpPool']);
  const osd = [...at, 'osdVolumes'];
  if (reader.has(osd)) reader.object(osd, ['perHost', 'sizeGiB', 'volumeType']);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    kind,
    defaultPrefix: reader.string([...at, 'prefix'], PREFIX) ?? '',
    image: readRef(reader, at, 'image', UUID),
    network: readExistingNetwork(reader, [...at, 'network']),
    subnetCidr: reader.string([...at, 'subnetCidr'], CIDR) ?? '',
    sshPublicKey: reader.string([...at, 'sshPublicKey'], SSH_PUBLIC_KEY) ?? '',
    sshUser: reader.string([...at, 'sshUser'], { ...OPENSTACK_NAME, default: 'cloud-user' }),
    controlHost: {
      flavor: readRef(reader, control, 'flavor', FLAVOR_ID),
      bootVolumeSizeGiB: reader.integer([...control, 'bootVolumeSizeGiB'], { min: 0, max: 16384, default: 100 }) ?? 0,
      floatingIpPool: reader.optionalString([...control, 'floatingIpPool'], OPENSTACK_NAME),
    },
    roles,
    osdVolumes: {
      perHost: reader.integer([...osd, 'perHost'], { min: 0, max: 16, default: 1 }) ?? 0,
      sizeGiB: reader.integer([...osd, 'sizeGiB'], { min: 1, max: 16384, default: 40 }) ?? 0,
      volumeType: reader.optionalString([...osd, 'volumeType'], OPENSTACK_NAME),
    },
    infraVms: reader.namedList([...at, 'infraVms'], 'infra VM', (vm) => {
      reader.object(vm, ['name', 'flavorId', 'flavorName', 'bootVolumeSizeGiB']);
      return {
        name: reader.string([...vm, 'name'], OPENSTACK_NAME) ?? '',
        flavor: readRef(reader, vm, 'flavor', FLAVOR_ID),
        bootVolumeSizeGiB: reader.integer([...vm, 'bootVolumeSizeGiB'], { min: 0, max: 16384, default: 100 }) ?? 0,
      };
    }),
    adminCidrs: reader.stringList([...at, 'adminCidrs'], { ...CIDR, minItems: 1 }),
    tags: reader.stringList([...at, 'tags'], { ...TAG, default: [] }),
    pulpMirror: readPulpMirror(reader, [...at, 'pulpMirror'], mirrors),
    suppressions: Array.from({ length: reader.listLength([...at, 'suppressions']) }, (_, i) =>
      readSuppression(reader, [...at, 'suppressions', i]),
    ),
  };
}

function readBuildHostPool(reader: YamlReader, at: KeyPath): BuildHostPoolConfig {
  reader.object(at, [
    'name',
    'count',
    'flavorId',
    'flavorName',
    'imageId',
    'imageName',
    'bootVolumeSizeGiB',
    'network',
    'runnerUrl',
    'labels',
    'adminCidrs',
    'sshPublicKey',
    'suppressions',
  ]);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    count: reader.integer([...at, 'count'], { min: 1, max: 50 }) ?? 0,
    flavor: readRef(reader, at, 'flavor', FLAVOR_ID),
    image: readRef(reader, at, 'image', UUID),
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 1, max: 16384, default: 100 }) ?? 0,
    network: readExistingNetwork(reader, [...at, 'network']),
    runnerUrl: reader.string([...at, 'runnerUrl'], HTTP_URL) ?? '',
    labels: reader.stringList([...at, 'labels'], { ...LABEL, minItems: 1 }),
    adminCidrs: reader.stringList([...at, 'adminCidrs'], { ...CIDR, minItems: 1 }),
    sshPublicKey: reader.string([...at, 'sshPublicKey'], SSH_PUBLIC_KEY) ?? '',
    suppressions: Array.from({ length: reader.listLength([...at, 'suppressions']) }, (_, i) =>
      readSuppression(reader, [...at, 'suppressions', i]),
    ),
  };
}

/** `mirrors` as read already: a test environment's `pulpMirror` names one of them. */
export function readTestEnvironments(
  reader: YamlReader,
  at: KeyPath,
  mirrors: readonly MirrorConfig[],
): TestEnvironmentConfig[] {
  return reader.namedList(at, 'test environment', (item) => readTestEnvironment(reader, item, mirrors));
}

export function readBuildHostPools(reader: YamlReader, at: KeyPath): BuildHostPoolConfig[] {
  return reader.namedList(at, 'build host pool', (item) => readBuildHostPool(reader, item));
}
