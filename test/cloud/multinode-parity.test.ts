// Parity with terraform-kayobe-multinode (DOMAIN.md §8) on its three input cases, each written as our config
// the way its users write tfvars (flavors, image, network and subnet by name: config/examples/kayobe-multinode.yaml)
// and planned (not applied: a plan proves the counts) by real tofu with the real openstack provider against the
// test bed's OpenStack, whose Nova, Glance and Neutron answer the lookups (the example's names switched to the
// test bed's). Per resource type, the count the reference's HCL creates for the same inputs (worked out from
// its compute_instances.tf, volumes.tf, data.tf, outputs.tf and authentication.tf) must equal ours, except
// where a row says why ours differs; each difference is asserted, not only listed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';
import { PROJECT_CIDR, PROJECT_SUBNET } from '../../testbed/openstack/catalogue';
import { memberClient } from '../../testbed/openstack/harness';
import { CloudStack } from '../support/cloud';
import { KAYOBE_CASES, KayobeCase, kayobeCaseConfig, kayobeCaseHosts } from '../support/kayobe-cases';
import { kayobeOnTestbed } from './configs';

jest.setTimeout(600_000);

interface Row {
  readonly type: string;
  /** What terraform-kayobe-multinode creates for the case. */
  readonly reference: (c: KayobeCase) => number;
  /** What our plan of the same inputs must create. */
  readonly ours: (c: KayobeCase) => number;
  /** Why ours differs, when it does. */
  readonly why?: string;
}

const hosts = kayobeCaseHosts;
/** The flavors the case's hosts use: the control host and seed are tiny, storage small, the others medium. */
const flavorNames = (c: KayobeCase) => 1 + (c.controllers + c.computes > 0 ? 1 : 0) + (c.storage > 0 ? 1 : 0);

const PARITY: readonly Row[] = [
  { type: 'openstack_compute_instance_v2', reference: hosts, ours: hosts },
  { type: 'openstack_compute_keypair_v2', reference: () => 1, ours: () => 1 },
  // One 40 GiB OSD volume per storage host in both (ours: osdVolumes.perHost and sizeGiB may change it).
  { type: 'openstack_blockstorage_volume_v3', reference: (c) => c.storage, ours: (c) => c.storage },
  { type: 'openstack_compute_volume_attach_v2', reference: (c) => c.storage, ours: (c) => c.storage },
  { type: 'openstack_networking_floatingip_v2', reference: (c) => +c.floatingIp, ours: (c) => +c.floatingIp },
  {
    type: 'openstack_networking_floatingip_associate_v2',
    reference: (c) => +c.floatingIp,
    ours: () => 0,
    why: 'the floating IP takes the control host port itself (port_id)',
  },
  {
    type: 'openstack_networking_port_v2',
    reference: () => 1,
    ours: hosts,
    why: 'every host gets a port of its own, so that it carries explicit security groups instead of the default one',
  },
  {
    type: 'openstack_networking_secgroup_v2',
    reference: () => 0,
    ours: () => 2,
    why: 'hosts reach each other; only admins reach the control host',
  },
  {
    type: 'openstack_networking_secgroup_rule_v2',
    reference: () => 0,
    ours: () => 4,
    why: 'tcp, udp, icmp between hosts; SSH from one admin range',
  },
  { type: 'data.openstack_networking_network_v2', reference: () => 1, ours: () => 1 },
  { type: 'data.openstack_networking_subnet_v2', reference: () => 1, ours: () => 1 },
  { type: 'data.openstack_images_image_v2', reference: () => 1, ours: () => 1 },
  {
    type: 'data.openstack_compute_flavor_v2',
    reference: () => 0,
    ours: flavorNames,
    why: 'a flavor name is looked up while planning (once per name), so a wrong name fails the plan instead of the apply; the reference passes flavor_name to Nova',
  },
  {
    type: 'local_file',
    reference: () => 3,
    ours: () => 0,
    why: 'the Kayobe files come from outputs via `release-train kayobe-handoff`',
  },
  {
    type: 'ansible_host',
    reference: () => 1,
    ours: () => 0,
    why: 'the control host is in control-host-inventory (kayobe-handoff)',
  },
];

const SUBNET_CIDR = PROJECT_CIDR;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-parity-'));
/** The test bed's flavors: name -> id, as Nova has them. */
let flavorIds: Map<string, string>;

beforeAll(async () => {
  const flavors = await (await memberClient()).list('compute', '/flavors', 'flavors');
  flavorIds = new Map(flavors.map((f) => [f.name, f.id]));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The example config, edited to a case's inputs, with the test bed's names. */
const configOf = (c: KayobeCase) => kayobeOnTestbed(kayobeCaseConfig(c));

async function planOf(configText: string) {
  const stack = CloudStack.synth(configText, 'test-multinode');
  try {
    const plan = await stack.tofu(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    const shown =
      plan.status === 0 ? JSON.parse((await stack.tofu(['show', '-json', 'plan.tfplan'])).stdout) : undefined;
    return { plan, shown };
  } finally {
    stack.dispose();
  }
}

describe.each(KAYOBE_CASES)("terraform-kayobe-multinode's $name case", (c) => {
  test(`plans the reference's resources per type (${c.inputs})`, async () => {
    const { plan, shown } = await planOf(configOf(c));
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    // Resources are planned changes; data sources read while planning are in the plan's prior state.
    const read = shown.prior_state?.values?.root_module?.resources ?? [];
    const counts = new Map<string, number>();
    for (const item of [...shown.resource_changes, ...read.filter((r: any) => r.mode === 'data')]) {
      const type = item.mode === 'data' ? `data.${item.type}` : item.type;
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    const rows = PARITY.map((row) => ({
      type: row.type,
      reference: row.reference(c),
      ours: row.ours(c),
      planned: counts.get(row.type) ?? 0,
      why: row.why,
    }));
    console.log(
      [
        `${c.name}: ${c.inputs}`,
        '| Type | terraform-kayobe-multinode | release-train | Why |',
        '| --- | ---: | ---: | --- |',
        ...rows.map((r) => `| ${r.type} | ${r.reference} | ${r.planned} | ${r.why ?? ''} |`),
      ].join('\n'),
    );
    expect(rows.map((r) => [r.type, r.planned])).toEqual(rows.map((r) => [r.type, r.ours]));
    // Every difference from the reference has its reason; every row without one is equal.
    expect(rows.filter((r) => r.reference !== r.ours && !r.why)).toEqual([]);
    // Nothing planned that the table does not account for.
    expect([...counts.keys()].filter((type) => !PARITY.some((r) => r.type === type))).toEqual([]);

    const instances = shown.resource_changes.filter((r: any) => r.type === 'openstack_compute_instance_v2');
    const names = instances.map((r: any) => r.change.after.name).sort();
    expect(names).toContain('kayobe-mn-ansible-control');
    expect(names).toContain('kayobe-mn-seed-01');
    expect(names.filter((n: string) => n.includes('-controller-'))).toHaveLength(c.controllers);
    // As the reference: a config drive on every instance, the flavor the cloud has under the name.
    expect(instances.every((r: any) => r.change.after.config_drive === true)).toBe(true);
    const used = ['tiny', ...(c.controllers + c.computes > 0 ? ['medium'] : []), ...(c.storage > 0 ? ['small'] : [])];
    expect(new Set(instances.map((r: any) => r.change.after.flavor_id))).toEqual(
      new Set(used.map((size) => flavorIds.get(`general.v1.${size}`))),
    );
    // The boot and OSD volumes take the case's volume type, as the reference's volume_type does.
    for (const instance of instances) {
      expect(instance.change.after.block_device[0].volume_type ?? undefined).toBe(c.volumeType);
    }
    for (const volume of shown.resource_changes.filter((r: any) => r.type === 'openstack_blockstorage_volume_v3')) {
      expect(volume.change.after.volume_type ?? undefined).toBe(c.volumeType);
    }
    // The admin CIDR comes from the subnet the config names, read while planning.
    expect(shown.planned_values.outputs.admin_oc_cidr.value).toBe(SUBNET_CIDR);
    if (c.wazuh) {
      expect(shown.planned_values.outputs.inventory.value['wazuh-manager']).toEqual(['kayobe-mn-wazuh-manager-01']);
    }
  });
});

test("synth prints the minimal case's warning in the error format and still synthesises (exit 0)", () => {
  const file = path.join(work, 'minimal-warning.yaml');
  fs.writeFileSync(file, configOf(KAYOBE_CASES[0]));
  const outdir = fs.mkdtempSync(path.join(work, 'out-'));
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'main.js')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, RELEASE_TRAIN_CONFIG: file, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(result.stderr).toMatch(
    /^\S+minimal-warning\.yaml:\d+:\d+ testEnvironments\[0\]\.controllers\.count: warning: no controllers: Kayobe can deploy the seed, but `kayobe overcloud service deploy` needs at least one host in the controllers group\n$/,
  );
  expect(result.status).toBe(0);
  expect(fs.existsSync(path.join(outdir, 'stacks', 'test-multinode', 'cdk.tf.json'))).toBe(true);
});

test("a subnetCidr that is not the looked-up subnet's fails the plan, naming both", async () => {
  // GIVEN the default case with a CIDR typed into the config that the subnet does not have
  const text = configOf(KAYOBE_CASES[1]).replace(/ {4}# subnetCidr: .*\n/, '    subnetCidr: 10.99.0.0/24\n');
  expect(text).toContain('    subnetCidr: 10.99.0.0/24\n');
  // WHEN it is planned
  const { plan } = await planOf(text);
  // THEN the plan fails with the postcondition's message
  expect(plan.status).not.toBe(0);
  const message = plan.stderr.replace(/[\s│]+/g, ' ');
  expect(message).toContain(
    `The subnet "${PROJECT_SUBNET}" has the CIDR ${SUBNET_CIDR}, but testEnvironments "multinode" subnetCidr says 10.99.0.0/24`,
  );
  // AND the matching CIDR plans
  const matching = await planOf(text.replace('10.99.0.0/24', SUBNET_CIDR));
  expect(matching.plan.stderr).toBe('');
  expect(matching.plan.status).toBe(0);
});
