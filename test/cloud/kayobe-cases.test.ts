// terraform-kayobe-multinode's three input cases (test/support/kayobe-cases.ts: minimal = control host and seed
// only, default, full = the default with a floating IP, Wazuh and a volume type) applied for real on the test
// bed's OpenStack, each from the example config with the test bed's names in place of the example's: apply,
// plan again = no changes, destroy, nothing left on the real APIs (support/cloud.ts `cycle`). Between apply and
// destroy, what Nova, Cinder and Neutron hold is checked against the case, and the stack's real outputs go
// through `release-train kayobe-handoff --kayobe-config` with the written tree read by ansible-inventory.
// test/cloud/multinode-parity.test.ts compares the same cases' plans with the reference's HCL.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminClient } from '../../testbed/openstack/harness';
import { PROJECT_CIDR } from '../../testbed/openstack/catalogue';
import { CloudStack, cycle, CycleSeconds, replaceEvery } from '../support/cloud';
import { KAYOBE_CASES, KayobeCase, kayobeCaseConfig, kayobeCaseHosts } from '../support/kayobe-cases';
import { expectedKayobeGroups, handOffAndRead, kayobeGroupsOf } from '../support/kayobe-config';
import { kayobeOnTestbed } from './configs';

jest.setTimeout(1_200_000);

const STACK = 'test-multinode';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-kayobe-cases-'));
const measured: Record<string, CycleSeconds> = {};

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  const rows = Object.entries(measured).map(([name, s]) => {
    const total = Object.values(s).reduce((a, b) => a + b, 0);
    return `| ${name} | ${s.apply} | ${s.plan} | ${s.check} | ${s.destroy} | ${total.toFixed(1)} |`;
  });
  console.log(
    [
      '| Case | apply s | re-plan s | checks s | destroy s | total s |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
});

const prefixOf = (c: KayobeCase) => `rt-kayobe-${c.name}`;

/** A case's config with the test bed's cloud, image, network and pool in place of the example's names. */
function onTestbed(c: KayobeCase): string {
  return replaceEvery(kayobeOnTestbed(kayobeCaseConfig(c)), [['prefix: kayobe-mn', `prefix: ${prefixOf(c)}`]]);
}

/** A public Cinder volume type for the full case's volume_type (the test bed has only __DEFAULT__); removed after. */
async function volumeType(name: string): Promise<{ remove: () => Promise<void> }> {
  const admin = await adminClient();
  const type = (await admin.call('volumev3', 'POST', '/types', { volume_type: { name } })).volume_type;
  return {
    remove: async () => {
      await admin.call('volumev3', 'DELETE', `/types/${type.id}`);
      const left = await admin.list('volumev3', '/types', 'volume_types');
      expect(left.map((t) => t.name)).not.toContain(name);
    },
  };
}

/** What the real APIs hold for the applied case, and the hand-off of its real outputs. */
async function checkApplied(c: KayobeCase, stack: CloudStack): Promise<void> {
  const admin = await adminClient();
  const prefix = prefixOf(c);
  const servers = await admin.list(
    'compute',
    `/servers/detail?all_tenants=1&tags=release-train-prefix%3D${prefix}`,
    'servers',
  );
  // Every host of the reference's case, active, with a config drive (as the reference sets on each instance).
  expect(servers).toHaveLength(kayobeCaseHosts(c));
  expect(servers.filter((s) => s.status !== 'ACTIVE').map((s) => `${s.name} ${s.status}`)).toEqual([]);
  expect(servers.filter((s) => String(s.config_drive) !== 'True').map((s) => s.name)).toEqual([]);
  // The flavors the names in the config name, looked up by the provider.
  const flavorOf = Object.fromEntries(servers.map((s) => [s.name, s.flavor.original_name]));
  expect(flavorOf[`${prefix}-ansible-control`]).toBe('general.v1.tiny');
  expect(flavorOf[`${prefix}-seed-01`]).toBe('general.v1.tiny');
  if (c.controllers > 0) expect(flavorOf[`${prefix}-controller-01`]).toBe('general.v1.medium');
  if (c.storage > 0) expect(flavorOf[`${prefix}-storage-01`]).toBe('general.v1.small');

  // Boot volumes and the OSD volumes (one 40 GiB per storage host), all of the case's volume type.
  const volumes = (await admin.list('volumev3', '/volumes/detail?all_tenants=1', 'volumes')).filter((v) =>
    servers.some((s) => v.attachments.some((a: { server_id: string }) => a.server_id === s.id)),
  );
  const osds = volumes.filter((v) => v.name?.includes('-osd-'));
  expect(osds).toHaveLength(c.storage);
  expect(osds.every((v) => v.size === 40)).toBe(true);
  expect(volumes).toHaveLength(servers.length + c.storage);
  expect(new Set(volumes.map((v) => v.volume_type))).toEqual(new Set([c.volumeType ?? '__DEFAULT__']));

  // The outputs: the admin CIDR read from the subnet, each host's address the one Neutron gave its port.
  const outputs = await stack.outputs();
  expect(outputs.admin_oc_cidr).toBe(PROJECT_CIDR);
  const neutronAddress = Object.fromEntries(
    servers.map((s) => [
      s.name,
      Object.values<any[]>(s.addresses)
        .flat()
        .find((a) => a['OS-EXT-IPS:type'] === 'fixed').addr,
    ]),
  );
  const control = `${prefix}-ansible-control`;
  const { [control]: controlAddress, ...hostAddress } = neutronAddress;
  expect(outputs.admin_oc_ips).toEqual(hostAddress);
  const floating = await admin.list('network', '/floatingips', 'floatingips');
  const floatingOfControl = floating.filter((f) => f.fixed_ip_address === controlAddress);
  if (c.floatingIp) {
    expect(floatingOfControl.map((f) => f.floating_ip_address)).toEqual([outputs.control_host_address]);
  } else {
    expect(floatingOfControl).toEqual([]);
    expect(outputs.control_host_address).toBe(controlAddress);
  }

  // The hand-off of the real outputs, read by ansible-inventory as Kayobe would.
  const dir = fs.mkdtempSync(path.join(work, `${c.name}-`));
  const read = handOffAndRead(dir, STACK, outputs);
  expect({ status: read.cli.status, stderr: read.cli.stderr }).toEqual({ status: 0, stderr: '' });
  expect({ status: read.ansible.status, errors: read.ansibleErrors }).toEqual({ status: 0, errors: '' });
  const expected = expectedKayobeGroups({
    prefix,
    controllers: c.controllers,
    computes: c.computes,
    storage: c.storage,
    infraVms: c.wazuh ? { 'wazuh-manager': ['wazuh-manager-01'] } : {},
  });
  expect(kayobeGroupsOf(read.list!, Object.keys(expected))).toEqual(expected);
  const hostvars = read.list!._meta.hostvars;
  const inventoryHosts = Object.keys(hostvars).sort();
  expect(inventoryHosts).toEqual(Object.keys(hostAddress).sort());
  for (const host of inventoryHosts) {
    expect([host, hostvars[host].ansible_host]).toEqual([host, hostAddress[host]]);
    expect([host, hostvars[host].admin_oc_cidr]).toEqual([host, PROJECT_CIDR]);
  }
}

describe.each(KAYOBE_CASES)("terraform-kayobe-multinode's $name case on the test bed", (c) => {
  test(`applies, re-plans with no changes, hands off to Kayobe and destroys to nothing (${c.inputs})`, async () => {
    const type = c.volumeType ? await volumeType(c.volumeType) : undefined;
    try {
      measured[c.name] = await cycle(onTestbed(c), STACK, (stack) => checkApplied(c, stack));
    } finally {
      await type?.remove();
    }
  });
});
