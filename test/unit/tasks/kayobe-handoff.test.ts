// The Kayobe hand-off from a test environment's outputs. The outputs here have the shape the test-<env>
// stacks declare (checked against the synthesised example), with the addresses a deploy would fill in.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig } from '../../../config';
import { buildStacks } from '../../../stacks';
import { ConfigError } from '../../../config';
import {
  HANDOFF_FILES,
  kayobeConfigFiles,
  kayobeHandoffFiles,
  readOutputs,
  TestEnvironmentOutputs,
} from '../../../tasks/kayobe-handoff';
import { main } from '../../../cli/main';

const prefix = 'ci-4242';
const host = (role: string, n: number) => `${prefix}-${role}-${String(n).padStart(2, '0')}`;
const multinode: TestEnvironmentOutputs = {
  control_host_address: '203.0.113.40',
  ssh_user: 'cloud-user',
  name_prefix: prefix,
  admin_oc_cidr: '10.205.0.0/16',
  inventory: {
    seed: [host('seed', 1)],
    controllers: [1, 2, 3].map((n) => host('controller', n)),
    compute: [1, 2].map((n) => host('compute', n)),
    storage: [1, 2, 3].map((n) => host('storage', n)),
    'infra-vms': [`${prefix}-wazuh-manager-01`, `${prefix}-wazuh-manager-02`],
    'wazuh-manager': [`${prefix}-wazuh-manager-01`, `${prefix}-wazuh-manager-02`],
  },
  admin_oc_ips: {
    [host('seed', 1)]: '10.205.0.10',
    ...Object.fromEntries([1, 2, 3].map((n) => [host('controller', n), `10.205.0.2${n}`])),
    ...Object.fromEntries([1, 2].map((n) => [host('compute', n), `10.205.0.3${n}`])),
    ...Object.fromEntries([1, 2, 3].map((n) => [host('storage', n), `10.205.0.4${n}`])),
    [`${prefix}-wazuh-manager-01`]: '10.205.0.51',
    [`${prefix}-wazuh-manager-02`]: '10.205.0.52',
  },
};

describe('kayobe hand-off', () => {
  test('reads exactly outputs that the test environment stacks declare', () => {
    const stacks = buildStacks(Testing.app(), loadConfig()).filter((s) => s.node.id.startsWith('test-'));
    expect(stacks.map((s) => s.node.id)).toEqual(['test-aio', 'test-multinode']);
    for (const stack of stacks) {
      const declared = Object.keys(JSON.parse(Testing.synth(stack)).output).sort();
      expect(declared).toEqual(Object.keys(multinode).sort());
    }
  });

  test('hosts: Kayobe groups with addresses, Ceph on the storage hosts, infra VMs in their shared role group', () => {
    const { hosts } = kayobeHandoffFiles(multinode);
    expect(hosts).toContain(
      '[controllers]\nci-4242-controller-01 ansible_host=10.205.0.21\nci-4242-controller-02 ansible_host=10.205.0.22\n',
    );
    expect(hosts).toContain(
      '[compute]\nci-4242-compute-01 ansible_host=10.205.0.31\nci-4242-compute-02 ansible_host=10.205.0.32\n',
    );
    expect(hosts).toContain('[seed]\nci-4242-seed-01 ansible_host=10.205.0.10\n');
    expect(hosts).toContain('[storage:children]\nceph\n');
    expect(hosts).toContain('[mons]\nci-4242-storage-01 ansible_host=10.205.0.41\n');
    // A host's address is given once; later groups list it bare.
    expect(hosts).toContain('[osds]\nci-4242-storage-01\nci-4242-storage-02\nci-4242-storage-03\n');
    expect(hosts).toContain(
      '[wazuh-manager]\nci-4242-wazuh-manager-01 ansible_host=10.205.0.51\nci-4242-wazuh-manager-02 ansible_host=10.205.0.52\n',
    );
    expect(hosts).toContain('[infra-vms:children]\nwazuh-manager\n');
    expect(hosts).not.toContain('[ci-4242-wazuh-manager-01]');
  });

  test('--kayobe-config: the inventory and the admin network where the environment reads them', () => {
    const files = kayobeConfigFiles(multinode, 'ci-multinode');
    expect(Object.keys(files)).toEqual([
      'etc/kayobe/environments/ci-multinode/inventory/hosts',
      'etc/kayobe/environments/ci-multinode/admin-oc-networks.yml',
    ]);
    expect(files['etc/kayobe/environments/ci-multinode/inventory/hosts']).toBe(kayobeHandoffFiles(multinode).hosts);
  });

  test('admin-oc-networks.yml: DHCP on the subnet, every host with its fixed IP', () => {
    const file = kayobeHandoffFiles(multinode)['admin-oc-networks.yml'];
    expect(file).toContain('admin_oc_cidr: 10.205.0.0/16\n');
    expect(file).toContain('admin_oc_bootproto: dhcp\n');
    expect(file.match(/^ {2}ci-4242-\S+: 10\.205\.0\.\d+$/gm)).toHaveLength(11);
  });

  test('openstack-inventory goes through the seed; an all-in-one environment through its host', () => {
    expect(kayobeHandoffFiles(multinode)['openstack-inventory']).toContain(
      'localhost ansible_host=10.205.0.10 ansible_user=cloud-user',
    );
    const aio: TestEnvironmentOutputs = {
      ...multinode,
      inventory: { controllers: [host('aio', 1)], compute: [host('aio', 1)] },
      admin_oc_ips: { [host('aio', 1)]: '10.205.0.60' },
    };
    expect(kayobeHandoffFiles(aio)['openstack-inventory']).toContain('localhost ansible_host=10.205.0.60');
    expect(kayobeHandoffFiles(multinode)['control-host-inventory']).toContain(
      'ci-4242-ansible-control ansible_host=203.0.113.40 ansible_user=cloud-user',
    );
  });

  const errorsOf = (outputs: unknown, stack = 'test-multinode') => {
    try {
      readOutputs(JSON.stringify({ [stack]: outputs }, null, 2), 'outputs.json', 'test-multinode');
    } catch (error) {
      if (error instanceof ConfigError) return error.message.split('\n');
      throw error;
    }
    return [];
  };

  test('outputs are read with every problem at its position in the file', () => {
    expect(errorsOf(multinode)).toEqual([]);
    expect(readOutputs(JSON.stringify({ 'test-multinode': multinode }), 'o.json', 'test-multinode')).toEqual(multinode);
    const { [host('compute', 2)]: _gone, ...ips } = multinode.admin_oc_ips;
    const errors = errorsOf({
      ...multinode,
      control_host_address: 'bastion',
      ssh_user: undefined,
      admin_oc_ips: { ...ips, [host('controller', 1)]: '10.205.0.999', [host('controller', 2)]: '192.0.2.7' },
    });
    expect(errors).toEqual([
      'outputs.json:3:29 test-multinode.control_host_address: invalid value (expected an IPv4 or IPv6 address, got "bastion")',
      'outputs.json:2:21 test-multinode.ssh_user: missing (expected a name of letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit))',
      'outputs.json:35:32 test-multinode.admin_oc_ips.ci-4242-controller-01: invalid value (expected an IPv4 or IPv6 address, got "10.205.0.999")',
      'outputs.json:36:32 test-multinode.admin_oc_ips.ci-4242-controller-02: invalid value (expected an address inside admin_oc_cidr 10.205.0.0/16, got "192.0.2.7")',
      'outputs.json:33:21 test-multinode.admin_oc_ips.ci-4242-compute-02: missing (every inventory host needs its admin IP)',
    ]);
  });

  test('inventory problems: an infra VM without a role, a role holding a non-infra host, no seed or controller', () => {
    const noRole = errorsOf({
      ...multinode,
      inventory: { ...multinode.inventory, 'wazuh-manager': [`${prefix}-wazuh-manager-01`] },
    });
    expect(noRole).toEqual([
      expect.stringMatching(
        /^outputs\.json:\d+:\d+ test-multinode\.inventory\.infra-vms: invalid value \(expected "ci-4242-wazuh-manager-02" in exactly one role group, got none\)$/,
      ),
    ]);
    const stray = errorsOf({
      ...multinode,
      inventory: {
        ...multinode.inventory,
        'wazuh-manager': [host('seed', 1), `${prefix}-wazuh-manager-01`, `${prefix}-wazuh-manager-02`],
      },
    });
    expect(stray[0]).toMatch(
      /inventory\.wazuh-manager: invalid value \(expected infra VMs only, got "ci-4242-seed-01"/,
    );
    const headless = errorsOf({ ...multinode, inventory: { compute: multinode.inventory.compute }, admin_oc_ips: {} });
    expect(headless[0]).toMatch(/test-multinode\.inventory: invalid value \(expected a seed or a controller/);
    expect(errorsOf(multinode, 'test-aio')).toEqual([
      "outputs.json:1:1 test-multinode: missing (expected the stack's outputs; the file has test-aio)",
    ]);
  });

  test('the CLI writes the four files from a cdktf outputs file, or nothing with a clear error', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-handoff-'));
    try {
      const outputs = path.join(work, 'outputs.json');
      fs.writeFileSync(outputs, JSON.stringify({ 'test-multinode': multinode }));
      // The CLI's main() in-process, as `release-train kayobe-handoff ...` runs it (no compiled dist/ needed).
      const run = async (args: string[]) => {
        const stdout: string[] = [];
        const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
          const status = await main(['kayobe-handoff', ...args], (line) => stdout.push(line));
          return {
            status,
            stdout: stdout.join('\n'),
            stderr: stderr.mock.calls.map((call) => call.join(' ')).join('\n'),
          };
        } finally {
          stderr.mockRestore();
        }
      };
      const out = path.join(work, 'kayobe');
      expect((await run(['--outputs', outputs, '--stack', 'test-multinode', '--out', out])).status).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual([...HANDOFF_FILES].sort());
      expect(fs.readFileSync(path.join(out, 'hosts'), 'utf8')).toBe(kayobeHandoffFiles(multinode).hosts);

      const empty = path.join(work, 'none');
      const wrong = await run(['--outputs', outputs, '--stack', 'test-aio', '--out', empty]);
      expect(wrong.status).toBe(3);
      expect(wrong.stderr).toMatch(
        /outputs\.json:1:1 test-aio: missing \(expected the stack's outputs; the file has test-multinode\)/,
      );
      expect(fs.existsSync(empty)).toBe(false);

      // Into a kayobe-config checkout's environment; a bad address there writes nothing at all.
      const kayobeConfig = path.join(work, 'kayobe-config');
      fs.mkdirSync(path.join(kayobeConfig, 'etc', 'kayobe'), { recursive: true });
      const into = ['--outputs', outputs, '--stack', 'test-multinode', '--kayobe-config', kayobeConfig];
      expect((await run([...into, '--environment', 'ci-multinode'])).status).toBe(0);
      const env = path.join(kayobeConfig, 'etc', 'kayobe', 'environments', 'ci-multinode');
      expect(fs.readFileSync(path.join(env, 'inventory', 'hosts'), 'utf8')).toBe(kayobeHandoffFiles(multinode).hosts);
      expect(fs.existsSync(path.join(env, 'admin-oc-networks.yml'))).toBe(true);
      const bad = path.join(work, 'bad.json');
      fs.writeFileSync(
        bad,
        JSON.stringify({ 'test-multinode': { ...multinode, admin_oc_cidr: '10.99.0.0/24' } }, null, 2),
      );
      const refused = await run([
        '--outputs',
        bad,
        '--stack',
        'test-multinode',
        '--kayobe-config',
        kayobeConfig,
        '--environment',
        'other',
      ]);
      expect(refused.status).toBe(3);
      expect(refused.stderr).toMatch(
        /bad\.json:\d+:\d+ test-multinode\.admin_oc_ips\.ci-4242-seed-01: invalid value \(expected an address inside admin_oc_cidr 10\.99\.0\.0\/24/,
      );
      expect(fs.existsSync(path.join(kayobeConfig, 'etc', 'kayobe', 'environments', 'other'))).toBe(false);
      expect((await run([...into])).status).toBe(64);
      expect(
        (await run(['--outputs', outputs, '--stack', 'test-multinode', '--kayobe-config', work, '--environment', 'x']))
          .stderr,
      ).toContain('is not a kayobe-config checkout (it has no etc/kayobe)');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
