import { AnnotationMetadataEntryType, App, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import * as path from 'node:path';
import { loadConfig } from '../../../config';
import { ArkStack, buildStacks } from '../../../stacks';
import { readVersions } from '../../../scripts/toolchain';

const config = loadConfig();

function synthArk(): any {
  const app = Testing.app();
  const stack = new ArkStack(app, 'ark', { openstack: config.openstack!, ark: config.ark! });
  return JSON.parse(Testing.synth(stack));
}

describe('ArkStack', () => {
  const json = synthArk();

  test('keeps its Terraform addresses (an address change destroys and recreates infrastructure)', () => {
    const addresses = Object.entries<Record<string, unknown>>(json.resource).flatMap(([type, resources]) =>
      Object.keys(resources).map((name) => `${type}.${name}`),
    );
    expect(addresses.sort()).toEqual([
      'openstack_blockstorage_volume_v3.Pulp_DataVolume_01B9333B',
      'openstack_compute_instance_v2.Pulp_Server_0E085D49',
      'openstack_compute_volume_attach_v2.Pulp_DataVolumeAttachment_8054BC4C',
      'openstack_networking_network_v2.Network_1C6012B5',
      'openstack_networking_port_v2.Pulp_Server_Port_C0322DC4',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-22-22-from-198511000_28_AAC0851C',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-443-443-from-198511000_28_45E25D6C',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-443-443-from-2001db842_48_D5EFF062',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-443-443-from-20301130_24_67676B0E',
      'openstack_networking_secgroup_v2.SecurityGroup_DD263621',
      'openstack_networking_subnet_v2.Network_Subnet_8D9C3287',
    ]);
  });

  test('requires providers by their ordinary two-part sources, pinned to the tested versions', () => {
    const versions = readVersions();
    expect(json.terraform.required_providers).toEqual({
      openstack: { source: 'terraform-provider-openstack/openstack', version: versions.providers.openstack.version },
    });
  });

  test('holds no absolute path of this checkout', () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(path.resolve(__dirname, '../../..'));
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.ark.tfstate' } });
  });

  test('opens SSH only to admins and HTTPS to admins and content clients, never to everyone', () => {
    const rules = Object.values<any>(json.resource.openstack_networking_secgroup_rule_v2);
    const opened = rules.map((r) => `${r.port_range_min}<-${r.remote_ip_prefix}`).sort();
    expect(opened).toEqual([
      '22<-198.51.100.0/28',
      '443<-198.51.100.0/28',
      '443<-2001:db8:42::/48',
      '443<-203.0.113.0/24',
    ]);
    expect(rules.every((r) => !/\/0$/.test(r.remote_ip_prefix))).toBe(true);
  });

  test('boots Ark from a volume of the configured size and image', () => {
    const instance = Object.values<any>(json.resource.openstack_compute_instance_v2)[0];
    expect(instance.block_device[0]).toMatchObject({
      uuid: (config.ark!.image as { id: string }).id,
      volume_size: 100,
      boot_index: 0,
    });
    expect(instance.flavor_id).toBe((config.ark!.flavor as { id: string }).id);
  });

  test('the example passes the security rule pack: no finding, nothing suppressed', () => {
    const app = Testing.app();
    const stack = new ArkStack(app, 'ark', { openstack: config.openstack!, ark: config.ark! });
    Testing.synth(stack);
    const errors = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === (AnnotationMetadataEntryType.ERROR as string));
    expect(errors).toEqual([]);
    expect(config.ark!.suppressions).toEqual([]);
  });

  test('outputs the server address and ID under static names', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'api_url',
      'content_url',
      'instance_id',
      'private_ip',
      'registry_host',
    ]);
    expect(json.output.content_url.value).toBe('https://ark.example.org/pulp/content/');
    expect(json.output.api_url.value).toBe('https://ark.example.org');
    expect(json.output.private_ip.description).toMatch(/ark/);
  });
});

describe('buildStacks', () => {
  test('makes one stack per config entry', () => {
    const app = new App({ skipValidation: true });
    expect(buildStacks(app, config).map((stack) => stack.node.id)).toEqual([
      'ark',
      'mirror-site-a',
      'mirror-site-b',
      'test-aio',
      'test-multinode',
      'builders-rt-builder',
      'source-repos',
    ]);
    const noArk = { ...config, ark: undefined, mirrors: [], testEnvironments: [], buildHostPools: [] };
    const ids = (c: typeof config) => buildStacks(new App({ skipValidation: true }), c).map((s) => s.node.id);
    expect(ids(noArk)).toEqual(['source-repos']);
    // GitHub needs no OpenStack: a config of only sourceRepos has that one stack.
    expect(ids({ ...noArk, openstack: undefined })).toEqual(['source-repos']);
    expect(ids({ ...noArk, sourceRepos: undefined })).toEqual([]);
  });
});
