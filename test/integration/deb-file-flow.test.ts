// The deb release flow on the real Pulps, from a real (tiny) apt repository served over loopback: ark
// syncs it (mirror), publishes it verbatim as a development-guarded snapshot, promotes it, and the client
// Pulp mirrors the pinned snapshot; and a file repository synced from a PULP_MANIFEST.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebFixtureRepository } from '../../testbed/fixtures/deb-repository';
import { FileFixtureRepository } from '../../testbed/fixtures/file-repository';
import { cliEnv, runCliAsync, runCliOnTty } from '../support/cli';
import { arkAccessYaml, download } from '../support/content';
import { FixtureServer } from '../../testbed/servers/fixture-server';
import { pulpClient, pulpInstance } from '../support/pulp';

const ark = pulpInstance('ark');
const pulp = pulpClient('ark');
const client = pulpInstance('client');
const prefix = `deb${Date.now() % 100000}`;
const shortName = `${prefix}_hello`;
const deb = new DebFixtureRepository();
const files = new FileFixtureRepository();
const fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deb-file-flow-'));
const server = new FixtureServer(fixtures);
const configFile = path.join(fixtures, 'content.yaml');
const pins = path.join(fixtures, 'pulp-repo-versions.yml');
const poolPath = 'pool/main/r/rt-fixture-hello/rt-fixture-hello_1.0_amd64.deb';
let debFile: string;
let snapshot: string;

beforeAll(async () => {
  debFile = deb.addPackage('1.0');
  files.addFile('images/overcloud-rocky-9.qcow2', 'not really a disk image\n');
  fs.symlinkSync(deb.dir, path.join(fixtures, 'apt'));
  fs.symlinkSync(files.dir, path.join(fixtures, 'files'));
  const upstream = await server.start();
  fs.writeFileSync(
    configFile,
    `content:
  deb:
    - name: ${prefix} Hello apt fixture
      url: ${upstream}/apt/
      distributions: [${deb.distribution}]
      components: [${deb.component}]
      architectures: [${deb.architecture}]
      mode: verbatim
      syncGroup: fixtures
      basePath: ${prefix}/apt/
      shortName: ${shortName}
      distributionName: ${prefix}-apt-
  file:
    - name: ${prefix}-images
      basePath: ${prefix}/images
      url: ${FileFixtureRepository.manifestUrl(`${upstream}/files`)}
${arkAccessYaml(prefix)}`,
  );
});

afterAll(async () => {
  await server.stop();
  deb.dispose();
  files.dispose();
  fs.rmSync(fixtures, { recursive: true, force: true });
});

const secrets = { RT_TEST_CLIENT_PASSWORD: 'client-password-1', RT_TEST_DEV_PASSWORD: 'dev-password-1' };
const cli = (args: string[]) => runCliAsync([...args, '--config', configFile], cliEnv(ark, secrets));

test('ark syncs the apt fixture (mirror) and the file fixture, and a rerun finds nothing new', async () => {
  expect((await cli(['reconcile'])).status).toBe(0);
  const first = await cli(['sync', '--sync-group', 'fixtures', '--json']);
  expect(first.status).toBe(0);
  const rows = JSON.parse(first.stdout);
  expect(rows).toEqual([
    expect.objectContaining({ kind: 'deb-repository', name: `${prefix} Hello apt fixture`, changed: true }),
  ]);
  expect(first.stderr).toMatch(/deb repository ".*": .*\(completed\)/); // progress goes to stderr with --json
  expect(server.requests).toContain(`/apt/dists/${deb.distribution}/Release`);
  // On a terminal, progress is a bar redrawn in place, cleared when the final line is printed.
  const fileSync = await runCliOnTty(
    ['sync', '--repository', `${prefix}-images`, '--config', configFile],
    cliEnv(ark, secrets),
  );
  expect(fileSync.status).toBe(0);
  expect(fileSync.stdout).toMatch(/file repository ".*": (\[[#-]{24}\] \d+\/\d+|\d+) /);
  expect(fileSync.stdout).toContain('\x1b[1A\r\x1b[0J');
  expect(fileSync.stdout).toContain(`file repository "${prefix}-images": new repository version`);
  const [content] = await pulp.list<{ relative_path: string; sha256?: string; digest?: string }>(
    'content/file/files/',
    { relative_path: 'images/overcloud-rocky-9.qcow2' },
    1,
  );
  expect(content.relative_path).toBe('images/overcloud-rocky-9.qcow2');
  const again = await cli(['sync', '--concurrency', '2']);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain(`deb repository "${prefix} Hello apt fixture": no change`);
  expect(again.stdout).toContain(`file repository "${prefix}-images": no change`);
});

test('a verbatim snapshot guarded development: the client is refused, a dev user gets the .deb', async () => {
  const [distribution] = JSON.parse((await cli(['distribute', '--json'])).stdout);
  expect(distribution.created).toBe(true);
  snapshot = distribution.name.slice(`${prefix}-apt-`.length);
  const url = `${ark.contentUrl}/pulp/content/${prefix}/apt/${snapshot}/${poolPath}`;
  expect((await download(url, `${prefix}-client`, 'client-password-1')).status).toBe(403);
  const dev = await download(url, `${prefix}-dev`, 'dev-password-1');
  expect(dev.status).toBe(200);
  expect(dev.body.equals(fs.readFileSync(debFile))).toBe(true);
});

test('promoted, the snapshot is mirrored by the client Pulp on_demand and served with the same bytes', async () => {
  fs.writeFileSync(pins, `---\nstackhpc_pulp_repo_${shortName}_version: ${snapshot}\n`);
  expect((await cli(['promote', '--versions', pins])).status).toBe(0);
  const mirror = await runCliAsync(
    [
      'mirror',
      '--versions',
      pins,
      '--ark-content-url',
      `${ark.contentUrl}/pulp/content/`,
      '--production',
      '--config',
      configFile,
    ],
    cliEnv(client, { RELEASE_TRAIN_ARK_USERNAME: `${prefix}-client`, RELEASE_TRAIN_ARK_PASSWORD: 'client-password-1' }),
  );
  expect(mirror.stderr).toBe('');
  expect(mirror.status).toBe(0);
  expect(mirror.stdout).toContain(`deb repository "${prefix} Hello apt fixture": new repository version`);
  expect(mirror.stdout).toContain(`${prefix}-apt-production (${prefix}/apt/production): created, serving ${snapshot}`);
  for (const stage of ['development', 'production']) {
    const served = await download(
      `${client.contentUrl}/pulp/content/${prefix}/apt/${stage}/${poolPath}`,
      'anyone',
      'x',
    );
    expect(served.status).toBe(200);
    expect(served.body.equals(fs.readFileSync(debFile))).toBe(true);
  }
});
