// The hand-off as Kayobe reads it: the example multinode environment (config/examples/kayobe-multinode.yaml,
// two Wazuh managers sharing one role, its names switched to the test bed's) is planned by real tofu against the
// test bed's OpenStack (the lookups answered by its Nova, Glance and Neutron; a plan is enough here); its
// planned outputs, with the addresses Neutron's DHCP would give on apply filled in, go through
// `release-train kayobe-handoff --kayobe-config DIR --environment ci-multinode`; then ansible-inventory from
// ansible-core (installed by the install script, version in versions.json) reads the written tree the way
// Kayobe runs Ansible: the kayobe-config's own inventory, then the environment's, with the environment's
// *.yml as extra variables. Every host must be in the groups Kayobe's playbooks target, with its address.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { missingAnsible } from '../../scripts/ansible';
import { PROJECT_CIDR } from '../../testbed/openstack/catalogue';
import { CloudStack } from '../support/cloud';
import { expectedKayobeGroups, handOffAndRead, hostsOf, kayobeGroupsOf } from '../support/kayobe-config';
import { kayobeMultinodeExample } from './configs';

jest.setTimeout(600_000);

const CIDR = PROJECT_CIDR;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-kayobe-config-'));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The planned outputs of the example's test-multinode stack, as `cdktf output` gives them after apply. */
async function appliedOutputs(): Promise<Record<string, any>> {
  const text = kayobeMultinodeExample().replace(
    '      - { name: wazuh-manager-01, role: wazuh-manager, flavorName: general.v1.tiny }\n',
    (first) => `${first}${first.replace('wazuh-manager-01', 'wazuh-manager-02')}`,
  );
  expect(text).toContain('name: wazuh-manager-02, role: wazuh-manager');
  const stack = CloudStack.synth(text, 'test-multinode');
  try {
    const plan = await stack.tofu(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    expect(plan.stderr).toBe('');
    const shown = JSON.parse((await stack.tofu(['show', '-json', 'plan.tfplan'])).stdout);
    const known = Object.fromEntries(
      Object.entries<any>(shown.planned_values.outputs).map(([name, output]) => [name, output.value]),
    );
    // Addresses are only known after apply: give each host the next address of the subnet, as DHCP would.
    const hosts = [...new Set(Object.values<string[]>(known.inventory).flat())].sort();
    expect(hosts).toHaveLength(11);
    return {
      ...known,
      control_host_address: '203.0.113.40',
      admin_oc_ips: Object.fromEntries(hosts.map((host, i) => [host, `10.205.0.${10 + i}`])),
    };
  } finally {
    stack.dispose();
  }
}

test('ansible-inventory reads the kayobe-config tree the hand-off writes: every host in its groups, with its address', async () => {
  expect(missingAnsible()).toEqual([]); // `npm run tools` installs it
  // GIVEN the outputs of an applied test-multinode, and a kayobe-config checkout with its own inventory
  const outputs = await appliedOutputs();
  // WHEN the hand-off writes the ci-multinode environment, and Ansible reads it as Kayobe runs it (both
  // inventories, the environment's *.yml as extra variables)
  const read = handOffAndRead(work, 'test-multinode', outputs);
  expect(read.cli.stderr).toBe('');
  expect(read.cli.status).toBe(0);
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
  expect(kayobeGroupsOf(list, Object.keys(expected))).toEqual(expected);
  // AND every host has its address, as ansible_host and in Kayobe's admin network allocation, inside the CIDR
  const all = hostsOf(list, 'all');
  expect(all).toHaveLength(11);
  for (const host of all) {
    const vars = list._meta.hostvars[host];
    expect(vars.ansible_host).toBe(outputs.admin_oc_ips[host]);
    expect(vars.admin_oc_ips[host]).toBe(vars.ansible_host);
    expect(vars.admin_oc_cidr).toBe(CIDR);
    expect(vars.ansible_host).toMatch(/^10\.205\.\d+\.\d+$/);
  }
  const networks = path.join(read.environmentDir, 'admin-oc-networks.yml');
  expect(parse(fs.readFileSync(networks, 'utf8')).admin_oc_bootproto).toBe('dhcp');
});
