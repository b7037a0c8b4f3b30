// The infrastructure half of the config: mirrors, Ark at scale, the state backend.
import * as path from 'node:path';
import { loadConfig, parseConfig, PROJECT_ROOT } from '../../../config';
import { configErrorsOf } from '../../support/config';
import { Testing } from 'cdktf';
import { buildStacks, MirrorStack } from '../../../stacks';

const ARK = `
openstack:
  cloud: release-train
ark:
  name: ark
  hostname: ark.example.org
  flavorId: c4
  imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
  network:
    create: { name: ark-net, cidr: 10.42.0.0/24 }
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
`;

const SITE_B = `
  - name: site-b
    upstream: ark
    existingHost:
      url: https://pulp.site-b.example.net
`;

const errorsOf = (text: string) => configErrorsOf(text);

describe('mirrors', () => {
  test('the example has one mirror on OpenStack (its own cloud) and one on an existing host', () => {
    const { mirrors } = loadConfig();
    expect(mirrors.map((m) => [m.name, m.upstream, m.host.kind])).toEqual([
      ['site-a', 'ark', 'openstack'],
      ['site-b', 'ark', 'existing'],
    ]);
    expect(mirrors[0].host).toMatchObject({
      cloud: 'site-a',
      server: { hostname: 'pulp.site-a.example.net', tls: true },
    });
    expect(mirrors[1].host).toEqual({ kind: 'existing', url: 'https://pulp.site-b.example.net' });
  });

  test('an upstream that names no Ark is a dangling reference', () => {
    expect(errorsOf(`${ARK}mirrors:${SITE_B.replace('upstream: ark', 'upstream: arc')}`)).toBe(
      'site.yaml:15:15 mirrors[0].upstream: dangling reference (expected "ark" (ark.name), got "arc")',
    );
    expect(errorsOf(`content: {}\nmirrors:${SITE_B}`)).toMatch(
      /mirrors\[0\]\.upstream: dangling reference \(expected an Ark, but this config has no ark section, got "ark"\)/,
    );
  });

  test('a mirror with no upstream, no host or two hosts, or a duplicate name is refused', () => {
    expect(errorsOf(`${ARK}mirrors:${SITE_B.replace('    upstream: ark\n', '')}`)).toMatch(
      /mirrors\[0\]\.upstream: missing/,
    );
    expect(errorsOf(`${ARK}mirrors:\n  - { name: site-c, upstream: ark }\n`)).toMatch(
      /mirrors\[0\]: conflicting keys \(expected exactly one of openstack or existingHost, got neither\)/,
    );
    expect(errorsOf(`${ARK}mirrors:${SITE_B}${SITE_B}`)).toMatch(
      /site\.yaml:19:11 mirrors\[1\]\.name: duplicate \(expected a unique mirror name, got "site-b", also at mirrors\[0\]\.name\)/,
    );
    expect(
      errorsOf(`${ARK}mirrors:${SITE_B.replace('pulp.site-b.example.net', 'pulp.site-b.example.net/pulp/')}`),
    ).toMatch(
      /mirrors\[0\]\.existingHost\.url: invalid value \(expected an origin such as https:\/\/pulp\.site\.example\.net \(no path\)/,
    );
  });
});

describe('openstack defaults', () => {
  const defaults = `
openstack:
  cloud: release-train
  flavorId: c4
  imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
  network:
    existing: { networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b }
ark:
  name: ark
  hostname: ark.example.org
  flavorId: c8
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
mirrors:
  - name: site-c
    upstream: ark
    openstack:
      name: site-c-pulp
      hostname: pulp.site-c.example.net
      adminCidrs: [198.51.100.0/28]
      contentCidrs: [10.0.0.0/8]
`;

  test('a host takes the flavor, image and network it does not set from openstack', () => {
    const config = parseConfig(defaults, 'site.yaml');
    expect(config.ark).toMatchObject({
      flavor: { id: 'c8' },
      image: { id: '1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f' },
      network: { kind: 'existing', network: { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' } },
    });
    const host = config.mirrors[0].host;
    expect(host.kind === 'openstack' && host.server.flavor).toEqual({ id: 'c4' });
  });

  test('a mirror in a cloud of its own inherits nothing: the IDs belong to another cloud', () => {
    const text = defaults.replace('      name: site-c-pulp', '      cloud: site-c\n      name: site-c-pulp');
    const errors = errorsOf(text);
    expect(errors).toMatch(/mirrors\[0\]\.openstack\.flavorId: missing/);
    expect(errors).toMatch(/mirrors\[0\]\.openstack\.network: missing/);
  });
});

describe('Ark at scale', () => {
  const scale = `  objectStorage: { endpointUrl: https://s3.example.org, bucket: ark-artifacts }
  scale:
    database: { host: pg.example.org }
    tlsCertificateRef: https://barbican.example.org/v1/containers/c
`;

  test('the at-scale example loads with N=3 and its defaults', () => {
    const { ark } = loadConfig(path.join(PROJECT_ROOT, 'config', 'examples', 'ark-at-scale.yaml'));
    expect(ark?.scale).toMatchObject({ apiNodes: 3, workerNodes: 2, backendCidr: '10.42.0.0/24' });
    expect(ark?.scale?.database).toEqual({ host: 'pg.ark.example.org', port: 5432, name: 'pulp', user: 'pulp' });
  });

  test('defaults: 3 API nodes, 2 worker nodes, the created subnet as backend CIDR, region us-east-1', () => {
    const { ark } = parseConfig(ARK + scale, 'site.yaml');
    expect(ark?.scale).toMatchObject({ apiNodes: 3, workerNodes: 2, processesPerNode: 2, backendCidr: '10.42.0.0/24' });
    expect(ark?.objectStorage?.region).toBe('us-east-1');
  });

  test('needs shared object storage and TLS; an existing network needs its backend CIDR', () => {
    expect(errorsOf(ARK + scale.replace(/ {2}objectStorage.*\n/, ''))).toMatch(
      /ark\.scale: needs ark\.objectStorage \(expected shared object storage: nodes share no disk\)/,
    );
    expect(errorsOf(ARK + '  tls: false\n' + scale)).toMatch(/ark\.tls: invalid value \(expected true at scale/);
    const existing = ARK.replace(
      'create: { name: ark-net, cidr: 10.42.0.0/24 }',
      'existing: { networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b }',
    );
    expect(errorsOf(existing + scale)).toMatch(
      /ark\.scale\.backendCidr: missing \(expected the CIDR of the existing subnet/,
    );
  });

  test('node counts are bounded', () => {
    expect(errorsOf(ARK + scale.replace('  scale:\n', '  scale:\n    apiNodes: 0\n'))).toMatch(
      /ark\.scale\.apiNodes: invalid value \(expected an integer from 1 to 16, got number 0\)/,
    );
  });
});

describe('backend', () => {
  test('local by default', () => {
    expect(parseConfig(ARK, 'site.yaml').backend).toEqual({ kind: 'local' });
  });

  test.each([
    ['s3: { bucket: rt-state }', { kind: 's3', bucket: 'rt-state', keyPrefix: 'release-train', region: 'us-east-1' }],
    ['pg: {}', { kind: 'pg', schemaPrefix: 'release_train' }],
    ['http: { address: https://state.example.org/rt }', { kind: 'http', address: 'https://state.example.org/rt' }],
  ])('%s', (yaml, expected) => {
    expect(parseConfig(`${ARK}backend:\n  ${yaml}\n`, 'site.yaml').backend).toEqual(expected);
  });

  test('exactly one kind, and no credentials in the file', () => {
    expect(errorsOf(`${ARK}backend:\n  local: {}\n  pg: {}\n`)).toMatch(
      /backend: conflicting keys \(expected exactly one of local, s3, pg or http, got 2\)/,
    );
    expect(errorsOf(`${ARK}backend:\n  pg: { connStr: postgres://u:p@db/x }\n`)).toMatch(
      /backend\.pg\.connStr: unknown key \(expected one of: schemaPrefix\)/,
    );
  });
});

describe('YAML anchors and aliases', () => {
  test('an alias reads as its anchor, e.g. one network shared by several hosts', () => {
    const text = ARK.replace(
      '    create: { name: ark-net, cidr: 10.42.0.0/24 }',
      '    &shared\n    existing: { networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b }',
    );
    const config = parseConfig(
      `${text}mirrors:
  - name: site-c
    upstream: ark
    openstack:
      name: site-c-pulp
      hostname: pulp.site-c.example.net
      flavorId: c4
      imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
      network: *shared
      adminCidrs: [198.51.100.0/28]
      contentCidrs: [10.0.0.0/8]
`,
      'site.yaml',
    );
    const host = config.mirrors[0].host;
    expect(host.kind === 'openstack' && host.server.network).toEqual(config.ark!.network);
  });
});

describe('an existing Ark', () => {
  const text = `ark:
  name: ark
  existingHost: { url: https://ark.stackhpc.com }
mirrors:
  - name: here
    upstream: ark
    existingHost: { url: https://pulp.here.example.net }
`;

  test("a client site's config names Ark by its URL: no OpenStack needed, no ark stack", () => {
    const config = parseConfig(text, 'site.yaml');
    expect(config.ark).toBeUndefined();
    expect(config.existingArk).toEqual({ name: 'ark', url: 'https://ark.stackhpc.com', contentUrl: undefined });
    expect(config.openstack).toBeUndefined();
    const stacks = buildStacks(Testing.app(), config);
    expect(stacks.map((s) => s.node.id)).toEqual(['mirror-here']);
    expect((stacks[0] as MirrorStack).mirror.upstream.contentUrl).toBe('https://ark.stackhpc.com/pulp/content/');
  });

  test('an existing Ark takes nothing but its name and URLs', () => {
    expect(errorsOf(text.replace('  name: ark\n', '  name: ark\n  flavorId: c4\n'))).toMatch(
      /ark\.flavorId: unknown key \(expected one of: name, existingHost\)/,
    );
  });
});

describe('flavor and image names in ID fields', () => {
  // Ark, its worker flavor, an `openstack` default, a mirror and a build host pool, each with a name where an
  // ID goes (as a config copied from a tfvars with flavor_name would have): every one is refused at its position.
  const named = `openstack:
  cloud: release-train
  flavorId: m1.large
ark:
  name: ark
  hostname: ark.example.org
  flavorId: general.v1.small
  imageId: Rocky-9-GenericCloud
  network:
    create: { name: ark-net, cidr: 10.42.0.0/24 }
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
  objectStorage: { endpointUrl: https://s3.example.org, bucket: ark-artifacts }
  scale:
    workerFlavorId: general.v1.tiny
    database: { host: pg.example.org }
    tlsCertificateRef: https://barbican.example.org/v1/containers/c
mirrors:
  - name: site-c
    upstream: ark
    openstack:
      name: site-c-pulp
      hostname: pulp.site-c.example.net
      flavorId: m1.xlarge
      imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
      network:
        existing: { networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b }
      adminCidrs: [198.51.100.0/28]
      contentCidrs: [10.0.0.0/8]
buildHostPools:
  - name: b
    count: 1
    flavorId: en1.large
    imageId: 9e1f3a5b-7c9d-4e1f-8a3b-5c7d9e1f3a5b
    network: { networkId: 3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e, subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f }
    runnerUrl: https://github.com/stackhpc/stackhpc-release-train
    labels: [image-build]
    adminCidrs: [198.51.100.0/28]
    sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci
`;
  const flavorIdExpected =
    'expected a flavor ID (a UUID, or a short ID such as "42"); for a flavor name use flavorName, which looks it up';

  test('each is a positioned error, all of them at once', () => {
    expect(errorsOf(named).split('\n').sort()).toEqual(
      [
        `site.yaml:3:13 openstack.flavorId: invalid value (${flavorIdExpected}, got "m1.large")`,
        `site.yaml:7:13 ark.flavorId: invalid value (${flavorIdExpected}, got "general.v1.small")`,
        'site.yaml:8:12 ark.imageId: invalid value (expected an OpenStack ID (UUID), got "Rocky-9-GenericCloud")',
        `site.yaml:15:21 ark.scale.workerFlavorId: invalid value (${flavorIdExpected}, got "general.v1.tiny")`,
        `site.yaml:24:17 mirrors[0].openstack.flavorId: invalid value (${flavorIdExpected}, got "m1.xlarge")`,
        `site.yaml:33:15 buildHostPools[0].flavorId: invalid value (${flavorIdExpected}, got "en1.large")`,
      ].sort(),
    );
  });

  test('the same names under the *Name keys are lookups; UUIDs and short IDs stay IDs', () => {
    const byName = named
      .replace(/flavorId: (\S*\.\S*)/g, 'flavorName: $1')
      .replace('workerFlavorId: general.v1.tiny', 'workerFlavorName: general.v1.tiny')
      .replace('imageId: Rocky-9-GenericCloud', 'imageName: Rocky-9-GenericCloud');
    const config = parseConfig(byName, 'site.yaml');
    expect(config.ark).toMatchObject({ flavor: { name: 'general.v1.small' }, image: { name: 'Rocky-9-GenericCloud' } });
    expect(config.ark?.scale?.workerFlavor).toEqual({ name: 'general.v1.tiny' });
    const mirror = config.mirrors[0].host;
    expect(mirror.kind === 'openstack' && mirror.server.flavor).toEqual({ name: 'm1.xlarge' });
    expect(config.buildHostPools[0].flavor).toEqual({ name: 'en1.large' });
    for (const id of ['"42"', 'c1', 'ds512M', '0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e01']) {
      const ark = parseConfig(byName.replace('flavorName: general.v1.small', `flavorId: ${id}`), 'site.yaml').ark;
      expect(ark?.flavor).toEqual({ id: id.replace(/"/g, '') });
    }
  });
});
