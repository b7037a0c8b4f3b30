// The hand-off as Kayobe reads it: the example multinode environment (config/examples/kayobe-multinode.yaml,
// two Wazuh managers sharing one role, its names switched to the test bed's) is planned by real tofu against the
// test bed's OpenStack (the lookups answered by its Nova, Glance and Neutron; a plan is enough here); its
// planned outputs, with the addresses Neutron's DHCP would give on apply filled in, go through
// `release-train kayobe-handoff --kayobe-config DIR --environment ci-multinode`; then ansible-inventory from
// ansible-core (installed by the install script, version in versions.json) reads the written tree the way
// Kayobe runs Ansible: the kayobe-config's own inventory, then the environment's, with the environment's
// *.yml as extra variables. Every host must be in the groups Kayobe's playbooks target, with its address.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ansibleInventory, missingAnsible } from '../../scripts/ansible';
import { projectRoot } from '../../scripts/toolchain';
import { PROJECT_CIDR } from '../../testbed/openstack/catalogue';
import { CloudStack } from '../support/cloud';
import { kayobeMultinodeExample } from './configs';

jest.setTimeout(600_000);

const CIDR = PROJECT_CIDR;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-kayobe-config-'));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * A kayobe-config's own inventory groups, as its etc/kayobe/inventory/groups declares them: the overcloud is
 * made of the top-level role groups that the hand-off fills.
 */
const KAYOBE_CONFIG_GROUPS = `[seed-hypervisor]

[seed]

[controllers]

[network:children]
controllers

[monitoring]

[storage]

[compute]

[infra-vms]

[overcloud:children]
controllers
network
monitoring
storage
compute
`;

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

/** The hosts of `group` and of its child groups (each once), from `ansible-inventory --list`. */
function hostsOf(list: Record<string, any>, group: string): string[] {
  const entry = list[group] ?? {};
  const hosts = [...(entry.hosts ?? []), ...(entry.children ?? []).flatMap((child: string) => hostsOf(list, child))];
  return [...new Set<string>(hosts)].sort();
}

test('ansible-inventory reads the kayobe-config tree the hand-off writes: every host in its groups, with its address', async () => {
  expect(missingAnsible()).toEqual([]); // `npm run tools` installs it
  // GIVEN the outputs of an applied test-multinode, and a kayobe-config checkout with its own inventory
  const outputs = await appliedOutputs();
  const outputsFile = path.join(work, 'outputs.json');
  fs.writeFileSync(outputsFile, JSON.stringify({ 'test-multinode': outputs }, null, 2));
  const kayobeConfig = path.join(work, 'kayobe-config');
  fs.mkdirSync(path.join(kayobeConfig, 'etc', 'kayobe', 'inventory'), { recursive: true });
  fs.writeFileSync(path.join(kayobeConfig, 'etc', 'kayobe', 'inventory', 'groups'), KAYOBE_CONFIG_GROUPS);
  // WHEN the hand-off writes the ci-multinode environment
  const cli = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, 'dist', 'cli', 'main.js'),
      'kayobe-handoff',
      '--outputs',
      outputsFile,
      '--stack',
      'test-multinode',
      '--kayobe-config',
      kayobeConfig,
      '--environment',
      'ci-multinode',
    ],
    { encoding: 'utf8' },
  );
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  // AND Ansible reads it as Kayobe runs it (both inventories, the environment's *.yml as extra variables)
  const kayobe = path.join(kayobeConfig, 'etc', 'kayobe');
  const env = path.join(kayobe, 'environments', 'ci-multinode');
  const extraVars = fs.readdirSync(env).filter((f) => f.endsWith('.yml'));
  expect(extraVars).toEqual(['admin-oc-networks.yml']);
  const result = ansibleInventory(
    [
      '-i',
      path.join(kayobe, 'inventory'),
      '-i',
      path.join(env, 'inventory'),
      ...extraVars.flatMap((f) => ['-e', `@${path.join(env, f)}`]),
      '--list',
    ],
    work,
  );
  // Kayobe's own groups have "-" in their names (seed-hypervisor, infra-vms): Ansible warns and keeps them.
  const dashes = '[WARNING]: Invalid characters were found in group names but not replaced, use -vvvv to see details';
  expect(result.stderr.replace(dashes, '').trim()).toBe('');
  expect(result.status).toBe(0);
  const list = JSON.parse(result.stdout);
  // THEN every group Kayobe's playbooks target has its hosts
  const prefix = 'kayobe-mn';
  const numbered = (role: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${role}-0${i + 1}`);
  const controllers = numbered('controller', 3);
  const computes = numbered('compute', 2);
  const storage = numbered('storage', 3);
  const wazuh = [`${prefix}-wazuh-manager-01`, `${prefix}-wazuh-manager-02`];
  expect(hostsOf(list, 'seed')).toEqual([`${prefix}-seed-01`]);
  expect(hostsOf(list, 'controllers')).toEqual(controllers);
  expect(hostsOf(list, 'network')).toEqual(controllers);
  expect(hostsOf(list, 'monitoring')).toEqual(controllers);
  expect(hostsOf(list, 'compute')).toEqual(computes);
  expect(hostsOf(list, 'storage')).toEqual(storage);
  for (const ceph of ['mons', 'mgrs', 'osds']) expect(hostsOf(list, ceph)).toEqual(storage);
  expect(hostsOf(list, 'overcloud')).toEqual([...controllers, ...computes, ...storage].sort());
  expect(hostsOf(list, 'infra-vms')).toEqual(wazuh);
  expect(hostsOf(list, 'wazuh-manager')).toEqual(wazuh);
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
  expect(parse(fs.readFileSync(path.join(env, 'admin-oc-networks.yml'), 'utf8')).admin_oc_bootproto).toBe('dhcp');
});
