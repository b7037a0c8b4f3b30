// The package release flow on the real ark Pulp, from a real (tiny) RPM upstream served over loopback:
// reconcile, sync, distribute a development-guarded snapshot, check who may read it, sync again with nothing
// new (no new snapshot), add a package (a new snapshot), promote the first, and the client reads it; then
// the client Pulp (the older version) mirrors the pinned snapshot from ark with the client's credentials.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RpmFixtureRepository } from '../../testbed/fixtures/rpm-repository';
import { cliEnv, runCliAsync } from '../support/cli';
import { arkAccessYaml, download } from '../support/content';
import { FixtureServer } from '../../testbed/servers/fixture-server';
import { accessLogLength, pulpClient, pulpInstance, writeRequests } from '../support/pulp';

const instance = pulpInstance('ark');
const pulp = pulpClient('ark');
const clientInstance = pulpInstance('client');
const clientPulp = pulpClient('client');
const prefix = `flow${Date.now() % 100000}`;
const shortName = `${prefix}_hello`;
const fixture = new RpmFixtureRepository();
const server = new FixtureServer(fixture.dir);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-rpm-flow-'));
const configFile = path.join(work, 'content.yaml');
let upstream: string;

beforeAll(async () => {
  fixture.addPackage('1.0');
  upstream = await server.start();
  fs.writeFileSync(
    configFile,
    `content:
  rpm:
    - name: ${prefix} Hello fixture
      url: ${upstream}/
      syncGroup: fixtures
      basePath: ${prefix}/hello/
      shortName: ${shortName}
      distributionName: ${prefix}-hello-
${arkAccessYaml(prefix)}`,
  );
});

afterAll(async () => {
  await server.stop();
  fixture.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  runCliAsync(
    [...args, '--config', configFile],
    cliEnv(instance, { RT_TEST_CLIENT_PASSWORD: 'client-password-1', RT_TEST_DEV_PASSWORD: 'dev-password-1' }),
  );

async function packageUrl(snapshot: string, version: string): Promise<string> {
  const [pkg] = await pulp.list<{ location_href: string }>(
    'content/rpm/packages/',
    { name: fixture.packageName, version },
    1,
  );
  return `${instance.contentUrl}/pulp/content/${prefix}/hello/${snapshot}/${pkg.location_href}`;
}

let firstSnapshot: string;
const pins = path.join(work, 'pulp-repo-versions.yml');

test('sync from the fixture upstream makes a new version, shown with Pulp progress', async () => {
  expect((await cli(['reconcile'])).status).toBe(0);
  const result = await cli(['sync']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`rpm repository "${prefix} Hello fixture": new repository version`);
  expect(result.stdout).toMatch(
    /: (Downloading Metadata Files|Parsing Packages|Downloading Artifacts|Associating Content)/,
  );
  expect(server.requests).toContain('/repodata/repomd.xml');
  expect(result.stdout).not.toContain('\x1b'); // not a terminal: plain lines, no cursor movement
});

test('distribute makes a development snapshot: the client is refused, a dev user gets the package bytes', async () => {
  const result = await cli(['distribute', '--json']);
  expect(result.status).toBe(0);
  const [distribution] = JSON.parse(result.stdout);
  expect(distribution.created).toBe(true);
  firstSnapshot = distribution.name.slice(`${prefix}-hello-`.length);
  const url = await packageUrl(firstSnapshot, '1.0');
  expect((await download(url, `${prefix}-client`, 'client-password-1')).status).toBe(403);
  const dev = await download(url, `${prefix}-dev`, 'dev-password-1');
  expect(dev.status).toBe(200);
  expect(dev.body.equals(fs.readFileSync(path.join(fixture.dir, 'rt-fixture-hello-1.0-1.noarch.rpm')))).toBe(true);
});

test('a sync with nothing new upstream makes no version, and distribute makes no new snapshot', async () => {
  expect((await cli(['sync'])).stdout).toContain(`rpm repository "${prefix} Hello fixture": no change`);
  expect((await cli(['distribute'])).stdout).toContain(`already distributed as "${prefix}-hello-${firstSnapshot}"`);
});

test('a new upstream package makes a new version and a second snapshot; the first is unchanged', async () => {
  fixture.addPackage('1.1');
  expect((await cli(['sync'])).stdout).toContain('new repository version');
  const [second] = JSON.parse((await cli(['distribute', '--json'])).stdout);
  expect(second.created).toBe(true);
  expect(second.name).not.toBe(`${prefix}-hello-${firstSnapshot}`);
  const versions = JSON.parse((await cli(['versions', '--json'])).stdout).latest;
  expect(versions[shortName]).toBe(second.name.slice(`${prefix}-hello-`.length));
  const firstHas11 = await download(await packageUrl(firstSnapshot, '1.1'), `${prefix}-dev`, 'dev-password-1');
  expect(firstHas11.status).toBe(404);
});

test('promoting the first snapshot lets the client read exactly the bytes the dev user read', async () => {
  fs.writeFileSync(pins, `stackhpc_pulp_repo_${shortName}_version: ${firstSnapshot}\n`);
  expect((await cli(['promote', '--versions', pins])).stdout.trim()).toBe(`${prefix}-hello-${firstSnapshot}: promoted`);
  const url = await packageUrl(firstSnapshot, '1.0');
  const client = await download(url, `${prefix}-client`, 'client-password-1');
  expect(client.status).toBe(200);
  expect(client.body.equals(fs.readFileSync(path.join(fixture.dir, 'rt-fixture-hello-1.0-1.noarch.rpm')))).toBe(true);
});

const mirror = (args: string[] = []) =>
  runCliAsync(
    [
      'mirror',
      '--versions',
      pins,
      '--ark-content-url',
      `${instance.contentUrl}/pulp/content/`,
      '--config',
      configFile,
      ...args,
    ],
    cliEnv(clientInstance, {
      RELEASE_TRAIN_ARK_USERNAME: `${prefix}-client`,
      RELEASE_TRAIN_ARK_PASSWORD: 'client-password-1',
    }),
  );
const clientPackageUrl = async (version: string) => {
  const [pkg] = await pulp.list<{ location_href: string }>(
    'content/rpm/packages/',
    { name: fixture.packageName, version },
    1,
  );
  return `${clientInstance.contentUrl}/pulp/content/${prefix}/hello/development/${pkg.location_href}`;
};

test('the client Pulp mirrors the promoted snapshot on_demand and serves the same bytes', async () => {
  fs.writeFileSync(pins, `# client pins\nstackhpc_pulp_repo_${shortName}_version: ${firstSnapshot}\n`);
  const since = accessLogLength(clientInstance);
  const dryRun = await mirror(['--dry-run']);
  expect(dryRun.status).toBe(0);
  expect(writeRequests(clientInstance, since)).toEqual([]);
  expect(dryRun.stdout).toContain(`would create rpm remote "${prefix} Hello fixture-remote"`);
  expect(await clientPulp.list('remotes/rpm/rpm/', { name: `${prefix} Hello fixture-remote` })).toHaveLength(0);

  const result = await mirror();
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`rpm repository "${prefix} Hello fixture": new repository version`);
  expect(result.stdout).toContain(
    `${prefix}-hello-development (${prefix}/hello/development): created, serving ${firstSnapshot}`,
  );
  expect(result.stdout).not.toContain('client-password-1');
  const [remote] = await clientPulp.list<{ url: string; policy: string }>('remotes/rpm/rpm/', {
    name: `${prefix} Hello fixture-remote`,
  });
  expect(remote).toMatchObject({
    url: `${instance.contentUrl}/pulp/content/${prefix}/hello/${firstSnapshot}/`,
    policy: 'on_demand',
  });
  const served = await download(await clientPackageUrl('1.0'), 'anyone', 'x');
  expect(served.status).toBe(200);
  expect(served.body.equals(fs.readFileSync(path.join(fixture.dir, 'rt-fixture-hello-1.0-1.noarch.rpm')))).toBe(true);
  // The pinned snapshot, not the latest: 1.1 is only in the second snapshot.
  expect((await download(await clientPackageUrl('1.1'), 'anyone', 'x')).status).toBe(404);
});

test('mirroring again changes nothing on the client Pulp', async () => {
  const before = (await clientPulp.list('tasks/', {})).length;
  const result = await mirror();
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('no change');
  expect(result.stdout).toContain('unchanged, serving');
  const tasks = await clientPulp.list<{ name: string }>('tasks/', {});
  // The rerun's sync finds nothing new: one sync task, nothing else (no publication, no distribution change).
  expect(tasks.length - before).toBe(1);
});

test('pinning an unreleased snapshot: ark refuses the client, the mirror fails clearly and keeps serving', async () => {
  const latest = JSON.parse((await cli(['versions', '--json'])).stdout).latest[shortName];
  fs.writeFileSync(pins, `stackhpc_pulp_repo_${shortName}_version: ${latest}\n`);
  const result = await mirror();
  expect(result.status).toBe(6);
  expect(result.stderr).toMatch(/\(rpm repository ".*"\) failed: 403/);
  expect(result.stderr).not.toContain('client-password-1');
  expect((await download(await clientPackageUrl('1.0'), 'anyone', 'x')).status).toBe(200);
});
