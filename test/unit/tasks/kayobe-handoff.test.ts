// The Kayobe hand-off from a test environment's outputs. The outputs here have the shape the test-<env>
// stacks declare (checked against the synthesised example), with the addresses a deploy would fill in.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig } from '../../../config';
import { buildStacks } from '../../../stacks';
import { checkOutputs, HANDOFF_FILES, kayobeHandoffFiles, TestEnvironmentOutputs } from '../../../tasks/kayobe-handoff';
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
    'infra-vms': [`${prefix}-wazuh-manager`],
  },
  admin_oc_ips: {
    [host('seed', 1)]: '10.205.0.10',
    ...Object.fromEntries([1, 2, 3].map((n) => [host('controller', n), `10.205.0.2${n}`])),
    ...Object.fromEntries([1, 2].map((n) => [host('compute', n), `10.205.0.3${n}`])),
    ...Object.fromEntries([1, 2, 3].map((n) => [host('storage', n), `10.205.0.4${n}`])),
    [`${prefix}-wazuh-manager`]: '10.205.0.50',
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

  test('hosts: Kayobe groups, Ceph on the storage hosts, each infra VM in its own group', () => {
    const { hosts } = kayobeHandoffFiles(multinode);
    expect(hosts).toContain('[controllers]\nci-4242-controller-01\nci-4242-controller-02\nci-4242-controller-03\n');
    expect(hosts).toContain('[compute]\nci-4242-compute-01\nci-4242-compute-02\n');
    expect(hosts).toContain('[seed]\nci-4242-seed-01\n');
    expect(hosts).toContain('[storage:children]\nceph\n');
    expect(hosts).toContain('[osds]\nci-4242-storage-01\nci-4242-storage-02\nci-4242-storage-03\n');
    expect(hosts).toContain('[wazuh-manager]\nci-4242-wazuh-manager\n');
    expect(hosts).toContain('[infra-vms:children]\nwazuh-manager\n');
  });

  test('admin-oc-networks.yml: DHCP on the subnet, every host with its fixed IP', () => {
    const file = kayobeHandoffFiles(multinode)['admin-oc-networks.yml'];
    expect(file).toContain('admin_oc_cidr: 10.205.0.0/16\n');
    expect(file).toContain('admin_oc_bootproto: dhcp\n');
    expect(file.match(/^ {2}ci-4242-\S+: 10\.205\.0\.\d+$/gm)).toHaveLength(10);
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

  test('a broken outputs object names what is wrong', () => {
    expect(checkOutputs(multinode)).toBeUndefined();
    expect(checkOutputs({ ...multinode, ssh_user: undefined })).toBe('ssh_user: missing (expected a string)');
    const { [host('compute', 2)]: _gone, ...ips } = multinode.admin_oc_ips;
    expect(checkOutputs({ ...multinode, admin_oc_ips: ips })).toBe(
      'admin_oc_ips.ci-4242-compute-02: missing (every inventory host needs its admin IP)',
    );
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
        /outputs\.json:0:0 test-aio: missing \(expected the stack's outputs; the file has test-multinode\)/,
      );
      expect(fs.existsSync(empty)).toBe(false);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
