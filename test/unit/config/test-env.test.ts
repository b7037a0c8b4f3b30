// Test environments and build host pools in the config.
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, formatIssue, loadConfig, parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const ENV = `openstack:
  cloud: ci
testEnvironments:
  - name: aio
    kind: aio
    prefix: rt-aio
    imageId: 6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f
    network: { networkId: 3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e, subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f }
    subnetCidr: 10.205.0.0/16
    sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorId: tiny }
    aio: { flavorId: large }
`;

const errorsOf = (text: string) => configErrorsOf(text);

describe('testEnvironments', () => {
  test('the example has an all-in-one and a multinode environment, with documented defaults', () => {
    const [aio, multinode] = loadConfig().testEnvironments;
    expect(aio).toMatchObject({ name: 'aio', kind: 'aio', sshUser: 'cloud-user', defaultPrefix: 'rt-aio' });
    expect(aio.roles.aio).toMatchObject({
      count: 1,
      flavor: { id: '0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e04' },
      bootVolumeSizeGiB: 100,
      configDrive: true,
    });
    expect(aio.roles.controller.count).toBe(0);
    expect(multinode.roles.controller.count).toBe(3);
    expect(multinode.roles.seed.count).toBe(1);
    expect(multinode.osdVolumes).toEqual({ perHost: 1, sizeGiB: 40, volumeType: undefined });
    expect(multinode.infraVms.map((vm) => vm.name)).toEqual(['wazuh-manager']);
    expect(multinode.controlHost.floatingIpPool).toBe('external');
  });

  test('a private key is refused: it would end up in the state', () => {
    const text = ENV.replace(/sshPublicKey: .*/, 'sshPublicKey: "-----BEGIN OPENSSH PRIVATE KEY-----"');
    expect(errorsOf(text)).toMatch(
      /testEnvironments\[0\]\.sshPublicKey: invalid value \(expected an OpenSSH public key/,
    );
  });

  test('roles follow the kind: an all-in-one environment has no controllers', () => {
    expect(errorsOf(`${ENV}    controllers: { count: 3, flavorId: medium }\n`)).toMatch(
      /testEnvironments\[0\]\.controllers: unknown key/,
    );
  });

  test('counts are bounded, prefixes are DNS-safe, names are unique', () => {
    const multinode = ENV.replace('kind: aio', 'kind: multinode').replace(
      '    aio: { flavorId: large }\n',
      '    seed: { flavorId: tiny }\n    controllers: { count: 0, flavorId: m }\n    computes: { count: 65, flavorId: m }\n    storage: { count: 1, flavorId: s }\n',
    );
    const errors = errorsOf(multinode.replace('prefix: rt-aio', 'prefix: RT_AIO'));
    expect(errors).not.toMatch(/controllers\.count/);
    expect(errors).toMatch(
      /testEnvironments\[0\]\.computes\.count: invalid value \(expected an integer from 0 to 64, got number 65\)/,
    );
    expect(errors).toMatch(/testEnvironments\[0\]\.prefix: invalid value \(expected a lowercase name prefix/);
    const twice = ENV + ENV.slice(ENV.indexOf('  - name: aio'));
    expect(errorsOf(twice)).toMatch(
      /testEnvironments\[1\]\.name: duplicate \(expected a unique test environment name, got "aio"/,
    );
  });
});

describe('testEnvironments: host counts Kayobe cannot use are warnings, not refusals', () => {
  const multinode = (counts: { controllers: number; computes: number; storage: number }, osd = '') =>
    ENV.replace('kind: aio', 'kind: multinode').replace(
      '    aio: { flavorId: large }\n',
      `    seed: { flavorId: tiny }\n    controllers: { count: ${counts.controllers}, flavorId: m }\n` +
        `    computes: { count: ${counts.computes}, flavorId: m }\n    storage: { count: ${counts.storage}, flavorId: s }\n${osd}`,
    );
  const warningsOf = (text: string) => (parseConfig(text, 'site.yaml').warnings ?? []).map(formatIssue);

  test("terraform-kayobe-multinode's minimal case (0 controllers, 0 computes, 0 storage) loads, warned at the count", () => {
    const config = parseConfig(multinode({ controllers: 0, computes: 0, storage: 0 }), 'site.yaml');
    expect(config.testEnvironments[0].roles.controller.count).toBe(0);
    expect(warningsOf(multinode({ controllers: 0, computes: 0, storage: 0 }))).toEqual([
      'site.yaml:14:27 testEnvironments[0].controllers.count: warning: no controllers: Kayobe can deploy the seed, but `kayobe overcloud service deploy` needs at least one host in the controllers group',
    ]);
  });

  test('each combination says why', () => {
    expect(warningsOf(multinode({ controllers: 0, computes: 2, storage: 0 }))[0]).toContain(
      'its computes and storage hosts have no control plane',
    );
    expect(warningsOf(multinode({ controllers: 2, computes: 1, storage: 0 }))).toEqual([
      expect.stringMatching(/controllers\.count: warning: 2 controllers: MariaDB Galera and RabbitMQ lose quorum/),
    ]);
    expect(warningsOf(multinode({ controllers: 1, computes: 0, storage: 0 }))).toEqual([
      expect.stringMatching(/computes\.count: warning: no computes: the overcloud has no hypervisor/),
    ]);
    expect(warningsOf(multinode({ controllers: 3, computes: 2, storage: 1 }))).toEqual([
      expect.stringMatching(/storage\.count: warning: 1 storage host\(s\): Ceph pools keep 3 replicas/),
    ]);
    expect(
      warningsOf(multinode({ controllers: 3, computes: 2, storage: 3 }, '    osdVolumes: { perHost: 0 }\n')),
    ).toEqual([expect.stringMatching(/osdVolumes\.perHost: warning: storage hosts without OSD volumes/)]);
    // The reference's default shape, and an all-in-one host, warn of nothing.
    expect(parseConfig(multinode({ controllers: 3, computes: 2, storage: 3 }), 'site.yaml').warnings).toBeUndefined();
    expect(parseConfig(ENV, 'site.yaml').warnings).toBeUndefined();
  });
});

describe('testEnvironments: host settings', () => {
  const withSettings = ENV.replace(
    '    aio: { flavorId: large }\n',
    `    aio:
      flavorName: m1.xlarge
      bootVolumeType: ceph-ssd
      configDrive: false
      availabilityZone: nova-2
      securityGroups: [{ name: monitoring }, { id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d }]
      metadata: { kayobe-role: aio, owner: ci }
`,
  );

  test('per role: config drive (default true), boot volume type, zone, extra security groups, metadata', () => {
    const [env] = parseConfig(withSettings, 'site.yaml').testEnvironments;
    expect(env.roles.aio).toEqual({
      count: 1,
      flavor: { name: 'm1.xlarge' },
      bootVolumeSizeGiB: 100,
      bootVolumeType: 'ceph-ssd',
      configDrive: false,
      availabilityZone: 'nova-2',
      securityGroups: [{ name: 'monitoring' }, { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }],
      metadata: { 'kayobe-role': 'aio', owner: 'ci' },
    });
    expect(env.controlHost).toMatchObject({ configDrive: true, securityGroups: [], metadata: {} });
  });

  test('a flavor name in flavorId is an error at its position; UUIDs and short IDs are IDs', () => {
    const named = ENV.replace('controlHost: { flavorId: tiny }', 'controlHost: { flavorId: general.v1.tiny }');
    expect(errorsOf(named)).toBe(
      'site.yaml:12:30 testEnvironments[0].controlHost.flavorId: invalid value (expected a flavor ID (a UUID, or a short ID such as "42"); for a flavor name use flavorName, which looks it up, got "general.v1.tiny")',
    );
    for (const id of ['"42"', 'c1', 'ds512M', '0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e01']) {
      const text = ENV.replace('controlHost: { flavorId: tiny }', `controlHost: { flavorId: ${id} }`);
      expect(parseConfig(text, 'site.yaml').testEnvironments[0].controlHost.flavor).toEqual({
        id: id.replace(/"/g, ''),
      });
    }
  });

  test('bad settings are positioned errors', () => {
    const bad = ENV.replace(
      '    aio: { flavorId: large }\n',
      '    aio: { flavorId: large, configDrive: yes, securityGroups: [{ name: a, id: b }], metadata: { "a b": 1 } }\n',
    );
    const errors = errorsOf(bad);
    expect(errors).toMatch(/testEnvironments\[0\]\.aio\.configDrive: wrong type \(expected true or false/);
    expect(errors).toMatch(
      /testEnvironments\[0\]\.aio\.securityGroups\[0\]: invalid value \(expected exactly one of id/,
    );
    expect(errors).toMatch(/testEnvironments\[0\]\.aio\.metadata\.a b: invalid key/);
    expect(errors).toMatch(/testEnvironments\[0\]\.aio\.metadata\.a b: wrong type \(expected a value of at most 255/);
  });

  test('infra VMs declare their role; several may share one; a group Kayobe has already is refused', () => {
    const multinode = ENV.replace('kind: aio', 'kind: multinode').replace(
      '    aio: { flavorId: large }\n',
      '    seed: { flavorId: tiny }\n    controllers: { count: 1, flavorId: m }\n    computes: { count: 1, flavorId: m }\n' +
        '    storage: { count: 3, flavorId: s }\n    infraVms:\n' +
        '      - { name: wazuh-manager-01, role: wazuh-manager, flavorId: tiny }\n' +
        '      - { name: wazuh-manager-02, role: wazuh-manager, flavorId: tiny }\n',
    );
    expect(parseConfig(multinode, 'site.yaml').testEnvironments[0].infraVms.map((vm) => [vm.name, vm.role])).toEqual([
      ['wazuh-manager-01', 'wazuh-manager'],
      ['wazuh-manager-02', 'wazuh-manager'],
    ]);
    expect(
      errorsOf(
        multinode.replace('role: wazuh-manager, flavorId: tiny }\n      -', 'role: seed, flavorId: tiny }\n      -'),
      ),
    ).toMatch(/testEnvironments\[0\]\.infraVms\[0\]\.role: invalid value \(expected a group of its own, got "seed"/);
    expect(
      errorsOf(multinode.replace('name: wazuh-manager-01, role: wazuh-manager, ', 'name: wazuh-manager-01, ')),
    ).toMatch(/testEnvironments\[0\]\.infraVms\[0\]\.role: missing/);
  });
});

describe('testEnvironments[].pulpMirror', () => {
  const MIRRORS = `ark:
  name: ark
  existingHost: { url: https://ark.example.org }
mirrors:
  - name: with-pins
    upstream: ark
    versionsFile: pulp-repo-versions.yml
    existingHost: { url: https://pulp.ci.example.net }
  - name: without-pins
    upstream: ark
    existingHost: { url: https://pulp.other.example.net }
`;

  test('the example names the mirror whose pins `test-cloud sync` mirrors; absent means none', () => {
    expect(loadConfig().testEnvironments.map((env) => env.pulpMirror)).toEqual(['site-b', 'site-b']);
    expect(parseConfig(ENV, 'site.yaml').testEnvironments[0].pulpMirror).toBeUndefined();
  });

  test('fails for a mirror that does not exist, or one with no versionsFile', () => {
    // GIVEN two mirrors, one with pins
    // WHEN a test environment names a missing one, then the one without pins
    const nextToPins = path.join(path.dirname(DEFAULT_CONFIG_FILE), 'site.yaml');
    const dangling = configErrorsOf(`${MIRRORS}${ENV}    pulpMirror: with-pin\n`, nextToPins);
    const unpinned = configErrorsOf(`${MIRRORS}${ENV}    pulpMirror: without-pins\n`, nextToPins);
    // THEN each is an error at the key, in the one format
    expect(dangling).toMatch(
      /:\d+:\d+ testEnvironments\[0\]\.pulpMirror: dangling reference \(expected one of mirrors\[\]\.name: "with-pins", "without-pins", got "with-pin"\)/,
    );
    expect(unpinned).toMatch(
      /:\d+:\d+ testEnvironments\[0\]\.pulpMirror: invalid value \(expected a mirror with a versionsFile to sync from, got "without-pins", which has none\)/,
    );
  });
});

describe('buildHostPools', () => {
  test('the example pool: two runners with their labels', () => {
    const [pool] = loadConfig().buildHostPools;
    expect(pool).toMatchObject({ name: 'rt-builder', count: 2, labels: ['stackhpc-release-train', 'image-build'] });
  });

  test('needs at least one label and a count from 1 to 50', () => {
    const text = `openstack:
  cloud: ci
buildHostPools:
  - name: b
    count: 0
    flavorId: f
    imageId: 9e1f3a5b-7c9d-4e1f-8a3b-5c7d9e1f3a5b
    network: { networkId: 3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e, subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f }
    runnerUrl: https://github.com/stackhpc/stackhpc-release-train
    labels: []
    adminCidrs: [198.51.100.0/28]
    sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci
`;
    const errors = errorsOf(text);
    expect(errors).toMatch(
      /buildHostPools\[0\]\.count: invalid value \(expected an integer from 1 to 50, got number 0\)/,
    );
    expect(errors).toMatch(/buildHostPools\[0\]\.labels: too few items \(expected at least 1, got 0\)/);
  });
});
