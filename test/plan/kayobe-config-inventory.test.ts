// The hand-off as Kayobe reads it (test/support/kayobe-config.ts): the example multinode environment
// (config/examples/kayobe-multinode.yaml, two Wazuh managers sharing one role) is planned by real tofu (lookups
// answered by FakeOpenStackApi); its planned outputs, with the addresses Neutron's DHCP would give on apply
// filled in, go through `release-train kayobe-handoff --kayobe-config DIR --environment ci-multinode`, and
// ansible-inventory reads the written tree as Kayobe would. Every host must be in the groups Kayobe's playbooks
// target, with its address. test/cloud/kayobe-cases.test.ts does the same with the outputs of a real apply.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config';
import { missingAnsible } from '../../scripts/ansible';
import { FakeOpenStackApi } from '../support/fake-openstack-api';
import { expectedKayobeGroups, handOffAndRead, hostsOf, kayobeGroupsOf } from '../support/kayobe-config';
import { synthApp, TofuWorkspace } from '../support/tofu';

const CIDR = '10.209.0.0/16';
const api = new FakeOpenStackApi({
  networks: [{ id: '3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e', name: 'kayobe-ci-net' }],
  subnets: [
    {
      id: '4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f',
      name: 'kayobe-ci-subnet',
      networkId: '3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e',
      cidr: CIDR,
    },
  ],
  images: [{ id: '6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f', name: 'overcloud-rocky-9' }],
  flavors: ['tiny', 'small', 'medium'].map((size, i) => ({
    id: `a1b2c3d4-0000-4000-8000-00000000000${i + 1}`,
    name: `general.v1.${size}`,
    vcpus: 2,
    ramMiB: 4096,
  })),
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-kayobe-config-'));

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The planned outputs of the example's test-multinode stack, as `cdktf output` gives them after apply. */
async function appliedOutputs(): Promise<Record<string, any>> {
  const text = fs
    .readFileSync(path.join(path.dirname(DEFAULT_CONFIG_FILE), 'kayobe-multinode.yaml'), 'utf8')
    .replace(
      '      - { name: wazuh-manager-01, role: wazuh-manager, flavorName: general.v1.tiny }\n',
      (first) => `${first}${first.replace('wazuh-manager-01', 'wazuh-manager-02')}`,
    );
  expect(text).toContain('name: wazuh-manager-02, role: wazuh-manager');
  const config = path.join(work, 'kayobe-multinode.yaml');
  fs.writeFileSync(config, text);
  const app = synthApp({ RELEASE_TRAIN_CONFIG: config });
  const workspace = new TofuWorkspace(
    app.stacks.find((s) => s.name === 'test-multinode')!,
    undefined,
    api.cloudsYaml('kayobe-ci'),
  );
  try {
    workspace.init();
    const plan = await workspace.runAsync(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    expect(plan.stderr).toBe('');
    const shown = JSON.parse((await workspace.runAsync(['show', '-json', 'plan.tfplan'])).stdout);
    const known = Object.fromEntries(
      Object.entries<any>(shown.planned_values.outputs).map(([name, output]) => [name, output.value]),
    );
    // Addresses are only known after apply: give each host the next address of the subnet, as DHCP would.
    const hosts = [...new Set(Object.values<string[]>(known.inventory).flat())].sort();
    expect(hosts).toHaveLength(11);
    return {
      ...known,
      control_host_address: '203.0.113.40',
      admin_oc_ips: Object.fromEntries(hosts.map((host, i) => [host, `10.209.0.${10 + i}`])),
    };
  } finally {
    workspace.dispose();
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

test('ansible-inventory reads the kayobe-config tree the hand-off writes: every host in its groups, with its address', async () => {
  expect(missingAnsible()).toEqual([]); // `npm run tools` installs it
  // GIVEN the outputs of an applied test-multinode
  const outputs = await appliedOutputs();
  // WHEN the hand-off writes the ci-multinode environment into a kayobe-config checkout with its own inventory
  const read = handOffAndRead(work, 'test-multinode', outputs);
  expect(read.cli.stderr).toBe('');
  expect(read.cli.status).toBe(0);
  // AND Ansible reads it as Kayobe runs it (both inventories, the environment's *.yml as extra variables)
  expect(read.extraVars).toEqual(['admin-oc-networks.yml']);
  expect(read.ansibleErrors).toBe('');
  expect(read.ansible.status).toBe(0);
  const list = read.list!;
  // THEN every group Kayobe's playbooks target has its hosts
  const expected = expectedKayobeGroups({
    prefix: 'kayobe-mn',
    controllers: 3,
    computes: 2,
    storage: 3,
    infraVms: { 'wazuh-manager': ['wazuh-manager-01', 'wazuh-manager-02'] },
  });
  expect(expected['wazuh-manager']).toEqual(['kayobe-mn-wazuh-manager-01', 'kayobe-mn-wazuh-manager-02']);
  expect(kayobeGroupsOf(list, Object.keys(expected))).toEqual(expected);
  // AND every host has its address, as ansible_host and in Kayobe's admin network allocation, inside the CIDR
  const all = hostsOf(list, 'all');
  expect(all).toHaveLength(11);
  for (const host of all) {
    const vars = list._meta.hostvars[host];
    expect(vars.ansible_host).toBe(outputs.admin_oc_ips[host]);
    expect(vars.admin_oc_ips[host]).toBe(vars.ansible_host);
    expect(vars.admin_oc_cidr).toBe(CIDR);
    expect(vars.ansible_host).toMatch(/^10\.209\.\d+\.\d+$/);
  }
  expect(
    parse(fs.readFileSync(path.join(read.environmentDir, 'admin-oc-networks.yml'), 'utf8')).admin_oc_bootproto,
  ).toBe('dhcp');
});
