// Test environments and build host pools: the throw-away side of the infrastructure config.
import {
  BuildHostPoolConfig,
  MirrorConfig,
  OpenStackRef,
  TestEnvironmentConfig,
  TestHostRole,
  TestHostSettings,
  TestInfraVm,
  TestRole,
} from './model';
import { CIDR, HTTP_URL, LOOKUP_NAME, OPENSTACK_NAME, FLAVOR_ID, UUID, ValuePattern } from './patterns';
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
/**
 * YAML key of each role, and how many hosts it may have. Every count terraform-kayobe-multinode accepts is
 * accepted (0 controllers: a seed-only cloud); what Kayobe cannot deploy is a warning (kayobeWarnings).
 */
const ROLE_KEYS: Record<TestRole, { key: string; min: number; max: number; fixed?: number }> = {
  aio: { key: 'aio', min: 1, max: 1, fixed: 1 },
  seed: { key: 'seed', min: 1, max: 1, fixed: 1 },
  controller: { key: 'controllers', min: 0, max: 16 },
  compute: { key: 'computes', min: 0, max: 64 },
  storage: { key: 'storage', min: 0, max: 32 },
};

/** Keys of every host setting, beside a role's `count` or an infra VM's `name` and `role`. */
const HOST_KEYS = [
  'flavorId',
  'flavorName',
  'bootVolumeSizeGiB',
  'bootVolumeType',
  'configDrive',
  'availabilityZone',
  'securityGroups',
  'metadata',
];
/** Nova metadata: at most 255 characters a key or value (Nova's limit). */
const METADATA_KEY: ValuePattern = { pattern: /^[A-Za-z0-9._:-]{1,255}$/, expected: 'a metadata key without spaces' };
const METADATA_VALUE: ValuePattern = {
  // Control characters are exactly what a value must not hold.
  // eslint-disable-next-line no-control-regex
  pattern: /^[^\x00-\x1f]{0,255}$/,
  expected: 'a value of at most 255 characters',
};
/** An Ansible group name as Kayobe's own (`wazuh-manager`): it becomes `group_vars/<role>/`. */
const GROUP_NAME: ValuePattern = {
  pattern: /^[a-z][a-z0-9_-]{0,62}$/,
  expected: 'a group name of lowercase letters, digits, "_" or "-", starting with a letter',
};
/** Groups the hand-off writes itself: an infra VM role of the same name would merge into them. */
const RESERVED_GROUPS = ['seed', 'controllers', 'compute', 'storage', 'ceph', 'mons', 'mgrs', 'osds', 'rgws'];
const RESERVED = [...RESERVED_GROUPS, 'monitoring', 'infra-vms', 'overcloud', 'network', 'all', 'ungrouped'];

function readMetadata(reader: YamlReader, at: KeyPath): Record<string, string> {
  if (!reader.names(at, { keyPattern: METADATA_KEY })) return {};
  return Object.fromEntries(reader.keys(at).map((key) => [key, reader.string([...at, key], METADATA_VALUE) ?? '']));
}

/** `securityGroups`: existing groups by name (looked up) or by ID (a UUID), e.g. `[{ name: monitoring }]`. */
function readSecurityGroups(reader: YamlReader, at: KeyPath): OpenStackRef[] {
  return Array.from({ length: reader.listLength(at) }, (_, i) => {
    reader.object([...at, i], ['id', 'name']);
    if (reader.has([...at, i, 'name']) === reader.has([...at, i, 'id'])) {
      reader.error([...at, i], 'invalid value (expected exactly one of id (a UUID) or name (looked up))');
    }
    const name = reader.optionalString([...at, i, 'name'], LOOKUP_NAME);
    const id = reader.optionalString([...at, i, 'id'], UUID);
    return reader.has([...at, i, 'name']) ? { name: name ?? '' } : { id: id ?? '' };
  });
}

/** The settings every host kind shares; `at` has been checked for its keys by the caller. */
function readHostSettings(reader: YamlReader, at: KeyPath): TestHostSettings {
  return {
    flavor: readRef(reader, at, 'flavor', FLAVOR_ID),
    bootVolumeSizeGiB: reader.integer([...at, 'bootVolumeSizeGiB'], { min: 0, max: 16384, default: 100 }) ?? 0,
    bootVolumeType: reader.optionalString([...at, 'bootVolumeType'], OPENSTACK_NAME),
    configDrive: reader.boolean([...at, 'configDrive'], true),
    availabilityZone: reader.optionalString([...at, 'availabilityZone'], OPENSTACK_NAME),
    securityGroups: readSecurityGroups(reader, [...at, 'securityGroups']),
    metadata: readMetadata(reader, [...at, 'metadata']),
  };
}

function readRole(reader: YamlReader, at: KeyPath, role: TestRole): TestHostRole {
  const { min, max, fixed } = ROLE_KEYS[role];
  reader.object(at, fixed ? HOST_KEYS : ['count', ...HOST_KEYS]);
  return {
    count: fixed ?? reader.integer([...at, 'count'], { min, max }) ?? 0,
    ...readHostSettings(reader, at),
  };
}

function readInfraVm(reader: YamlReader, at: KeyPath): TestInfraVm {
  reader.object(at, ['name', 'role', ...HOST_KEYS]);
  const role = reader.string([...at, 'role'], GROUP_NAME) ?? '';
  if (RESERVED.includes(role)) {
    reader.error(
      [...at, 'role'],
      `invalid value (expected a group of its own, got ${JSON.stringify(role)}, a group Kayobe's inventory already has)`,
    );
  }
  return { name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '', role, ...readHostSettings(reader, at) };
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

/**
 * Host counts that plan (terraform-kayobe-multinode accepts them too) but that Kayobe cannot deploy as a
 * working cloud, each with why: warnings at the count, never a refusal (a seed-only cloud tests the seed).
 */
function warnKayobeCombinations(reader: YamlReader, at: KeyPath, env: TestEnvironmentConfig): void {
  if (env.kind !== 'multinode') return;
  const { controller, compute, storage } = env.roles;
  const count = (role: TestRole) => [...at, ROLE_KEYS[role].key, 'count'];
  if (controller.count === 0) {
    const others = compute.count + storage.count > 0 ? '; its computes and storage hosts have no control plane' : '';
    reader.warn(
      count('controller'),
      `no controllers: Kayobe can deploy the seed, but \`kayobe overcloud service deploy\` needs at least one host in the controllers group${others}`,
    );
  } else if (controller.count === 2) {
    reader.warn(
      count('controller'),
      '2 controllers: MariaDB Galera and RabbitMQ lose quorum when either one stops; use 1 or 3',
    );
  }
  if (controller.count > 0 && compute.count === 0) {
    reader.warn(
      count('compute'),
      'no computes: the overcloud has no hypervisor, so no instance (and no Tempest compute test) can boot',
    );
  }
  if (storage.count > 0 && storage.count < 3) {
    reader.warn(
      count('storage'),
      `${storage.count} storage host(s): Ceph pools keep 3 replicas on distinct hosts by default, so they stay degraded (HEALTH_WARN)`,
    );
  }
  if (storage.count > 0 && env.osdVolumes.perHost === 0) {
    reader.warn(
      [...at, 'osdVolumes', 'perHost'],
      'storage hosts without OSD volumes: cephadm finds no disk to make an OSD on',
    );
  }
}

function readTestEnvironment(reader: YamlReader, at: KeyPath, mirrors: readonly MirrorConfig[]): TestEnvironmentConfig {
  const env = readTestEnvironmentFields(reader, at, mirrors);
  warnKayobeCombinations(reader, at, env);
  return env;
}

function readTestEnvironmentFields(
  reader: YamlReader,
  at: KeyPath,
  mirrors: readonly MirrorConfig[],
): TestEnvironmentConfig {
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
  const none: TestHostRole = {
    count: 0,
    flavor: { id: '' },
    bootVolumeSizeGiB: 0,
    configDrive: true,
    securityGroups: [],
    metadata: {},
  };
  const roles = Object.fromEntries(
    (Object.keys(ROLE_KEYS) as TestRole[]).map((role) => [
      role,
      ROLES_BY_KIND[kind].includes(role) ? readRole(reader, [...at, ROLE_KEYS[role].key], role) : none,
    ]),
  ) as Record<TestRole, TestHostRole>;
  const control = [...at, 'controlHost'];
  reader.object(control, [...HOST_KEYS, 'floatingIpPool']);
  const osd = [...at, 'osdVolumes'];
  if (reader.has(osd)) reader.object(osd, ['perHost', 'sizeGiB', 'volumeType']);
  return {
    name: reader.string([...at, 'name'], OPENSTACK_NAME) ?? '',
    kind,
    defaultPrefix: reader.string([...at, 'prefix'], PREFIX) ?? '',
    image: readRef(reader, at, 'image', UUID),
    network: readExistingNetwork(reader, [...at, 'network']),
    subnetCidr: reader.optionalString([...at, 'subnetCidr'], CIDR),
    sshPublicKey: reader.string([...at, 'sshPublicKey'], SSH_PUBLIC_KEY) ?? '',
    sshUser: reader.string([...at, 'sshUser'], { ...OPENSTACK_NAME, default: 'cloud-user' }),
    controlHost: {
      ...readHostSettings(reader, control),
      floatingIpPool: reader.optionalString([...control, 'floatingIpPool'], OPENSTACK_NAME),
    },
    roles,
    osdVolumes: {
      perHost: reader.integer([...osd, 'perHost'], { min: 0, max: 16, default: 1 }) ?? 0,
      sizeGiB: reader.integer([...osd, 'sizeGiB'], { min: 1, max: 16384, default: 40 }) ?? 0,
      volumeType: reader.optionalString([...osd, 'volumeType'], OPENSTACK_NAME),
    },
    infraVms: reader.namedList([...at, 'infraVms'], 'infra VM', (vm) => readInfraVm(reader, vm)),
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
