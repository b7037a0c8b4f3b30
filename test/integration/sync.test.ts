// `release-train sync` against the real Pulps: a sync task that fails (its upstream is a closed loopback
// port) is one clear line and exit 6; a repository that Pulp does not have is exit 7.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnv, runCli } from '../support/cli';
import { accessLogLength, pulpInstance, writeRequests } from '../support/pulp';

describe.each(['ark', 'client'] as const)('release-train sync on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const prefix = `sync-${name}-${Date.now() % 100000}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-sync-'));
  const configFile = path.join(work, 'content.yaml');
  fs.writeFileSync(
    configFile,
    `content:
  rpm:
    - name: ${prefix} Rocky Linux 9.8 - BaseOS
      url: http://127.0.0.1:9/rocky/9.8/BaseOS/x86_64/os/
      syncGroup: rocky_9_baseos
      publish: false
    - name: ${prefix} never reconciled
      url: http://127.0.0.1:9/other/
      syncGroup: other
      publish: false
`,
  );
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const cli = (args: string[]) => runCli([...args, '--config', configFile], cliEnv(instance));

  test('--dry-run lists the sync with its mode and sends nothing', () => {
    const since = accessLogLength(instance);
    const result = cli(['sync', '--sync-group', 'rocky_9_baseos', '--dry-run']);
    expect(result.status).toBe(0);
    expect(writeRequests(instance, since)).toEqual([]);
    expect(result.stdout.trim()).toBe(
      `would sync rpm repository "${prefix} Rocky Linux 9.8 - BaseOS" ({"sync_policy":"mirror_complete"})`,
    );
  });

  test('a failed sync task: exit 6 and one line naming the task, the repository and Pulp reason', () => {
    const configText = fs.readFileSync(configFile, 'utf8');
    fs.writeFileSync(configFile, configText.replace(/ {4}- name: \S+ never reconciled[\s\S]*$/, ''));
    try {
      expect(cli(['reconcile']).status).toBe(0);
    } finally {
      fs.writeFileSync(configFile, configText);
    }
    const result = cli(['sync', '--sync-group', 'rocky_9_baseos']);
    expect(result.status).toBe(6);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^release-train: task /pulp/api/v3/tasks/[0-9a-f-]+/ \\(rpm repository "${prefix} Rocky Linux 9\\.8 - BaseOS"\\) failed: .*127\\.0\\.0\\.1`,
      ),
    );
  });

  test('a repository Pulp does not have: exit 7, pointing at reconcile', () => {
    const result = cli(['sync', '--repository', `${prefix} never reconciled`]);
    expect(result.status).toBe(7);
    expect(result.stderr.trim()).toBe(
      `release-train: rpm repository "${prefix} never reconciled" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  });
});
