// `cdktf deploy` end to end, on this machine: a client mirror in existing-host mode (the harness's client
// Pulp, syncing from the harness's ark), with the real cdktf CLI, the project-built OpenTofu and the tasks
// it runs (terraform_data + local-exec of the release-train CLI). Deploy, deploy again (no changes, no Pulp
// write), change one repository (only reconcile reruns), a task that fails and then is fixed, destroy
// (Pulp keeps its content).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, toolchainEnv, toolchainLayout } from '../../scripts/toolchain';
import { accessLogLength, adminPassword, pulpClient, pulpInstance, writeRequests } from '../support/pulp';
import { spawnCollected } from '../support/spawn';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deploy-'));
const suffix = `deploy-${process.pid}`;
const repository = `Deploy test ${suffix}`;
const configFile = path.join(work, 'site.yaml');

function writeConfig(url: string, user = ''): void {
  const ark = pulpInstance('ark');
  const client = pulpInstance('client');
  fs.writeFileSync(
    configFile,
    `ark:
  name: ark
  existingHost: { url: '${ark.apiUrl}', contentUrl: '${ark.contentUrl}/pulp/content/' }
mirrors:
  - name: here
    upstream: ark
    existingHost: { url: '${client.apiUrl}' }
content:
  rpm:
    - name: ${repository}
      url: ${url}
      policy: on_demand
      syncGroup: deploy_test
      basePath: deploy-test/${suffix}/
      shortName: deploy_test_${process.pid}
      distributionName: deploy-test-${suffix}-
  groups: [deploy-test-${suffix}]
${user}`,
  );
}

/** A project folder as a user has it: cdktf.json, the config, and the built app (linked, not copied). */
function makeProject(): void {
  fs.symlinkSync(path.join(projectRoot, 'dist'), path.join(work, 'dist'));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(work, 'node_modules'));
  const cdktf = JSON.parse(fs.readFileSync(path.join(projectRoot, 'cdktf.json'), 'utf8'));
  fs.writeFileSync(path.join(work, 'cdktf.json'), JSON.stringify({ ...cdktf, app: 'node dist/main.js' }));
}

async function cdktf(command: 'deploy' | 'destroy', extraEnv: Record<string, string> = {}) {
  const layout = toolchainLayout();
  const client = pulpInstance('client');
  const ark = pulpInstance('ark');
  const env = {
    ...toolchainEnv(layout),
    PATH: `${path.dirname(layout.tofu.binary)}:${process.env.PATH}`,
    HOME: process.env.HOME,
    TERRAFORM_BINARY_NAME: 'tofu',
    CHECKPOINT_DISABLE: '1',
    CI: '1',
    RELEASE_TRAIN_CONFIG: configFile,
    RELEASE_TRAIN_PULP_PASSWORD: adminPassword(client),
    RELEASE_TRAIN_ARK_PASSWORD: adminPassword(ark),
    ...extraEnv,
  };
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'cdktf');
  const result = await spawnCollected(bin, [command, 'mirror-here', '--auto-approve'], {
    cwd: work,
    env,
    timeout: 300_000,
  });
  return { ...result, log: `${result.stdout}\n${result.stderr}` };
}

async function repositoryUrl(): Promise<string | undefined> {
  const repos = await pulpClient('client').list<{ name: string; href?: string }>('repositories/rpm/rpm/', {
    name: repository,
  });
  if (repos.length === 0) return undefined;
  const remotes = await pulpClient('client').list<{ url: string }>('remotes/rpm/rpm/', {
    name: `${repository}-remote`,
  });
  return remotes[0]?.url;
}

beforeAll(() => {
  makeProject();
  writeConfig('https://mirror.example.org/first/');
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('deploy runs the tasks; the config appears in the client Pulp; their output is in the deploy log', async () => {
  const result = await cdktf('deploy');
  expect(result.log).toContain('release-train task: wait until');
  expect(result.log).toMatch(/ready: pulpcore 3\.85\.\d+/);
  expect(result.log).toContain(`create rpm repository "${repository}"`);
  expect(result.status).toBe(0);
  expect(await repositoryUrl()).toBe('https://mirror.example.org/first/');
  expect(result.log).not.toContain(adminPassword(pulpInstance('client')));
}, 300_000);

test('deploying again changes nothing: no task runs, Pulp sees no write', async () => {
  const client = pulpInstance('client');
  const since = accessLogLength(client);
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(result.log).toMatch(/No changes/);
  expect(result.log).not.toContain('release-train task:');
  expect(writeRequests(client, since)).toEqual([]);
}, 300_000);

test('changing one repository reruns exactly the task that depends on it', async () => {
  writeConfig('https://mirror.example.org/second/');
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(result.log).toContain('release-train task: reconcile');
  expect(result.log).not.toContain('release-train task: wait until');
  expect(await repositoryUrl()).toBe('https://mirror.example.org/second/');
}, 300_000);

test('a task that fails fails the deploy, and the next deploy with the fix converges', async () => {
  const user = `  users:\n    - username: deploy-${suffix}\n      groups: [deploy-test-${suffix}]\n      passwordEnv: DEPLOY_TEST_PASSWORD\n`;
  writeConfig('https://mirror.example.org/second/', user);
  const failed = await cdktf('deploy');
  expect(failed.status).not.toBe(0);
  expect(failed.log).toMatch(/DEPLOY_TEST_PASSWORD/);
  const fixed = await cdktf('deploy', { DEPLOY_TEST_PASSWORD: 'a-password-for-the-test' });
  expect(fixed.status).toBe(0);
  expect(fixed.log).toContain('release-train task: reconcile');
  const users = await pulpClient('client').list<{ username: string }>('users/', { username: `deploy-${suffix}` });
  expect(users.map((u) => u.username)).toEqual([`deploy-${suffix}`]);
  expect(fixed.log).not.toContain('a-password-for-the-test');
}, 300_000);

test('destroy removes the tasks from the state and leaves Pulp content alone', async () => {
  const result = await cdktf('destroy', { DEPLOY_TEST_PASSWORD: 'a-password-for-the-test' });
  expect(result.status).toBe(0);
  expect(await repositoryUrl()).toBe('https://mirror.example.org/second/');
}, 300_000);
