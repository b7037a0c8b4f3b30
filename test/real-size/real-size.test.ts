// The real release train's content at its real size (testbed/fixtures/real-size-config.ts: 155 rpm, 21 deb,
// 147 images x 3 distros x 2 schemes in two namespaces, guards, groups), with a test Pulp and a client mirror:
// it loads, synthesises, reconciles into the harness's ark (a rerun writes nothing), and deploys through the
// grouped tasks over it (they write nothing; a no-op deploy runs no task, one changed repository reruns one).
// The figures are printed for the notes; nothing here asserts a time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config';
import { projectRoot, toolchainEnv, toolchainLayout } from '../../scripts/toolchain';
import { realSizeContentYaml } from '../../testbed/fixtures/real-size-config';
import { cliEnv } from '../support/cli';
import { arkAccessYaml } from '../support/content';
import {
  accessLogLines,
  accessLogLength,
  adminPassword,
  pulpClient,
  pulpInstance,
  writeRequests,
} from '../support/pulp';
import { spawnCollected } from '../support/spawn';

const ark = pulpInstance('ark');
const prefix = `rs${process.pid}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-real-size-'));
const configFile = path.join(work, 'real.yaml');
const secrets = { RT_TEST_CLIENT_PASSWORD: `client-${process.pid}-x`, RT_TEST_DEV_PASSWORD: `dev-${process.pid}-x` };
const figures: string[] = [];
const cliMain = path.join(projectRoot, 'dist', 'cli', 'main.js');
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

function writeConfig(thirdPartyUrl = 'https://mirror.example.org/rpm/third_party/0/'): void {
  const content = realSizeContentYaml({ prefix }).replace(
    `https://mirror.example.org/rpm/third_party/0/`,
    thirdPartyUrl,
  );
  fs.writeFileSync(
    path.join(work, 'pins.yml'),
    [0, 1, 2].map((i) => `stackhpc_pulp_repo_${prefix}_rpm_rocky_9_${i}_version: 20260101T000000\n`).join(''),
  );
  fs.writeFileSync(
    configFile,
    `ark:
  name: ark
  existingHost: { url: 'https://ark.example.org' }
mirrors:
  # The whole content through the deploy's grouped tasks, into the harness's ark, which the CLI reconciled
  # first: the deploy's tasks must agree with it (no write), and creating the 2,800 objects twice would only
  # measure Pulp's task queue again.
  - name: whole
    upstream: ark
    existingHost: { url: '${ark.apiUrl}' }
  - name: test-pulp
    upstream: ark
    versionsFile: pins.yml
    content: development
    existingHost: { url: 'https://test-pulp.example.org' }
  - name: client
    upstream: ark
    versionsFile: pins.yml
    content: released
    existingHost: { url: 'https://client.example.org' }
content:
${content}${arkAccessYaml(prefix)}`,
  );
}

async function cdktf(command: string[]) {
  const layout = toolchainLayout();
  const started = process.hrtime.bigint();
  const result = await spawnCollected(path.join(projectRoot, 'node_modules', '.bin', 'cdktf'), command, {
    cwd: work,
    env: {
      ...toolchainEnv(layout),
      PATH: `${path.dirname(layout.tofu.binary)}:${process.env.PATH}`,
      HOME: process.env.HOME,
      TERRAFORM_BINARY_NAME: 'tofu',
      CI: '1',
      RELEASE_TRAIN_CONFIG: configFile,
      RELEASE_TRAIN_PULP_PASSWORD: adminPassword(ark),
      ...secrets,
    },
    timeout: 3_000_000,
  });
  // eslint-disable-next-line no-control-regex
  const log = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  return { ...result, log, seconds: seconds(started) };
}

/** The descriptions of the tasks that ran, from the line each task prints first. */
function tasksRun(log: string): string[] {
  const lines = log.split('\n').filter((line) => !line.includes('Executing:'));
  return [...new Set(lines.flatMap((line) => [...line.matchAll(/release-train task: ([^'"\n]+)/g)].map((m) => m[1])))];
}

beforeAll(() => {
  fs.symlinkSync(path.join(projectRoot, 'dist'), path.join(work, 'dist'));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(work, 'node_modules'));
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'cdktf.json'), 'utf8'));
  fs.writeFileSync(path.join(work, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'node dist/main.js' }));
  writeConfig();
});

afterAll(() => {
  console.log(`real-size figures:\n${figures.join('\n')}`);
  fs.rmSync(work, { recursive: true, force: true });
});

test('the real-sized config loads with every entry', () => {
  const started = process.hrtime.bigint();
  const { content } = loadConfig(configFile);
  figures.push(`load: ${seconds(started).toFixed(2)} s`);
  expect([content.rpm.length, content.deb.length, content.container.length]).toEqual([155, 21, 1126]);
  expect(new Set([...content.rpm, ...content.deb].map((r) => r.syncGroup)).size).toBe(19);
  expect(content.contentGuards.map((g) => g.name)).toEqual(['development', 'release']);
});

test('it synthesises: tasks per stack stay reviewable', async () => {
  const result = await cdktf(['synth']);
  expect([result.status, result.log]).toEqual([0, expect.any(String)]);
  figures.push(`cdktf synth (3 stacks): ${result.seconds.toFixed(1)} s`);
  const tasks = (stack: string) =>
    Object.keys(
      JSON.parse(fs.readFileSync(path.join(work, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8')).resource
        .terraform_data,
    ).length;
  const counts = { whole: tasks('mirror-whole'), test: tasks('mirror-test-pulp'), client: tasks('mirror-client') };
  figures.push(`tasks per stack: ${JSON.stringify(counts)} (1302 repositories)`);
  // wait + access + 15 rpm sync groups + 7 deb + 147 images.
  expect(counts.whole).toBe(1 + 1 + 15 + 7 + 147);
  // wait + 3 pinned snapshots + one task per development (or release) image.
  expect(counts.test).toBe(1 + 3 + 147);
  expect(counts.client).toBe(1 + 3 + 147);
}, 600_000);

test('it reconciles into the harness ark, and a rerun writes nothing', async () => {
  const env = cliEnv(ark, secrets);
  for (const run of ['first', 'rerun'] as const) {
    const since = accessLogLength(ark);
    const started = process.hrtime.bigint();
    // Creating the 2,800 objects (container distributions are Pulp tasks) takes longer than runCli allows.
    const result = await spawnCollected(
      process.execPath,
      [cliMain, 'reconcile', '--config', configFile, '--concurrency', '8'],
      {
        env,
        timeout: 3_000_000,
      },
    );
    const took = seconds(started);
    const calls = accessLogLines(ark, since).length;
    const writes = writeRequests(ark, since).length;
    figures.push(`reconcile ${run} into ark: ${took.toFixed(1)} s, ${calls} API calls, ${writes} writes`);
    expect([result.status, result.stderr]).toEqual([0, '']);
    if (run === 'rerun') {
      expect(writes).toBe(0);
      expect(result.stdout).toMatch(/^no changes \(\d+ objects in the config\)$/m);
    }
  }
  const distributions = await pulpClient('ark').list<{ name: string }>('distributions/container/container/', {
    name__startswith: `${prefix}/`,
  });
  expect(distributions).toHaveLength(563);
}, 3_000_000);

test('deploy through the grouped tasks: first (over the reconciled Pulp), no-op, one changed repository', async () => {
  const firstSince = accessLogLength(ark);
  const first = await cdktf(['deploy', 'mirror-whole', '--auto-approve']);
  figures.push(
    `first deploy (${tasksRun(first.log).length} tasks, over the reconciled ark): ${first.seconds.toFixed(1)} s, ${accessLogLines(ark, firstSince).length} API calls, ${writeRequests(ark, firstSince).length} writes`,
  );
  expect([first.status, first.log.slice(-3000)]).toEqual([0, expect.any(String)]);
  expect(tasksRun(first.log)).toHaveLength(171);
  // The tasks converge the same objects as the CLI did: nothing to write.
  expect(writeRequests(ark, firstSince)).toEqual([]);

  const since = accessLogLength(ark);
  const noop = await cdktf(['deploy', 'mirror-whole', '--auto-approve']);
  figures.push(`no-op deploy: ${noop.seconds.toFixed(1)} s, ${accessLogLines(ark, since).length} API calls`);
  expect(noop.status).toBe(0);
  expect(tasksRun(noop.log)).toEqual([]);
  expect(writeRequests(ark, since)).toEqual([]);

  writeConfig('https://mirror.example.org/rpm/third_party/0-moved/');
  const changedSince = accessLogLength(ark);
  const changed = await cdktf(['deploy', 'mirror-whole', '--auto-approve']);
  expect(changed.status).toBe(0);
  expect(tasksRun(changed.log)).toEqual([`reconcile rpm:third_party into ${ark.apiUrl}`]);
  const writes = writeRequests(ark, changedSince);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatch(/PATCH \/pulp\/api\/v3\/remotes\/rpm\/rpm\//);
  figures.push(
    `one-repository deploy: ${changed.seconds.toFixed(1)} s, 1 task (56 repositories), ${accessLogLines(ark, changedSince).length} API calls, ${writes.length} write`,
  );
}, 3_000_000);
