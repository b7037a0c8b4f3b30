// `release-train reconcile` against the two real Pulps, through the real CLI: a config with real-length,
// DOMAIN-style names converges; a rerun writes nothing (checked on the server); drift is found and repaired;
// a password rotation PATCHes exactly one remote; each failure has its own exit code and one clear line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnv, runCli } from '../support/cli';
import { accessLogLength, pulpClient, pulpInstance, writeRequests } from '../support/pulp';

const RPM = [
  ['Rocky Linux 9.8 - BaseOS', 'rocky/9.8/BaseOS/x86_64/os/', 'rocky_9_8_baseos', 'rocky-9.8-baseos-'],
  [
    'Rocky Linux 9.8 - AppStream (aarch64)',
    'rocky/9.8/AppStream/aarch64/os/',
    'rocky_9_8_appstream_aarch64',
    'rocky-9.8-appstream-aarch64-',
  ],
  ['Rocky Linux 9.8 - CRB (source)', 'rocky/9.8/CRB/source/tree/', 'rocky_9_8_crb_source', 'rocky-9.8-crb-source-'],
  [
    'Extra Packages for Enterprise Linux 9',
    'epel/9/Everything/x86_64/',
    'epel_9',
    'extra-packages-for-enterprise-linux-9-x86_64-',
  ],
  [
    'CentOS Stream 9 - OpenStack Caracal',
    'centos/9-stream/cloud/x86_64/openstack-caracal/',
    'centos_stream_9_openstack_caracal',
    'centos-stream-9-openstack-caracal-',
  ],
  [
    'DOCA Online Repo 3.2.3 - RHEL 9 (aarch64)',
    'doca/3.2.3/rhel9/aarch64/',
    'doca_3_2_3_rhel9_aarch64',
    'doca-3.2.3-rhel9-aarch64-',
  ],
];

function configText(prefix: string, extraRpm = ''): string {
  const rpm = RPM.map(
    ([name, basePath, shortName, distributionName]) => `
    - name: ${prefix} ${name}
      url: https://mirror.example.org/${basePath}
      syncGroup: test
      basePath: ${prefix}/${basePath}
      shortName: ${prefix.replace(/-/g, '_')}_${shortName}
      distributionName: ${prefix}-${distributionName}`,
  ).join('');
  return `content:
  rpm:${rpm}
    - name: ${prefix} RabbitMQ - Erlang - RHEL 9
      url: https://yum1.example.org/erlang/el/9/x86_64
      syncPolicy: mirror_content_only
      syncGroup: third_party
      basePath: ${prefix}/rabbitmq/erlang/el/9/x86_64/
      shortName: ${prefix.replace(/-/g, '_')}_rhel9_rabbitmq_erlang
      distributionName: ${prefix}-rhel9-rabbitmq-erlang-
      remoteUsername: release-train-ci
      remotePasswordEnv: RT_TEST_REMOTE_PASSWORD${extraRpm}
  deb:
    - name: ${prefix} Ubuntu Noble
      url: http://archive.example.org/ubuntu
      distributions: [noble, noble-updates, noble-backports, noble-security]
      components: [main, restricted, universe]
      mode: verbatim
      syncGroup: ubuntu_noble
      basePath: ${prefix}/ubuntu/noble/
      shortName: ${prefix.replace(/-/g, '_')}_ubuntu_noble
      distributionName: ${prefix}-ubuntu-noble-
  container:
    - name: ${prefix}/nova-api
    - name: ${prefix}/neutron-server
      url: https://registry.example.org
      upstreamName: stackhpc/neutron-server
      policy: on_demand
      includeTags: ['2024.1-rocky-9-*']
  file:
    - name: ${prefix} kayobe-images-2024.1-rocky-9
      basePath: ${prefix}/kayobe-images/2024.1/rocky/9
  contentGuards:
    - name: ${prefix}-development
      description: Unreleased snapshots and images
      groups: [${prefix}-stackhpc-dev]
    - name: ${prefix}-release
      groups: [${prefix}-stackhpc, ${prefix}-stackhpc-dev]
  groups: [${prefix}-stackhpc, ${prefix}-stackhpc-dev]
  users:
    - username: ${prefix}-ci
      groups: [${prefix}-stackhpc-dev]
      passwordEnv: RT_TEST_USER_PASSWORD
`;
}

describe.each(['ark', 'client'] as const)('release-train reconcile on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const pulp = pulpClient(name);
  const prefix = `rc${name}${Date.now() % 100000}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-reconcile-'));
  const configFile = path.join(work, 'content.yaml');
  fs.writeFileSync(configFile, configText(prefix));
  const baseEnv = cliEnv(instance, {
    RT_TEST_REMOTE_PASSWORD: 'remote-password-1',
    RT_TEST_USER_PASSWORD: 'user-password-1',
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['reconcile', '--config', configFile, ...args], { ...baseEnv, ...env });

  async function taskCount(): Promise<number> {
    return (await pulp.get<{ count: number }>('tasks/', { limit: 1 })).count;
  }

  async function lastUpdated(): Promise<string[]> {
    const paths = ['remotes/', 'repositories/', 'distributions/', 'contentguards/'];
    const lists = await Promise.all(
      paths.map((p) => pulp.list<{ name: string; pulp_last_updated: string }>(p, { name__startswith: prefix })),
    );
    return lists
      .flat()
      .map((o) => `${o.name} ${o.pulp_last_updated}`)
      .sort();
  }

  test('the first run creates everything the config describes', () => {
    const result = cli([]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^create rpm remote "rc\w+ Rocky Linux 9\.8 - BaseOS-remote"/m);
    expect(result.stdout).toMatch(/^create container distribution "rc\w+\/nova-api"/m);
    expect(result.stdout).toMatch(/change\(s\) applied \(27 objects in the config\)$/m);
  });

  test('a second run makes zero writes: no POST/PATCH/PUT/DELETE, no task, nothing updated', async () => {
    const tasksBefore = await taskCount();
    const updatedBefore = await lastUpdated();
    const logBefore = accessLogLength(instance);
    const result = cli([]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('no changes (27 objects in the config)');
    const writes = writeRequests(instance, logBefore);
    expect(writes).toEqual([]);
    expect(await taskCount()).toBe(tasksBefore);
    expect(await lastUpdated()).toEqual(updatedBefore);
  });

  test('an out-of-band edit is found by --dry-run (exit 2) and repaired by the next run', async () => {
    const [remote] = await pulp.list<{ pulp_href: string }>('remotes/rpm/rpm/', {
      name: `${prefix} Rocky Linux 9.8 - BaseOS-remote`,
    });
    await pulp.update(remote.pulp_href, { url: 'https://elsewhere.example.org/rocky/', policy: 'on_demand' });
    const planned = cli(['--dry-run', '--detailed-exitcode']);
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(
      `would update rpm remote "${prefix} Rocky Linux 9.8 - BaseOS-remote" (url: "https://elsewhere.example.org/rocky/" -> "https://mirror.example.org/rocky/9.8/BaseOS/x86_64/os/", policy: "on_demand" -> "immediate")`,
    );
    expect(cli([]).status).toBe(0);
    expect(cli(['--dry-run', '--detailed-exitcode']).status).toBe(0);
  });

  test('rotating one remote password PATCHes exactly that remote', async () => {
    const logBefore = accessLogLength(instance);
    const result = cli([], { RT_TEST_REMOTE_PASSWORD: 'remote-password-2' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`update rpm remote "${prefix} RabbitMQ - Erlang - RHEL 9-remote" (pulp_labels:`);
    expect(result.stdout).not.toContain('remote-password');
    const writes = writeRequests(instance, logBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/ PATCH \/pulp\/api\/v3\/remotes\/rpm\/rpm\/[0-9a-f-]+\/\?/);
  });

  test('--prune deletes only managed objects that the config dropped', async () => {
    const unmanaged = await pulp.create<{ pulp_href: string }>('repositories/file/file/', {
      name: `${prefix} made by hand`,
    });
    fs.writeFileSync(
      configFile,
      configText(prefix)
        .replace(/ {4}- name: \S+ kayobe-images-2024\.1-rocky-9\n {6}basePath: \S+\n/, '')
        .replace(`    - name: ${prefix}/nova-api\n`, ''),
    );
    const result = cli(['--prune']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`delete file repository "${prefix} kayobe-images-2024.1-rocky-9"`);
    // From pulp_container 2.29, deleting the only distribution of a repository deletes the repository too;
    // prune takes a repository already gone as deleted.
    expect(result.stdout).toContain(`delete container distribution "${prefix}/nova-api"`);
    expect(result.stdout).toContain(`delete container repository "${prefix}/nova-api"`);
    expect(await pulp.list('repositories/container/container/', { name: `${prefix}/nova-api` })).toEqual([]);
    expect(result.stdout).not.toContain('made by hand');
    await expect(pulp.get(unmanaged.pulp_href)).resolves.toBeTruthy();
    fs.writeFileSync(configFile, configText(prefix));
  });

  test('wrong credentials: exit 4 and one line without the password', () => {
    const result = cli([], { RELEASE_TRAIN_PULP_PASSWORD: 'wrong-admin-password-x' });
    expect(result.status).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^release-train: POST \/pulp\/api\/v3\/login\/ \(log in\): HTTP 401: Invalid username\/password\.$/m,
    );
    expect(result.stderr).not.toContain('wrong-admin-password-x');
  });
});

describe('release-train reconcile failures that need no server', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-reconcile-fail-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(['reconcile', ...args], { PATH: process.env.PATH, RELEASE_TRAIN_PULP_PASSWORD: 'x', ...env });

  test('an unreachable Pulp: exit 5 and one line', () => {
    const file = path.join(work, 'ok.yaml');
    fs.writeFileSync(file, 'content:\n  groups: [g]\n');
    const result = run(['--config', file, '--pulp-url', 'http://127.0.0.1:9']);
    expect(result.status).toBe(5);
    expect(result.stderr.trim()).toMatch(
      /^release-train: GET http:\/\/127\.0\.0\.1:9\/pulp\/api\/v3\/status\/: cannot reach Pulp: ECONNREFUSED .* \(after 5 attempts\)$/,
    );
  });

  test('an invalid config: exit 3, file:line:col lines, nothing sent', () => {
    const file = path.join(work, 'bad.yaml');
    fs.writeFileSync(file, 'content:\n  rpm:\n    - name: x\n      polcy: immediate\n');
    const result = run(['--config', file, '--pulp-url', 'http://127.0.0.1:9']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`${file}:4:7 content.rpm[0].polcy: unknown key; did you mean "policy"?`);
  });

  test('a secret the config names but the environment lacks: exit 3', () => {
    const file = path.join(work, 'secret.yaml');
    fs.writeFileSync(
      file,
      'content:\n  groups: [g]\n  users:\n    - username: u\n      groups: [g]\n      passwordEnv: RT_NOT_SET\n',
    );
    const result = run(['--config', file, '--pulp-url', 'http://127.0.0.1:9']);
    expect(result.status).toBe(3);
    expect(result.stderr.trim()).toBe(
      'release-train: environment variable RT_NOT_SET (the password of user "u") is not set',
    );
  });

  test('a password on the command line is refused: exit 64', () => {
    const result = run(['--password', 'x']);
    expect(result.status).toBe(64);
    expect(result.stderr.trim()).toBe('release-train: unknown argument "--password" (see --help)');
  });
});
