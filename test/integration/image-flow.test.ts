// Disk images on the real Pulps (DOMAIN.md §3.5, §5.13): a generated 50 MiB image uploaded to ark in 2 MiB
// chunks and distributed as <repo>_<tag> and <repo>_latest guarded development; the same bytes again send no
// chunk; the client is refused until the tag is promoted and then reads the same bytes, while _latest stays
// refused; the client Pulp (pulpcore 3.85) mirrors the pinned tag and serves the same bytes; a wrong or
// truncated image is refused with nothing left behind; and an upload killed after 40% of its chunks is
// finished by a rerun that sends only the missing ranges.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeRandomImage } from '../../testbed/fixtures/random-image';
import { cliEnv, runCliAsync, runCliOnTty, startCli } from '../support/cli';
import { arkAccessYaml, download } from '../support/content';
import { HoldingProxy } from '../../testbed/servers/holding-proxy';
import { accessLogLength, accessLogLines, pulpClient, pulpInstance, writeRequests } from '../support/pulp';

const MIB = 1024 * 1024;
const ark = pulpInstance('ark');
const pulp = pulpClient('ark');
const client = pulpInstance('client');
const clientPulp = pulpClient('client');
const prefix = `img${Date.now() % 100000}`;
const repo = `${prefix}-kayobe-images`;
const basePath = `${prefix}/kayobe-images/2024.1/rocky/9`;
const shortName = `${prefix}_overcloud_host_image`;
const NAME = 'overcloud-rocky-9.qcow2';
const [TAG1, TAG2, TAG3] = ['2024.1-20261128T100000', '2024.1-20261128T110000', '2024.1-20261128T120000'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-image-flow-'));
const configFile = path.join(work, 'content.yaml');
const image = path.join(work, 'build-1', NAME);
const secrets = { RT_TEST_CLIENT_PASSWORD: 'client-password-1', RT_TEST_DEV_PASSWORD: 'dev-password-1' };
let imageSha256: string;

const sha256Of = (bytes: Buffer | string) =>
  createHash('sha256')
    .update(typeof bytes === 'string' ? fs.readFileSync(bytes) : bytes)
    .digest('hex');
const cli = (args: string[]) => runCliAsync([...args, '--config', configFile], cliEnv(ark, secrets));
const upload = (tag: string, file: string, extra: string[] = []) =>
  cli(['image', 'upload', '--image', repo, '--tag', tag, file, '--chunk-size', '2', ...extra]);
const arkUrl = (tag: string) => `${ark.contentUrl}/pulp/content/${basePath}/${tag}/${NAME}`;
const distributions = () =>
  pulp.list<{ name: string; content_guard: string | null }>('distributions/file/file/', {
    name__startswith: `${repo}_`,
  });
const uploadsLeft = () => pulp.list('uploads/');

beforeAll(() => {
  fs.mkdirSync(path.dirname(image));
  writeRandomImage(image, 50 * MIB);
  imageSha256 = sha256Of(image);
  fs.writeFileSync(
    configFile,
    `content:
  images:
    - name: ${repo}
      basePath: ${basePath}
      shortName: ${shortName}
      files: [${NAME}]
${arkAccessYaml(prefix)}`,
  );
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('reconcile makes the file repository; an upload sends 25 chunks, Pulp verifies the sha256, both distributions are guarded development', async () => {
  expect((await cli(['reconcile', '--only', `image/${repo}`])).status).toBe(0);
  expect((await cli(['reconcile', '--only', 'access'])).status).toBe(0);
  expect(await pulp.list('repositories/file/file/', { name: repo })).toHaveLength(1);
  const since = accessLogLength(ark);
  // On a terminal, as a person runs it: a bar with bytes and rate, redrawn in place.
  const result = await runCliOnTty(
    ['image', 'upload', '--image', repo, '--tag', TAG1, image, '--chunk-size', '2', '--config', configFile],
    cliEnv(ark, secrets),
  );
  expect(result.status).toBe(0);
  // (cut to the pseudo-terminal's 80 columns)
  expect(result.stdout).toMatch(/uploading overcloud-rocky-9\.qcow2: \[[#-]{24}\] \d+\.\d\/50\.0 MiB, \d/);
  expect(result.stdout).toContain('\x1b[1A\r\x1b[0J');
  expect(result.stdout).toContain(`${NAME}: uploaded 50.0 MiB in 25 chunks`);
  expect(result.stdout).toContain(`sha256 ${imageSha256} verified by Pulp`);
  expect(result.stdout).toContain(`${repo}_${TAG1} (${basePath}/${TAG1}): created, guarded development`);
  expect(result.stdout).toContain(`${repo}_latest (${basePath}/latest): created, guarded development`);
  const writes = writeRequests(ark, since);
  expect(writes.filter((line) => / PUT \/pulp\/api\/v3\/uploads\/[^/]+\/\? 200 /.test(line))).toHaveLength(25);
  expect(writes.filter((line) => / POST \/pulp\/api\/v3\/uploads\/\? 201 /.test(line))).toHaveLength(1);
  expect(writes.filter((line) => / POST \/pulp\/api\/v3\/uploads\/[^/]+\/commit\/\? 202 /.test(line))).toHaveLength(1);
  const [artifact] = await pulp.list<{ sha256: string; size: number }>('artifacts/', { sha256: imageSha256 });
  expect(artifact).toMatchObject({ sha256: imageSha256, size: 50 * MIB });
  expect(await uploadsLeft()).toEqual([]);
  expect(fs.readdirSync(path.dirname(image))).toEqual([NAME]); // the state file is gone
  const [development] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: 'development' });
  expect((await distributions()).map((d) => [d.name, d.content_guard]).sort()).toEqual([
    [`${repo}_${TAG1}`, development.pulp_href],
    [`${repo}_latest`, development.pulp_href],
  ]);
});

test('the client is refused the development image; a dev user downloads exactly the uploaded bytes', async () => {
  expect((await download(arkUrl(TAG1), `${prefix}-client`, 'client-password-1')).status).toBe(403);
  const dev = await download(arkUrl(TAG1), `${prefix}-dev`, 'dev-password-1');
  expect(dev.status).toBe(200);
  expect(sha256Of(dev.body)).toBe(imageSha256);
});

test('the same bytes under a new tag send no chunk: Pulp has the artifact; the same tag again writes nothing', async () => {
  const since = accessLogLength(ark);
  const second = await upload(TAG2, image);
  expect(second.stderr).toBe('');
  expect(second.status).toBe(0);
  expect(second.stdout).toContain(`${NAME}: Pulp already has it (sha256 ${imageSha256}); sent nothing`);
  expect(second.stdout).toContain('no new repository version');
  expect(second.stdout).toContain(`${repo}_${TAG2} (${basePath}/${TAG2}): created`);
  expect(second.stdout).toContain(`${repo}_latest (${basePath}/latest): unchanged`);
  expect(second.stdout).not.toContain('\x1b'); // not a terminal: plain lines
  expect(writeRequests(ark, since).filter((line) => / (PUT|POST) \/pulp\/api\/v3\/uploads\//.test(line))).toEqual([]);
  const again = accessLogLength(ark);
  const third = await upload(TAG1, image);
  expect(third.status).toBe(0);
  expect(third.stdout).toContain(`${repo}_${TAG1}: already holds exactly these files; nothing to do`);
  expect(writeRequests(ark, again)).toEqual([]);
});

test('promote releases one tag: the client reads the same bytes; _latest stays refused; a missing tag changes nothing', async () => {
  const promoted = await cli(['image', 'promote', '--image', repo, '--tag', TAG1]);
  expect(promoted.stdout.trim()).toBe(`${repo}_${TAG1}: promoted`);
  const released = await download(arkUrl(TAG1), `${prefix}-client`, 'client-password-1');
  expect(released.status).toBe(200);
  expect(sha256Of(released.body)).toBe(imageSha256);
  expect((await download(arkUrl('latest'), `${prefix}-client`, 'client-password-1')).status).toBe(403);
  expect((await download(arkUrl(TAG2), `${prefix}-client`, 'client-password-1')).status).toBe(403);
  expect((await cli(['image', 'promote', '--image', repo, '--tag', TAG1])).stdout.trim()).toBe(
    `${repo}_${TAG1}: already released`,
  );
  const before = await distributions();
  const since = accessLogLength(ark);
  const missing = await cli(['image', 'promote', '--image', repo, '--tag', '2024.1-19991231T000000']);
  expect(missing.status).toBe(7);
  expect(missing.stderr).toContain(
    `no such snapshot distribution: "${repo}_2024.1-19991231T000000"; nothing was promoted`,
  );
  expect(writeRequests(ark, since)).toEqual([]);
  expect(await distributions()).toEqual(before);
});

test('list shows the tags, which is released, and which one latest serves', async () => {
  const listed = JSON.parse((await cli(['image', 'list', '--json'])).stdout);
  expect(listed).toEqual([
    {
      image: repo,
      basePath,
      latest: TAG2,
      tags: [
        { tag: TAG1, guard: 'release', released: true },
        { tag: TAG2, guard: 'development', released: false },
      ],
    },
  ]);
  const text = (await cli(['image', 'list'])).stdout;
  expect(text).toContain(`  ${TAG1}  released\n`);
  expect(text).toContain(`  ${TAG2}  not released (development)  latest`);
});

test('the client Pulp mirrors the pinned tag (never latest) with the client credentials and serves the same bytes', async () => {
  const pins = path.join(work, 'pulp-repo-versions.yml');
  fs.writeFileSync(pins, `---\nstackhpc_${shortName}_version: "${TAG1}"\n`);
  const mirror = await runCliAsync(
    ['mirror', '--versions', pins, '--ark-content-url', `${ark.contentUrl}/pulp/content/`, '--config', configFile],
    cliEnv(client, { RELEASE_TRAIN_ARK_USERNAME: `${prefix}-client`, RELEASE_TRAIN_ARK_PASSWORD: 'client-password-1' }),
  );
  expect(mirror.stderr).toBe('');
  expect(mirror.status).toBe(0);
  expect(mirror.stdout).toContain(`file repository "${repo}": new repository version`);
  expect(mirror.stdout).toContain(`${repo}_${TAG1} (${basePath}/${TAG1}): created, serving ${TAG1}`);
  expect(mirror.stdout).not.toContain('client-password-1');
  const [remote] = await clientPulp.list<{ url: string; policy: string }>('remotes/file/file/', {
    name: `${repo}-remote`,
  });
  expect(remote).toEqual(
    expect.objectContaining({
      url: `${ark.contentUrl}/pulp/content/${basePath}/${TAG1}/PULP_MANIFEST`,
      policy: 'on_demand',
    }),
  );
  const served = await download(`${client.contentUrl}/pulp/content/${basePath}/${TAG1}/${NAME}`, 'anyone', 'x');
  expect(served.status).toBe(200);
  expect(sha256Of(served.body)).toBe(imageSha256);
});

test('a wrong sha256 or a truncated image is refused with a clear error; no distribution or upload is left', async () => {
  const since = accessLogLength(ark);
  const wrong = await upload(TAG3, image, ['--sha256', 'f'.repeat(64)]);
  expect(wrong.status).toBe(65);
  expect(wrong.stderr.trim()).toBe(
    `release-train: ${image}: sha256 is ${imageSha256}, expected ${'f'.repeat(64)} (a truncated or different file); nothing was uploaded`,
  );
  const truncated = path.join(work, 'truncated', NAME);
  fs.mkdirSync(path.dirname(truncated));
  fs.copyFileSync(image, truncated);
  fs.truncateSync(truncated, 20 * MIB);
  const sums = path.join(work, 'SHA256SUMS');
  fs.writeFileSync(sums, `${imageSha256}  ${NAME}\n`);
  const short = await upload(TAG3, truncated, ['--checksum-file', sums]);
  expect(short.status).toBe(65);
  expect(short.stderr).toContain(`${truncated}: sha256 is ${sha256Of(truncated)}, expected ${imageSha256}`);
  expect(writeRequests(ark, since)).toEqual([]);
  expect((await distributions()).map((d) => d.name)).not.toContain(`${repo}_${TAG3}`);
  expect(await uploadsLeft()).toEqual([]);
});

test('a state file left by other bytes (the image was rebuilt since) names a stale upload: it is deleted', async () => {
  const rebuilt = path.join(work, 'build-2', NAME);
  fs.mkdirSync(path.dirname(rebuilt));
  writeRandomImage(rebuilt, 3 * MIB);
  const stale = await pulp.create<{ pulp_href: string }>('uploads/', { size: 5 * MIB });
  fs.writeFileSync(
    `${rebuilt}.release-train-upload.json`,
    JSON.stringify({ pulpUrl: ark.apiUrl, upload: stale.pulp_href, size: 5 * MIB, sha256: 'e'.repeat(64) }),
  );
  const result = await upload('2024.1-20261128T113000', rebuilt);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`${NAME}: uploaded 3.0 MiB in 2 chunks`);
  await expect(pulp.get(stale.pulp_href)).rejects.toThrow(/not found/);
  expect(await uploadsLeft()).toEqual([]);
  expect(fs.readdirSync(path.dirname(rebuilt))).toEqual([NAME]);
});

test('an upload killed after 40% of its chunks (10 of 25) is finished by a rerun that sends only the missing ranges', async () => {
  const build = path.join(work, 'build-3', NAME);
  fs.mkdirSync(path.dirname(build));
  writeRandomImage(build, 50 * MIB);
  const sha256 = sha256Of(build);
  const proxy = new HoldingProxy(ark.apiUrl);
  const viaProxy = await proxy.start();
  try {
    const env = cliEnv(ark, secrets);
    const args = [
      'image',
      'upload',
      '--image',
      repo,
      '--tag',
      TAG3,
      build,
      '--chunk-size',
      '2',
      '--config',
      configFile,
    ];
    const held = proxy.holdAfterPuts(10);
    const first = startCli([...args, '--pulp-url', viaProxy], env);
    await held;
    first.child.kill('SIGKILL');
    expect((await first.result).status).toBeNull();
    const firstRanges = proxy.puts.map((p) => p.contentRange);
    expect(firstRanges).toHaveLength(10);
    const state = JSON.parse(fs.readFileSync(`${build}.release-train-upload.json`, 'utf8'));
    const open = await pulp.get<{ chunks: { offset: number; size: number }[] }>(state.upload);
    expect(open.chunks).toHaveLength(10);

    proxy.release();
    const since = accessLogLength(ark);
    const rerun = await runCliAsync([...args, '--pulp-url', viaProxy], env);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain(`${NAME}: resumed: sent the missing 30.0 MiB in 15 chunks`);
    const rerunRanges = proxy.puts.slice(10).map((p) => p.contentRange);
    expect(rerunRanges).toHaveLength(15);
    // Together the two runs sent every 2 MiB range exactly once.
    const all = [...firstRanges, ...rerunRanges].sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    expect(all).toEqual(
      Array.from({ length: 25 }, (_, i) => `bytes ${i * 2 * MIB}-${(i + 1) * 2 * MIB - 1}/${50 * MIB}`),
    );
    expect(accessLogLines(ark, since).filter((line) => line.includes(' PUT '))).toHaveLength(15);
    expect(await uploadsLeft()).toEqual([]);
    expect(fs.existsSync(`${build}.release-train-upload.json`)).toBe(false);
    const [artifact] = await pulp.list<{ sha256: string }>('artifacts/', { sha256 });
    expect(artifact.sha256).toBe(sha256);
    const dev = await download(arkUrl(TAG3), `${prefix}-dev`, 'dev-password-1');
    expect(dev.status).toBe(200);
    expect(sha256Of(dev.body)).toBe(sha256);
  } finally {
    await proxy.stop();
  }
});
