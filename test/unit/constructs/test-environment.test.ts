import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Network, ReleaseTrainValidationError, TestEnvironment, TestEnvironmentProps } from '../../../constructs';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci';

function synth(extra: Partial<TestEnvironmentProps> = {}): { json: any; env: TestEnvironment } {
  let env: TestEnvironment | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const prefix = new TerraformVariable(scope, 'prefix', { type: 'string' }).stringValue;
      env = new TestEnvironment(scope, 'Environment', {
        prefix,
        network: Network.fromNetworkAttributes(scope, 'Net', { networkId: 'n', subnetId: 's' }),
        imageId: 'image',
        sshPublicKey: KEY,
        controlHost: { flavorId: 'tiny' },
        roles: {
          seed: { count: 1, flavorId: 'tiny' },
          controller: { count: 3, flavorId: 'medium' },
          compute: { count: 2, flavorId: 'medium' },
          storage: { count: 3, flavorId: 'small', bootVolumeSizeGiB: 0 },
        },
        osdVolumes: { perHost: 2, sizeGiB: 40, volumeType: 'ceph-ssd' },
        infraVms: [{ name: 'wazuh-manager', role: 'wazuh-manager', flavorId: 'tiny' }],
        adminCidrs: ['198.51.100.0/28'],
        tags: ['release-train-ci'],
        ...extra,
      });
    }),
  );
  return { json, env: env! };
}

const resources = (json: any, type: string) => json.resource[type] ?? {};

describe('TestEnvironment', () => {
  const { json, env } = synth();
  const instances = resources(json, 'openstack_compute_instance_v2');

  test('names every host <prefix>-<role>-NN, with ids from those stable names', () => {
    expect(
      Object.values<any>(instances)
        .map((i) => i.name)
        .sort(),
    ).toEqual([
      '${var.prefix}-ansible-control',
      '${var.prefix}-compute-01',
      '${var.prefix}-compute-02',
      '${var.prefix}-controller-01',
      '${var.prefix}-controller-02',
      '${var.prefix}-controller-03',
      '${var.prefix}-seed-01',
      '${var.prefix}-storage-01',
      '${var.prefix}-storage-02',
      '${var.prefix}-storage-03',
      '${var.prefix}-wazuh-manager',
    ]);
    expect(Object.keys(instances)).toContainEqual(
      expect.stringMatching(/^Environment_Controllers_controller-02_[0-9A-F]{8}$/),
    );
  });

  test('growing a role adds hosts and keeps every existing address', () => {
    const grown = synth({
      roles: {
        seed: { count: 1, flavorId: 'tiny' },
        controller: { count: 4, flavorId: 'medium' },
        compute: { count: 2, flavorId: 'medium' },
        storage: { count: 3, flavorId: 'small', bootVolumeSizeGiB: 0 },
      },
    });
    const after = Object.keys(resources(grown.json, 'openstack_compute_instance_v2'));
    expect(after).toEqual(expect.arrayContaining(Object.keys(instances)));
    expect(after).toHaveLength(Object.keys(instances).length + 1);
  });

  test('storage hosts get their OSD volumes (count, size and type configurable) and boot from local disk', () => {
    const volumes = Object.values<any>(resources(json, 'openstack_blockstorage_volume_v3'));
    expect(volumes).toHaveLength(6);
    expect(volumes[0]).toMatchObject({ name: '${var.prefix}-storage-01-osd-01', size: 40, volume_type: 'ceph-ssd' });
    expect(Object.keys(resources(json, 'openstack_compute_volume_attach_v2'))).toHaveLength(6);
    const storage = Object.values<any>(instances).find((i) => i.name.endsWith('storage-01'));
    expect(storage.block_device).toBeUndefined();
    expect(storage.image_id).toBe('image');
  });

  test('a key pair from the public key only; hosts reach each other, admins reach only the control host', () => {
    expect(Object.values<any>(resources(json, 'openstack_compute_keypair_v2'))).toEqual([
      { name: '${var.prefix}-keypair', public_key: KEY },
    ]);
    const rules = Object.values<any>(resources(json, 'openstack_networking_secgroup_rule_v2'));
    expect(rules.filter((r) => r.remote_ip_prefix).map((r) => [r.port_range_min, r.remote_ip_prefix])).toEqual([
      [22, '198.51.100.0/28'],
    ]);
    expect(
      rules
        .filter((r) => r.remote_group_id)
        .map((r) => r.protocol)
        .sort(),
    ).toEqual(['icmp', 'tcp', 'udp']);
  });

  test('exposes the Kayobe inventory and admin addresses', () => {
    expect(Object.keys(env.inventory)).toEqual([
      'seed',
      'controllers',
      'compute',
      'storage',
      'infra-vms',
      'wazuh-manager',
    ]);
    expect(env.inventory.controllers).toHaveLength(3);
    expect(Object.keys(env.adminIps)).toHaveLength(10);
    expect(Object.values<any>(instances).every((i) => i.tags[0] === 'release-train-ci')).toBe(true);
    expect(Object.values<any>(instances).every((i) => i.timeouts.create === '90m')).toBe(true);
  });

  test('marks every resource the leak sweep lists: tags, volume metadata, the key pair by its name', () => {
    // GIVEN a tag that carries the prefix, as the stack adds it
    const marked = synth({ tags: ['release-train-ci', 'release-train-prefix=${var.prefix}'] }).json;
    const tagsOf = (type: string) => Object.values<any>(resources(marked, type)).map((r) => r.tags);
    // THEN instances, ports and security groups carry the tags
    for (const type of [
      'openstack_compute_instance_v2',
      'openstack_networking_port_v2',
      'openstack_networking_secgroup_v2',
    ]) {
      expect(tagsOf(type).length).toBeGreaterThan(0);
      expect(tagsOf(type).every((tags) => tags.includes('release-train-prefix=${var.prefix}'))).toBe(true);
    }
    // AND the OSD volumes (no tags in Cinder) carry them as metadata
    const volumes = Object.values<any>(resources(marked, 'openstack_blockstorage_volume_v3'));
    expect(volumes).toHaveLength(6);
    for (const volume of volumes) {
      expect(volume.metadata).toEqual({ 'release-train-ci': '', 'release-train-prefix': '${var.prefix}' });
    }
  });

  test('an all-in-one environment: the control host and one host in both controllers and compute', () => {
    const aio = synth({ roles: { aio: { count: 1, flavorId: 'large' } }, infraVms: [], osdVolumes: undefined });
    expect(
      Object.values<any>(resources(aio.json, 'openstack_compute_instance_v2'))
        .map((i) => i.name)
        .sort(),
    ).toEqual(['${var.prefix}-aio-01', '${var.prefix}-ansible-control']);
    expect(Object.keys(aio.env.inventory)).toEqual(['controllers', 'compute']);
    expect(aio.env.inventory.controllers).toEqual(aio.env.inventory.compute);
    expect(aio.env.inventory.controllers[0]).toMatch(/-aio-01$/);
  });

  test('a floating IP on the control host when asked for; its address is then the one to SSH to', () => {
    const withFip = synth({ controlHost: { flavorId: 'tiny', floatingIpPool: 'external' } });
    expect(Object.values<any>(resources(withFip.json, 'openstack_networking_floatingip_v2'))[0]).toMatchObject({
      pool: 'external',
    });
    expect(withFip.env.controlHostAddress).not.toBe(withFip.env.controlHost.privateIpV4);
    expect(env.controlHostAddress).toBe(env.controlHost.privateIpV4);
  });

  test('every host has a config drive by default, as terraform-kayobe-multinode', () => {
    expect(Object.values<any>(instances).every((i) => i.config_drive === true)).toBe(true);
  });

  test('per role: config drive, boot volume type, availability zone, extra security groups, metadata', () => {
    const { json: custom } = synth({
      roles: {
        seed: { count: 1, flavorId: 'tiny' },
        compute: {
          count: 2,
          flavorId: 'medium',
          configDrive: false,
          bootVolumeType: 'ceph-ssd',
          availabilityZone: 'nova-2',
          securityGroupIds: ['sg-monitoring'],
          metadata: { 'kayobe-role': 'compute' },
        },
      },
    });
    const byName = (name: string) =>
      Object.values<any>(resources(custom, 'openstack_compute_instance_v2')).find((i) => i.name.endsWith(name));
    const compute = byName('-compute-02');
    expect(compute).toMatchObject({
      config_drive: false,
      availability_zone: 'nova-2',
      metadata: { 'kayobe-role': 'compute' },
    });
    expect(compute.block_device[0].volume_type).toBe('ceph-ssd');
    const seed = byName('-seed-01');
    expect(seed.config_drive).toBe(true);
    expect(seed.availability_zone).toBeUndefined();
    expect(seed.metadata).toBeUndefined();
    expect(seed.block_device[0].volume_type).toBeUndefined();
    const ports = Object.values<any>(resources(custom, 'openstack_networking_port_v2'));
    const computePort = ports.find((p) => p.name.endsWith('-compute-02-port'));
    expect(computePort.security_group_ids).toHaveLength(2);
    expect(computePort.security_group_ids[1]).toBe('sg-monitoring');
    expect(ports.find((p) => p.name.endsWith('-seed-01-port')).security_group_ids).toHaveLength(1);
  });

  test('infra VMs sharing a role are each a host of that role group and of infra-vms', () => {
    const { env: shared } = synth({
      infraVms: [
        { name: 'wazuh-manager-01', role: 'wazuh-manager', flavorId: 'tiny' },
        { name: 'wazuh-manager-02', role: 'wazuh-manager', flavorId: 'tiny' },
      ],
    });
    expect(shared.inventory['wazuh-manager']).toHaveLength(2);
    expect(shared.inventory['infra-vms']).toEqual(shared.inventory['wazuh-manager']);
  });

  test.each([
    [{ sshPublicKey: '-----BEGIN OPENSSH PRIVATE KEY-----' }, /sshPublicKey must be an OpenSSH public key/],
    [{ roles: { controller: { count: -1, flavorId: 'm' } } }, /controller count must be an integer from 0 to 99/],
  ])('fails on %p', (props, message) => {
    expect(() => synth(props as Partial<TestEnvironmentProps>)).toThrow(ReleaseTrainValidationError);
    expect(() => synth(props as Partial<TestEnvironmentProps>)).toThrow(message);
  });
});
