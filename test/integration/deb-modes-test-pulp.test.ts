// On the real Pulps, from a tiny apt repository served over loopback: deb entries as the original writes them
// (no components, no architectures: Pulp's null, every one upstream has) published in each of pulp_deb's APT
// modes; then the test Pulp's content set (the harness's client as the test Pulp) mirrors a development
// snapshot under its own naming: `<name> (ark)`, served as `<distributionName><V>-ark` at Ark's path.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebFixtureRepository } from '../../testbed/fixtures/deb-repository';
import { FixtureServer } from '../../testbed/servers/fixture-server';
import { cliEnv, runCliAsync } from '../support/cli';
import { arkAccessYaml, download } from '../support/content';
import { pulpClient, pulpInstance } from '../support/pulp';

const ark = pulpInstance('ark');
const client = pulpInstance('client');
const prefix = `debm${Date.now() % 100000}`;
const deb = new DebFixtureRepository();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deb-modes-'));
const server = new FixtureServer(work);
const configFile = path.join(work, 'content.yaml');
const pins = path.join(work, 'pulp-repo-versions.yml');
const secrets = { RT_TEST_CLIENT_PASSWORD: 'client-password-m', RT_TEST_DEV_PASSWORD: 'dev-password-m' };
const MODES = ['simple', 'structured', 'simple_and_structured'] as const;
/** pulp_deb's two APT layouts: simple is the dist `default` with one component `all`; structured keeps upstream's. */
const LAYOUTS = [
  ['default', 'all'],
  ['stable', 'main'],
] as const;

/** The package as apt finds it: its Filename in the layout's Packages index, then that file. */
async function packageFile(base: string, dist: string, component: string, user: string, password: string) {
  const index = await download(`${base}/dists/${dist}/${component}/binary-amd64/Packages`, user, password);
  expect(index.status).toBe(200);
  const filename = /^Filename: (.*)$/m.exec(index.body.toString())![1];
  return download(`${base}/${filename}`, user, password);
}

const cli = (args: string[]) => runCliAsync([...args, '--config', configFile], cliEnv(ark, secrets));

let debFile: string;

beforeAll(async () => {
  debFile = deb.addPackage('1.0');
  fs.symlinkSync(deb.dir, path.join(work, 'apt'));
  const upstream = await server.start();
  const entries = MODES.map(
    (mode) => `    - name: ${prefix} ${mode}
      url: ${upstream}/apt/
      distributions: [${deb.distribution}]
      mode: ${mode}
      syncGroup: ${prefix}
      basePath: ${prefix}/${mode}/
      shortName: ${prefix}_${mode}
      distributionName: ${prefix}-${mode}-
`,
  );
  fs.writeFileSync(configFile, `content:\n  deb:\n${entries.join('')}${arkAccessYaml(prefix)}`);
});

afterAll(async () => {
  await server.stop();
  deb.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

let snapshots: { name: string; basePath: string }[];

test('absent components and architectures reach Pulp as null, and a rerun of reconcile writes nothing', async () => {
  expect((await cli(['reconcile'])).status).toBe(0);
  const remotes = await pulpClient('ark').list<{ components: string | null; architectures: string | null }>(
    'remotes/deb/apt/',
    { name: `${prefix} simple-remote` },
  );
  expect(remotes).toEqual([expect.objectContaining({ components: null, architectures: null })]);
  expect((await cli(['reconcile'])).stdout).toMatch(/^no changes/m);
});

test('each APT mode publishes what it says, and every one serves the package', async () => {
  const sync = await cli(['sync', '--sync-group', prefix]);
  expect([sync.status, sync.stderr]).toEqual([0, '']);
  const distributed = await cli(['distribute', '--sync-group', prefix, '--json']);
  expect(distributed.status).toBe(0);
  snapshots = JSON.parse(distributed.stdout);
  expect(snapshots).toHaveLength(3);
  const publications = await pulpClient('ark').list<{
    repository_version: string;
    simple: boolean;
    structured: boolean;
  }>('publications/deb/apt/');
  for (const mode of MODES) {
    const [repository] = await pulpClient('ark').list<{ latest_version_href: string }>('repositories/deb/apt/', {
      name: `${prefix} ${mode}`,
    });
    const publication = publications.find((p) => p.repository_version === repository.latest_version_href);
    expect([mode, publication?.simple, publication?.structured]).toEqual([
      mode,
      mode !== 'structured',
      mode !== 'simple',
    ]);
  }
  for (const snapshot of snapshots) {
    const mode = snapshot.basePath.split('/')[1] as (typeof MODES)[number];
    const base = `${ark.contentUrl}/pulp/content/${snapshot.basePath}`;
    for (const [dist, component] of LAYOUTS) {
      const release = await download(`${base}/dists/${dist}/Release`, `${prefix}-dev`, 'dev-password-m');
      const expected = mode === 'simple_and_structured' || (mode === 'simple') === (dist === 'default');
      expect([mode, dist, release.status]).toEqual([mode, dist, expected ? 200 : 404]);
      if (!expected) continue;
      expect(/^Components: (.*)$/m.exec(release.body.toString())?.[1]).toBe(component);
      expect((await packageFile(base, dist, component, `${prefix}-dev`, 'dev-password-m')).status).toBe(200);
    }
  }
});

test("the test Pulp mirrors a development snapshot as <name> (ark), served as <distributionName><V>-ark at Ark's path", async () => {
  const simple = snapshots.find((s) => s.basePath.startsWith(`${prefix}/simple/`))!;
  const version = simple.basePath.slice(`${prefix}/simple/`.length);
  fs.writeFileSync(pins, `stackhpc_pulp_repo_${prefix}_simple_version: ${version}\n`);
  // The test Pulp syncs with Ark's CI (development) credentials: the snapshot is not released.
  const env = cliEnv(client, {
    RELEASE_TRAIN_ARK_USERNAME: `${prefix}-dev`,
    RELEASE_TRAIN_ARK_PASSWORD: 'dev-password-m',
  });
  const args = [
    'mirror',
    '--config',
    configFile,
    '--versions',
    pins,
    '--ark-content-url',
    `${ark.contentUrl}/pulp/content/`,
    '--content',
    'development',
  ];
  const first = await runCliAsync(args, env);
  expect([first.status, first.stderr]).toEqual([0, expect.any(String)]);
  expect(first.stdout).toContain(`${prefix}-simple-${version}-ark (${prefix}/simple/${version}): created`);
  const repositories = await pulpClient('client').list<{ name: string }>('repositories/deb/apt/', {
    name__startswith: prefix,
  });
  expect(repositories.map((r) => r.name)).toEqual([`${prefix} simple (ark)`]);
  const served = await packageFile(
    `${client.contentUrl}/pulp/content/${prefix}/simple/${version}`,
    'default',
    'all',
    'x',
    'y',
  );
  expect(served.status).toBe(200);
  expect(served.body.equals(fs.readFileSync(debFile))).toBe(true);
  const again = await runCliAsync(args, env);
  expect(again.stdout).toContain(`${prefix}-simple-${version}-ark (${prefix}/simple/${version}): unchanged`);
});
