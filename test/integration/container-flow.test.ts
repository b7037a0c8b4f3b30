// Container images on the real ark Pulp (token auth on): a tiny OCI image pushed by skopeo into the
// development namespace, promoted tag by tag into the release namespace, pulled with the client's
// credentials only from there; then the client Pulp (the older version) mirrors the release image from
// ark's registry with those credentials, on_demand, and serves the same bytes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OciFixtureImage } from '../../testbed/fixtures/oci-image';
import { cliEnv, runCliAsync } from '../support/cli';
import { accessLogLength, adminPassword, pulpClient, pulpInstance, writeRequests } from '../support/pulp';
import { authFile, registryRef, skopeo } from '../support/skopeo';

const ark = pulpInstance('ark');
const pulp = pulpClient('ark');
const client = pulpInstance('client');
const ns = `rt${Date.now() % 100000}`;
const devImage = `${ns}-dev/hello`;
const releaseImage = `${ns}/hello`;
const image = new OciFixtureImage();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-container-flow-'));
const configFile = path.join(work, 'content.yaml');
const tagsFile = path.join(work, 'tags.yaml');
const registry = new URL(ark.apiUrl).host;
const users = {
  admin: authFile(registry, 'admin', adminPassword(ark)),
  client: authFile(registry, `${ns}-client`, 'client-password-1'),
  dev: authFile(registry, `${ns}-dev`, 'dev-password-1'),
};
const digests: Record<string, string> = {};

fs.writeFileSync(
  configFile,
  `content:
  container:
    - name: ${devImage}
      push: true
    - name: ${releaseImage}
  containerNamespaces:
    - name: ${ns}-dev
      consumers: [stackhpc-dev]
    - name: ${ns}
      consumers: [stackhpc, stackhpc-dev]
  groups: [stackhpc, stackhpc-dev]
  users:
    - username: ${ns}-client
      groups: [stackhpc]
      passwordEnv: RT_TEST_CLIENT_PASSWORD
    - username: ${ns}-dev
      groups: [stackhpc-dev]
      passwordEnv: RT_TEST_DEV_PASSWORD
`,
);

afterAll(() => {
  image.dispose();
  fs.rmSync(work, { recursive: true, force: true });
  for (const file of Object.values(users)) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

const secrets = { RT_TEST_CLIENT_PASSWORD: 'client-password-1', RT_TEST_DEV_PASSWORD: 'dev-password-1' };
const cli = (args: string[]) => runCliAsync([...args, '--config', configFile], cliEnv(ark, secrets));
const promote = (tags: Record<string, string[]>, extra: string[] = []) => {
  fs.writeFileSync(
    tagsFile,
    Object.entries(tags)
      .map(([k, v]) => `${k}: [${v.join(', ')}]\n`)
      .join(''),
  );
  return cli(['promote-containers', '--tags', tagsFile, '--from', `${ns}-dev`, '--to', ns, ...extra]);
};
const inspect = (apiUrl: string, name: string, tag: string, auth?: string) =>
  skopeo([
    'inspect',
    '--raw',
    '--tls-verify=false',
    ...(auth ? ['--authfile', auth] : []),
    registryRef(apiUrl, name, tag),
  ]);
const latestVersion = async (name: string) =>
  (await pulp.list<{ latest_version_href: string }>('repositories/container/container/', { name }, 1))[0]
    .latest_version_href;

test('reconcile makes the namespaces with their consumers, the private development distribution and the release repository', async () => {
  const result = await cli(['reconcile']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`create container namespace "${ns}-dev"`);
  const [dist] = await pulp.list<{ private: boolean; repository: string | null }>(
    'distributions/container/container/',
    { name: devImage },
  );
  expect(dist).toMatchObject({ private: true, repository: null });
  expect((await cli(['reconcile'])).stdout).toContain('no changes');
});

test('skopeo pushes two tags into the development namespace through token auth', async () => {
  for (const [tag, content] of [
    ['2024.1-rocky-9-20261128T010101', 'hello one'],
    ['2024.1-rocky-9-20261128T020202', 'hello two'],
  ]) {
    digests[tag] = image.addTag(tag, content);
    const push = await skopeo([
      'copy',
      '--preserve-digests',
      '--dest-tls-verify=false',
      '--authfile',
      users.admin,
      image.ref(tag),
      registryRef(ark.apiUrl, devImage, tag),
    ]);
    expect(push.stderr).not.toMatch(/error/i);
    expect(push.ok).toBe(true);
  }
  const [dist] = await pulp.list<{ repository: string | null }>('distributions/container/container/', {
    name: devImage,
  });
  expect(dist.repository).not.toBeNull();
});

test('the development image: the dev user pulls it, the client is refused', async () => {
  const tag = '2024.1-rocky-9-20261128T010101';
  const dev = await inspect(ark.apiUrl, devImage, tag, users.dev);
  expect(dev.ok).toBe(true);
  expect(dev.stdout).toContain('application/vnd.oci.image.manifest.v1+json');
  const refused = await inspect(ark.apiUrl, devImage, tag, users.client);
  expect(refused.ok).toBe(false);
  expect(refused.stderr).toMatch(/unauthorized|denied|requested access to the resource is denied|not authorized/i);
});

test('a missing tag stops the promotion with nothing changed; --dry-run writes nothing', async () => {
  const before = await latestVersion(releaseImage);
  const missing = await promote({ hello: ['2024.1-rocky-9-20261128T010101', 'no-such-tag'] });
  expect(missing.status).toBe(7);
  expect(missing.stderr).toContain(`${devImage}:no-such-tag`);
  const since = accessLogLength(ark);
  const dryRun = await promote({ hello: ['2024.1-rocky-9-20261128T010101'] }, ['--dry-run']);
  expect(dryRun.status).toBe(0);
  expect(dryRun.stdout).toContain(`${releaseImage}: would promote 2024.1-rocky-9-20261128T010101`);
  expect(writeRequests(ark, since)).toEqual([]);
  expect(await latestVersion(releaseImage)).toBe(before);
});

test('promotion copies the tag; re-promoting adds no repository version; the client pulls the release image only', async () => {
  const tag = '2024.1-rocky-9-20261128T010101';
  const first = await promote({ hello: [tag] });
  expect(first.stderr).toBe('');
  expect(first.stdout.trim()).toBe(`${releaseImage}: promoted ${tag}`);
  const version = await latestVersion(releaseImage);
  const again = await promote({ hello: [tag] }, ['--json']);
  expect(JSON.parse(again.stdout).results[0]).toMatchObject({ changed: false, alreadyReleased: [tag], promoted: [] });
  expect(await latestVersion(releaseImage)).toBe(version);

  const pulled = await inspect(ark.apiUrl, releaseImage, tag, users.client);
  expect(pulled.ok).toBe(true);
  expect(`sha256:${createHash('sha256').update(pulled.stdout).digest('hex')}`).toBe(digests[tag]);
  // The other tag stays unreleased.
  expect((await inspect(ark.apiUrl, releaseImage, '2024.1-rocky-9-20261128T020202', users.client)).ok).toBe(false);
  expect((await inspect(ark.apiUrl, devImage, tag, users.client)).ok).toBe(false);
});

test('the client Pulp mirrors the release image from ark with the client credentials and serves the same bytes', async () => {
  const pins = path.join(work, 'pulp-repo-versions.yml');
  fs.writeFileSync(pins, '# no package pins: images only\n');
  const mirror = await runCliAsync(
    [
      'mirror',
      '--versions',
      pins,
      '--ark-content-url',
      `${ark.contentUrl}/pulp/content/`,
      '--ark-registry-url',
      ark.apiUrl,
      '--config',
      configFile,
    ],
    cliEnv(client, { RELEASE_TRAIN_ARK_USERNAME: `${ns}-client`, RELEASE_TRAIN_ARK_PASSWORD: 'client-password-1' }),
  );
  expect(mirror.stderr).toBe('');
  expect(mirror.status).toBe(0);
  expect(mirror.stdout).toContain(`container repository "${releaseImage}": new repository version`);
  const tag = '2024.1-rocky-9-20261128T010101';
  const copy = fs.mkdtempSync(path.join(work, 'pulled-'));
  const pulled = await skopeo([
    'copy',
    '--src-tls-verify=false',
    registryRef(client.apiUrl, releaseImage, tag),
    `dir:${copy}`,
  ]);
  expect(pulled.stderr).not.toMatch(/error/i);
  expect(pulled.ok).toBe(true);
  const layerDigests = fs.readdirSync(copy).filter((f) => /^[0-9a-f]{64}$/.test(f));
  for (const blob of layerDigests) {
    expect(
      fs.readFileSync(path.join(copy, blob)).equals(fs.readFileSync(path.join(image.dir, 'blobs', 'sha256', blob))),
    ).toBe(true);
  }
  expect(layerDigests.length).toBeGreaterThanOrEqual(2); // config and layer
  // Only released tags reach the client.
  expect((await inspect(client.apiUrl, releaseImage, '2024.1-rocky-9-20261128T020202')).ok).toBe(false);
});
