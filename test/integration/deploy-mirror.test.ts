// `cdktf deploy` end to end, on this machine: a client mirror in existing-host mode (the harness's client
// Pulp, mirroring the harness's ark), with the real cdktf CLI, the project-built OpenTofu and the tasks it
// runs (terraform_data + local-exec of the release-train CLI). Ark first gets a released snapshot of a
// fixture repository, which the mirror's versions file pins. Deploy (the pinned content is served by the
// client), deploy again (no changes, no Pulp write), change one repository (exactly its task reruns), bump
// the pin (exactly its mirror task reruns), a task that fails and then is fixed, destroy (Pulp keeps its
// content). Every secret is a random canary, searched for in cdktf.out, the state, .terraform, the deploy
// logs and the CLI output.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RpmFixtureRepository } from '../../testbed/fixtures/rpm-repository';
import { projectRoot, toolchainEnv, toolchainLayout } from '../../scripts/toolchain';
import { canary, findSecrets, secretsIn } from '../support/canary';
import { cliEnv, runCliAsync } from '../support/cli';
import { arkAccessYaml, download } from '../support/content';
import { FixtureServer } from '../../testbed/servers/fixture-server';
import { accessLogLength, adminPassword, pulpClient, pulpInstance, writeRequests } from '../support/pulp';
import { spawnCollected } from '../support/spawn';

const ark = pulpInstance('ark');
const client = pulpInstance('client');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deploy-'));
const suffix = `deploy-${process.pid}`;
const repository = `Deploy test ${suffix}`;
const pinned = {
  name: `Pinned ${suffix}`,
  basePath: `deploy-pinned/${suffix}/`,
  shortName: `deploy_pinned_${process.pid}`,
  distributionName: `deploy-pinned-${suffix}-`,
};
const siteConfig = path.join(work, 'site.yaml');
const arkConfig = path.join(work, 'ark.yaml');
const pins = path.join(work, 'pulp-repo-versions.yml');
const fixture = new RpmFixtureRepository();
const server = new FixtureServer(fixture.dir);
/** Secrets the tests choose: the client's Ark password, a user's password on the client. */
const secrets = { arkClient: canary(), deployUser: canary() };
/** Everything the deploys and the CLI printed, searched for secrets at the end. */
const logs: string[] = [];
let upstream: string;

function pinnedRepository(): string {
  return `    - name: ${pinned.name}
      url: ${upstream}/
      syncGroup: deploy_test
      basePath: ${pinned.basePath}
      shortName: ${pinned.shortName}
      distributionName: ${pinned.distributionName}
`;
}

function writeSiteConfig(url: string, user = ''): void {
  fs.writeFileSync(
    siteConfig,
    `ark:
  name: ark
  existingHost: { url: '${ark.apiUrl}', contentUrl: '${ark.contentUrl}/pulp/content/' }
mirrors:
  - name: here
    upstream: ark
    existingHost: { url: '${client.apiUrl}' }
    versionsFile: pulp-repo-versions.yml
content:
  rpm:
    - name: ${repository}
      url: ${url}
      policy: on_demand
      syncGroup: deploy_test
      basePath: deploy-test/${suffix}/
      shortName: deploy_test_${process.pid}
      distributionName: deploy-test-${suffix}-
${pinnedRepository()}  groups: [deploy-test-${suffix}]
${user}`,
  );
}

/** Ark's side: the pinned repository, the guards, and the client's user (released content only). */
function writeArkConfig(): void {
  fs.writeFileSync(
    arkConfig,
    `content:
  rpm:
${pinnedRepository()}${arkAccessYaml(suffix, false)}`,
  );
}

async function onArk(args: string[]) {
  const result = await runCliAsync(
    [...args, '--config', arkConfig],
    cliEnv(ark, { RT_TEST_CLIENT_PASSWORD: secrets.arkClient }),
  );
  logs.push(result.stdout, result.stderr);
  if (result.status !== 0) throw new Error(`release-train ${args.join(' ')} on ark: ${result.stderr}`);
  return result.stdout;
}

/** Syncs ark from the fixture, distributes a new snapshot, promotes it and pins it: the snapshot's name. */
async function releaseOnArk(): Promise<string> {
  await onArk(['sync']);
  const [snapshot] = JSON.parse(await onArk(['distribute', '--json']));
  const version = snapshot.name.slice(pinned.distributionName.length);
  fs.writeFileSync(pins, `stackhpc_pulp_repo_${pinned.shortName}_version: ${version}\n`);
  await onArk(['promote', '--versions', pins]);
  return version;
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
  const env = {
    ...toolchainEnv(layout),
    PATH: `${path.dirname(layout.tofu.binary)}:${process.env.PATH}`,
    HOME: process.env.HOME,
    TERRAFORM_BINARY_NAME: 'tofu',
    CHECKPOINT_DISABLE: '1',
    CI: '1',
    RELEASE_TRAIN_CONFIG: siteConfig,
    RELEASE_TRAIN_PULP_PASSWORD: adminPassword(client),
    RELEASE_TRAIN_ARK_USERNAME: `${suffix}-client`,
    RELEASE_TRAIN_ARK_PASSWORD: secrets.arkClient,
    ...extraEnv,
  };
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'cdktf');
  const result = await spawnCollected(bin, [command, 'mirror-here', '--auto-approve'], {
    cwd: work,
    env,
    timeout: 300_000,
  });
  const log = `${result.stdout}\n${result.stderr}`;
  logs.push(log);
  return { ...result, log };
}

/** The descriptions of the tasks that ran, from the line each task prints first. */
function tasksRun(log: string): string[] {
  const lines = log.split('\n').filter((line) => !line.includes('Executing:'));
  return [...new Set(lines.flatMap((line) => [...line.matchAll(/release-train task: ([^'"\n]+)/g)].map((m) => m[1])))];
}

async function remoteUrl(name: string): Promise<string | undefined> {
  const remotes = await pulpClient('client').list<{ url: string }>('remotes/rpm/rpm/', { name: `${name}-remote` });
  return remotes[0]?.url;
}

/** The fixture package of `version` as the client serves it at the pinned repository's development path. */
async function servedByClient(version: string) {
  const [pkg] = await pulpClient('ark').list<{ location_href: string }>(
    'content/rpm/packages/',
    { name: fixture.packageName, version },
    1,
  );
  const url = `${client.contentUrl}/pulp/content/${pinned.basePath}development/${pkg.location_href}`;
  return download(url, 'anyone', 'x');
}

const fixtureBytes = (version: string) =>
  fs.readFileSync(path.join(fixture.dir, `${fixture.packageName}-${version}-1.noarch.rpm`));

let firstSnapshot: string;

beforeAll(async () => {
  fixture.addPackage('1.0');
  upstream = await server.start();
  writeArkConfig();
  await onArk(['reconcile']);
  firstSnapshot = await releaseOnArk();
  makeProject();
  writeSiteConfig('https://mirror.example.org/first/');
}, 300_000);

afterAll(async () => {
  await server.stop();
  fixture.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

test('deploy runs the tasks: the config and the pinned snapshot appear in the client Pulp, their output in the log', async () => {
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(result.log).toMatch(/ready: pulpcore 3\.85\.\d+/);
  expect(result.log).toContain(`create rpm repository "${repository}"`);
  expect(result.log).toContain(`${pinned.distributionName}development (${pinned.basePath}development): created`);
  expect(tasksRun(result.log).sort()).toEqual(
    [
      `wait until ${client.apiUrl} is ready`,
      `reconcile access into ${client.apiUrl}`,
      `reconcile rpm/${repository} into ${client.apiUrl}`,
      `mirror rpm/${pinned.name} at ${firstSnapshot} from ${ark.contentUrl}/pulp/content/`,
    ].sort(),
  );
  expect(await remoteUrl(repository)).toBe('https://mirror.example.org/first/');
  expect(await remoteUrl(pinned.name)).toBe(`${ark.contentUrl}/pulp/content/${pinned.basePath}${firstSnapshot}/`);
  const served = await servedByClient('1.0');
  expect(served.status).toBe(200);
  expect(served.body.equals(fixtureBytes('1.0'))).toBe(true);
}, 300_000);

test('deploying again changes nothing: no task runs, Pulp sees no write', async () => {
  const since = accessLogLength(client);
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(result.log).toMatch(/No changes/);
  expect(tasksRun(result.log)).toEqual([]);
  expect(writeRequests(client, since)).toEqual([]);
}, 300_000);

test('changing one repository reruns exactly its task', async () => {
  writeSiteConfig('https://mirror.example.org/second/');
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(tasksRun(result.log)).toEqual([`reconcile rpm/${repository} into ${client.apiUrl}`]);
  expect(await remoteUrl(repository)).toBe('https://mirror.example.org/second/');
}, 300_000);

test('a new release pinned in the versions file reruns exactly the mirror task; the client serves it', async () => {
  fixture.addPackage('1.1');
  const second = await releaseOnArk();
  expect(second).not.toBe(firstSnapshot);
  expect((await servedByClient('1.1')).status).toBe(404);
  const result = await cdktf('deploy');
  expect(result.status).toBe(0);
  expect(tasksRun(result.log)).toEqual([`mirror rpm/${pinned.name} at ${second} from ${ark.contentUrl}/pulp/content/`]);
  const served = await servedByClient('1.1');
  expect(served.status).toBe(200);
  expect(served.body.equals(fixtureBytes('1.1'))).toBe(true);
}, 300_000);

test('a task that fails fails the deploy, and the next deploy with the fix converges', async () => {
  const user = `  users:\n    - username: deploy-${suffix}\n      groups: [deploy-test-${suffix}]\n      passwordEnv: DEPLOY_TEST_PASSWORD\n`;
  writeSiteConfig('https://mirror.example.org/second/', user);
  const failed = await cdktf('deploy');
  expect(failed.status).not.toBe(0);
  expect(failed.log).toMatch(/environment variable DEPLOY_TEST_PASSWORD .* is not set/);
  const fixed = await cdktf('deploy', { DEPLOY_TEST_PASSWORD: secrets.deployUser });
  expect(fixed.status).toBe(0);
  expect(tasksRun(fixed.log)).toEqual([`reconcile access into ${client.apiUrl}`]);
  const users = await pulpClient('client').list<{ username: string }>('users/', { username: `deploy-${suffix}` });
  expect(users.map((u) => u.username)).toEqual([`deploy-${suffix}`]);
}, 300_000);

test('no secret in cdktf.out, the state, .terraform, the deploy logs or the CLI output', () => {
  const all = [...Object.values(secrets), adminPassword(client)];
  const places = [path.join(work, 'cdktf.out'), ...fs.readdirSync(work).filter((f) => f.endsWith('.tfstate'))];
  expect(places.length).toBeGreaterThan(1); // the state file is there to search
  const found = places.flatMap((place) => {
    const full = path.resolve(work, place);
    return fs.statSync(full).isDirectory()
      ? findSecrets(full, all)
      : secretsIn(fs.readFileSync(full, 'latin1'), all).map((s) => `${place}: ${s}`);
  });
  expect(found).toEqual([]);
  expect(fs.existsSync(path.join(work, 'cdktf.out', 'stacks', 'mirror-here', '.terraform'))).toBe(true);
  expect(logs.flatMap((log) => secretsIn(log, all))).toEqual([]);
  // The control: the search does find a secret that is there, in each of its forms.
  const planted = `${Buffer.from(`user:${secrets.deployUser}`).toString('base64')} ${encodeURIComponent(secrets.arkClient)}`;
  expect(secretsIn(planted, all).sort()).toEqual([secrets.arkClient, secrets.deployUser].sort());
});

test('destroy removes the tasks from the state and leaves Pulp content alone', async () => {
  const result = await cdktf('destroy', { DEPLOY_TEST_PASSWORD: secrets.deployUser });
  expect(result.status).toBe(0);
  expect(await remoteUrl(repository)).toBe('https://mirror.example.org/second/');
  expect((await servedByClient('1.1')).status).toBe(200);
}, 300_000);
