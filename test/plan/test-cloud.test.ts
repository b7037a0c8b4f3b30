// `npm run test-cloud`: the commands the test-cloud workflow runs, here in plan-only mode with the real
// project-built tofu and openstack provider (no cloud), and the workflow itself under actionlint built from its
// Go module. The leak sweep and real mode run against the test bed's OpenStack (test/cloud/).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../config';
import { sshBanner, waitForSsh } from '../../cli/test-cloud/checks';
import { perRunState } from '../../cli/test-cloud/prefix';
import { projectRoot, readVersions, toolchainEnv, toolchainLayout } from '../../scripts/toolchain';
import { writeAppliedState } from '../../review/prior-state';
import { spawnCollected } from '../support/spawn';
import { synthApp, TofuWorkspace } from '../support/tofu';

const CLI = path.join(projectRoot, 'dist', 'cli', 'main.js');
const WORKFLOW = path.join(projectRoot, '.github', 'workflows', 'test-cloud.yml');
const CI_CONFIG = path.join(projectRoot, 'config', 'examples', 'test-clouds.yaml');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-test-cloud-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** This process's environment without anything that could point at a real cloud, run or backend. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GITHUB_|TF_|OS_|AWS_|RELEASE_TRAIN_(CONFIG|CLOUDS_YAML|PULP_|ARK_))/.test(key)) env[key] = value;
  }
  // The project-built tofu, given as an operator gives theirs to cdktf.
  const { TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE } = toolchainEnv();
  return { ...env, TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE, TMPDIR: work, ...extra };
}

function testCloud(args: readonly string[], env: NodeJS.ProcessEnv = baseEnv()) {
  return spawnCollected(process.execPath, [CLI, 'test-cloud', ...args], { cwd: projectRoot, env, timeout: 180_000 });
}

const standInState = (stack: string, prefix: string) =>
  path.join(work, 'release-train-test-cloud', 'state', stack, prefix, 'terraform.tfstate');

describe('test-cloud, plan-only (no cloud)', () => {
  test('up, sync, smoke and down of aio under the prefix of this run (GITHUB_RUN_ID)', async () => {
    // GIVEN the environment of GitHub Actions run 4242, attempt 1
    const env = baseEnv({ GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' });
    // WHEN each step runs as the workflow runs it, with --plan-only
    const up = await testCloud(['up', 'aio', '--plan-only'], env);
    // THEN up plans test-aio in the workspace of its prefix, every name and marker carrying it
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('stack test-aio, prefix ci-4242-1-aio');
    expect(up.stdout).toContain('real mode would run: npx cdktf deploy test-aio --auto-approve');
    expect(up.stdout).toContain('tofu validate: valid');
    const planned = /tofu plan: (\d+) to add in workspace ci-4242-1-aio: (.*)/.exec(up.stdout)!;
    expect(Number(planned[1])).toBe(11);
    expect(planned[2].split(', ')).toEqual(
      expect.arrayContaining(['ci-4242-1-aio-ansible-control', 'ci-4242-1-aio-aio-01', 'ci-4242-1-aio-keypair']),
    );
    expect(planned[2].split(', ').every((name) => name.startsWith('ci-4242-1-aio-'))).toBe(true);
    // (2 instances, 2 ports, 2 security groups; an all-in-one environment has no OSD volume)
    expect(up.stdout).toContain('run marker release-train-prefix=ci-4242-1-aio: tags of 6 resource(s), metadata of 0');

    const sync = await testCloud(['sync', 'aio', '--plan-only'], env);
    expect(sync.status).toBe(0);
    expect(sync.stdout).toContain(
      `plan-only: would run: node dist/cli/main.js mirror --config ${path.join(projectRoot, 'config', 'examples', 'release-train.yaml')} --pulp-url https://pulp.site-b.example.net --versions ${path.join(projectRoot, 'config', 'examples', 'pulp-repo-versions.yml')} --ark-content-url https://ark.example.org/pulp/content/`,
    );
    expect(sync.stdout).toContain('3 pin(s)');

    const smoke = await testCloud(['smoke', 'aio', '--plan-only'], env);
    expect(smoke.status).toBe(0);
    expect(smoke.stdout).toContain('test-aio declares the outputs smoke reads: control_host_address, ssh_user');
    expect(smoke.stdout).toMatch(/would run: node dist\/cli\/main\.js kayobe-handoff --outputs \S+ --stack test-aio/);
    expect(smoke.stdout).toContain(
      'would run: node dist/cli/main.js wait-ready --pulp-url https://pulp.site-b.example.net',
    );

    const down = await testCloud(['down', 'aio', '--plan-only'], env);
    expect(down.status).toBe(0);
    expect(down.stdout).toContain('real mode would run: npx cdktf destroy test-aio --auto-approve');
    expect(down.stdout).toContain('tofu plan -destroy: 0 to destroy; the state of workspace ci-4242-1-aio holds 0');
    expect(down.stdout).toContain('workspace ci-4242-1-aio deleted');
    expect(fs.existsSync(path.dirname(standInState('test-aio', 'ci-4242-1-aio')))).toBe(false);
  });

  test('an up that fails (a prefix the stack rejects) is followed by a down that still runs and exits 0', async () => {
    // GIVEN a prefix that ends in "-", which the stack's own variable validation refuses
    const prefix = 'ci-4243-1-aio-';
    // WHEN up runs, then down, as the workflow's `if: always()` runs it
    const up = await testCloud(['up', 'aio', '--plan-only', '--prefix', prefix]);
    const down = await testCloud(['down', 'aio', '--plan-only', '--prefix', prefix]);
    // THEN up fails with tofu's message from the stack's validation, and plans nothing
    expect(up.status).toBe(1);
    expect(up.stderr).toContain('release-train: tofu plan failed:');
    expect(up.stderr).toContain('prefix must be 2-32 lowercase letters, digits or "-", starting with a letter.');
    expect(up.stdout).not.toContain('to add');
    // AND down plans the destruction of the run's (empty) state and succeeds
    expect(down.stderr).toBe('');
    expect(down.status).toBe(0);
    expect(down.stdout).toContain(`tofu plan -destroy: 0 to destroy; the state of workspace ${prefix} holds 0`);
  });

  test("down plans the destruction of what its own run's state holds, and of no other run's", async () => {
    // GIVEN run ci-5001-1-aio's state as if it had been applied (a state made from its own plan)
    const app = synthApp();
    const workspace = new TofuWorkspace(app.stacks.find((s) => s.name === 'test-aio')!);
    try {
      workspace.setVariable('prefix', 'ci-5001-1-aio');
      workspace.init();
      writeAppliedState(workspace);
      const state = standInState('test-aio', 'ci-5001-1-aio');
      fs.mkdirSync(path.dirname(state), { recursive: true });
      fs.copyFileSync(path.resolve(workspace.dir, '../../../terraform.test-aio.tfstate'), state);
    } finally {
      workspace.dispose();
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
    // WHEN another run goes down, then this one
    const other = await testCloud(['down', 'aio', '--plan-only', '--prefix', 'ci-5002-1-aio']);
    const own = await testCloud(['down', 'aio', '--plan-only', '--prefix', 'ci-5001-1-aio']);
    // THEN the other run's state holds nothing; this run's down plans destroying all 11 of its resources
    expect(other.stderr).toBe('');
    expect(other.status).toBe(0);
    expect(other.stdout).toContain('workspace ci-5002-1-aio does not exist: nothing was deployed under this prefix');
    expect(own.stderr).toBe('');
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('tofu plan -destroy: 11 to destroy; the state of workspace ci-5001-1-aio holds 11');
    expect(own.stdout).toContain('workspace ci-5001-1-aio kept: plan-only destroys nothing');
    expect(fs.existsSync(standInState('test-aio', 'ci-5001-1-aio'))).toBe(true);
  });

  test("the workflow's config: an s3 backend, a workspace per run, planned offline", async () => {
    const env = baseEnv({ RELEASE_TRAIN_CONFIG: CI_CONFIG });
    const up = await testCloud(['up', 'multinode', '--plan-only', '--prefix', 'ci-77-2-multinode'], env);
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(
      'per-run state: s3://release-train-state/env:/ci-77-2-multinode/test-clouds/test-multinode.tfstate',
    );
    // 10 instances, 10 ports, 2 security groups, 1 floating IP; 3 OSD volumes by metadata
    expect(up.stdout).toContain('tags of 23 resource(s), metadata of 3 volume(s)');
    const sync = await testCloud(['sync', 'multinode', '--plan-only', '--prefix', 'ci-77-2-multinode'], env);
    expect(sync.stdout).toContain('--pulp-url https://pulp.ci.example.net');
    const down = await testCloud(['down', 'multinode', '--plan-only', '--prefix', 'ci-77-2-multinode'], env);
    expect(down.status).toBe(0);
  });

  test("a seed-only multinode cloud (0 controllers) goes up, with Kayobe's warning first", async () => {
    // GIVEN the workflow's config with terraform-kayobe-multinode's minimal counts
    const config = path.join(work, 'seed-only.yaml');
    fs.copyFileSync(
      path.join(path.dirname(CI_CONFIG), 'pulp-repo-versions.yml'),
      path.join(work, 'pulp-repo-versions.yml'),
    );
    fs.writeFileSync(
      config,
      fs.readFileSync(CI_CONFIG, 'utf8').replace(/(controllers|computes|storage): \{ count: \d+/g, '$1: { count: 0'),
    );
    // WHEN up plans it
    const up = await testCloud(
      ['up', 'multinode', '--plan-only', '--prefix', 'ci-78-1-multinode'],
      baseEnv({ RELEASE_TRAIN_CONFIG: config }),
    );
    // THEN the warning comes first, in the error format, and the plan goes ahead
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toMatch(
      /seed-only\.yaml:\d+:\d+ testEnvironments\[1\]\.controllers\.count: warning: no controllers: Kayobe can deploy the seed/,
    );
    expect(up.stdout).toMatch(/tofu plan: \d+ to add in workspace ci-78-1-multinode: .*ci-78-1-multinode-seed-01/);
    expect(up.stdout).not.toContain('controller-01');
  });

  test('real mode refuses a backend without per-run state, before running anything', async () => {
    const result = await testCloud(['up', 'aio', '--prefix', 'ci-1-1-aio']);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /release-train\.yaml:\d+:\d+ backend: the local backend keeps the state on the runner/,
    );
    expect(result.stdout).not.toContain('$ ');
  });

  test.each([
    [[], 'unknown command "" (expected one of: up, sync, smoke, down, sweep)'],
    [['deploy', 'aio'], 'unknown command "deploy"'],
    [['up'], 'up needs an environment: release-train test-cloud up <env>'],
    [['up', 'nowhere', '--plan-only', '--prefix', 'x1'], 'unknown environment "nowhere"'],
    [['up', 'aio', '--plan-only', '--bogus'], 'unknown argument "--bogus"'],
    [['up', 'aio', '--plan-only'], 'no prefix: pass --prefix PREFIX, or run in GitHub Actions (GITHUB_RUN_ID)'],
    [['sweep', '--repository', 'a/b', '--max-age-hours', 'soon'], '--max-age-hours must be a whole number'],
    [['sweep'], 'no repository: pass --repository OWNER/REPO or set GITHUB_REPOSITORY'],
  ])('fails on bad arguments %j: exit 64 and a clear message', async (args, message) => {
    const result = await testCloud(args);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain(`release-train: ${message}`);
    expect(result.stdout).toBe('');
  });
});

describe('smoke: SSH reachability of the control host', () => {
  async function serve(greeting: string): Promise<{ port: number; close: () => Promise<void> }> {
    const server = net.createServer((socket) => socket.end(greeting));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as net.AddressInfo).port,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  test("an SSH server's banner passes", async () => {
    const ssh = await serve('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    try {
      await expect(sshBanner('127.0.0.1', ssh.port)).resolves.toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2');
    } finally {
      await ssh.close();
    }
  });

  test('fails for something that is not SSH, and for nothing listening (after the wait, here none)', async () => {
    const http = await serve('HTTP/1.1 400 Bad Request\r\n\r\n');
    try {
      await expect(sshBanner('127.0.0.1', http.port)).rejects.toThrow(/not SSH \(got "HTTP\/1\.1 400 Bad Request"\)/);
    } finally {
      await http.close();
    }
    // A port that was just closed: connection refused, and no time left to wait for it.
    await expect(waitForSsh('127.0.0.1', http.port, 0)).rejects.toThrow(
      /smoke: 127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );
  });
});

describe('the workflow (.github/workflows/test-cloud.yml)', () => {
  const actionlint = toolchainLayout().actionlint.binary;
  const run = (file: string) => spawnSync(actionlint, ['-no-color', file], { encoding: 'utf8', timeout: 60_000 });

  test('actionlint, built from its Go module, passes it', () => {
    const result = run(WORKFLOW);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  test('actionlint fails a copy with one mistake: the control', () => {
    // GIVEN the workflow with a typo in a matrix property, as a person might make it
    const dir = fs.mkdtempSync(path.join(work, 'workflow-'));
    const broken = path.join(dir, 'test-cloud.yml');
    const text = fs.readFileSync(WORKFLOW, 'utf8');
    fs.writeFileSync(broken, text.replace('down ${{ matrix.env }}', 'down ${{ matrix.environment }}'));
    expect(fs.readFileSync(broken, 'utf8')).not.toBe(text);
    // THEN actionlint refuses it, naming the property
    const result = run(broken);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('property "environment" is not defined');
  });

  test('every step after checkout, Node, OpenTofu and npm ci only calls npm run test-cloud', () => {
    const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8'));
    const runs = (job: string) =>
      workflow.jobs[job].steps.filter((s: any) => s.run).map((s: any) => ({ run: s.run.trim(), if: s.if }));
    const testRuns = runs('test-cloud');
    expect(testRuns.map((s: any) => s.run)).toEqual([
      'npm ci',
      'npm run test-cloud -- up ${{ matrix.env }}',
      'npm run test-cloud -- sync ${{ matrix.env }}',
      'npm run test-cloud -- smoke ${{ matrix.env }}',
      'npm run test-cloud -- down ${{ matrix.env }}',
    ]);
    expect(testRuns[4].if).toBe('always()');
    expect(runs('sweep').map((s: any) => s.run)).toEqual(['npm ci', 'npm run test-cloud -- sweep --max-age-hours 12']);
    expect(workflow.jobs['test-cloud'].concurrency.group).toContain('${{ matrix.env }}');
    expect(workflow.on.schedule.length).toBeGreaterThan(0);
    // The OpenTofu that deploys is the one the tests plan with.
    const setup = workflow.jobs['test-cloud'].steps.find((s: any) => /setup-opentofu/.test(s.uses ?? ''));
    expect(setup.with.tofu_version).toBe(readVersions().opentofu.version);
    // The matrix is the config's environments, and the config keeps a state per run.
    const config = loadConfig(path.join(projectRoot, workflow.env.RELEASE_TRAIN_CONFIG));
    expect(workflow.jobs['test-cloud'].strategy.matrix.env).toEqual(config.testEnvironments.map((e) => e.name));
    expect(perRunState(config.backend, 'test-aio', 'ci-1-1-aio')).toHaveProperty('where');
  });
});
