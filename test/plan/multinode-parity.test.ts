// Parity with terraform-kayobe-multinode (DOMAIN.md §8): the module's SMS example inputs (3 controllers,
// 2 computes, 3 storage hosts, 100 GiB disks, no floating IP, no Wazuh) as our config, planned by real tofu;
// the resources per type must match the module's, except where we do better, each difference with its reason.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthApp, TofuWorkspace } from '../support/tofu';

interface Row {
  readonly type: string;
  /** What the module creates from its SMS example inputs. */
  readonly module: number;
  /** What our plan of the same inputs must create. */
  readonly ours: number;
  readonly why?: string;
}

const PARITY: readonly Row[] = [
  { type: 'openstack_compute_instance_v2', module: 10, ours: 10 },
  { type: 'openstack_compute_keypair_v2', module: 1, ours: 1 },
  { type: 'openstack_blockstorage_volume_v3', module: 3, ours: 3 },
  { type: 'openstack_compute_volume_attach_v2', module: 3, ours: 3 },
  { type: 'openstack_networking_floatingip_v2', module: 0, ours: 0 },
  {
    type: 'openstack_networking_floatingip_associate_v2',
    module: 0,
    ours: 0,
    why: 'the floating IP takes the port itself',
  },
  {
    type: 'openstack_networking_port_v2',
    module: 1,
    ours: 10,
    why: 'every host gets a port of its own, so that it carries explicit security groups instead of the default one',
  },
  {
    type: 'openstack_networking_secgroup_v2',
    module: 0,
    ours: 2,
    why: 'hosts reach each other; only admins reach the control host',
  },
  {
    type: 'openstack_networking_secgroup_rule_v2',
    module: 0,
    ours: 4,
    why: 'tcp, udp, icmp between hosts; SSH from one admin range',
  },
  { type: 'data.openstack_networking_network_v2', module: 1, ours: 0, why: 'given by ID: the plan needs no cloud' },
  {
    type: 'data.openstack_networking_subnet_v2',
    module: 1,
    ours: 0,
    why: 'given by ID (its CIDR comes from the config)',
  },
  { type: 'data.openstack_images_image_v2', module: 1, ours: 0, why: 'given by ID' },
  {
    type: 'local_file',
    module: 3,
    ours: 0,
    why: 'the Kayobe files come from outputs via `release-train kayobe-handoff`',
  },
  { type: 'ansible_host', module: 1, ours: 0, why: 'the control host is in control-host-inventory (kayobe-handoff)' },
];

const CONFIG = `openstack:
  cloud: sms-lab
testEnvironments:
  - name: sms
    kind: multinode
    prefix: sms
    imageId: 6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f
    network: { networkId: 3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e, subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f }
    subnetCidr: 10.205.0.0/16
    sshPublicKey: ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 ci@sms
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorId: general.v1.tiny, bootVolumeSizeGiB: 100 }
    seed: { flavorId: general.v1.tiny, bootVolumeSizeGiB: 100 }
    controllers: { count: 3, flavorId: general.v1.medium, bootVolumeSizeGiB: 100 }
    computes: { count: 2, flavorId: general.v1.medium, bootVolumeSizeGiB: 100 }
    storage: { count: 3, flavorId: general.v1.small, bootVolumeSizeGiB: 100 }
    osdVolumes: { perHost: 1, sizeGiB: 40 }
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-parity-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("our plan of terraform-kayobe-multinode's SMS example inputs matches its resources per type", () => {
  const config = path.join(work, 'sms.yaml');
  fs.writeFileSync(config, CONFIG);
  const app = synthApp({ RELEASE_TRAIN_CONFIG: config });
  const workspace = new TofuWorkspace(app.stacks.find((s) => s.name === 'test-sms')!);
  try {
    workspace.init();
    const plan = workspace.plan();
    const counts = new Map<string, number>();
    for (const change of plan.resource_changes) {
      const type = change.mode === 'data' ? `data.${change.type}` : change.type;
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    const planned = PARITY.map((row) => ({ ...row, planned: counts.get(row.type) ?? 0 }));
    console.log(
      [
        '| Type | terraform-kayobe-multinode | release-train | Why |',
        '| --- | ---: | ---: | --- |',
        ...planned.map((r) => `| ${r.type} | ${r.module} | ${r.planned} | ${r.why ?? ''} |`),
      ].join('\n'),
    );
    expect(planned.map((r) => [r.type, r.planned])).toEqual(PARITY.map((r) => [r.type, r.ours]));
    expect(PARITY.filter((r) => r.module !== r.ours && !r.why)).toEqual([]);
    // Nothing planned that the table does not account for.
    expect([...counts.keys()].filter((type) => !PARITY.some((r) => r.type === type))).toEqual([]);
    const names = plan.resource_changes
      .filter((c: any) => c.type === 'openstack_compute_instance_v2')
      .map((c: any) => c.change.after.name)
      .sort();
    expect(names).toContain('sms-controller-03');
    expect(names).toContain('sms-storage-01');
  } finally {
    workspace.dispose();
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
});
