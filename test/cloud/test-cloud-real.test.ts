// `npm run test-cloud -- up|sync|down aio` in real mode, as the workflow runs it: `cdktf synth`, the run's
// workspace made in a `pg` backend (a PostgreSQL cluster of this test's own, testbed/scratch-postgres.ts), then
// `cdktf deploy`/`destroy` with the project-built tofu against the test bed's OpenStack, tasks off
// (RELEASE_TRAIN_TASKS=off: no Pulp answers on a server of the fake hypervisor). What is left is read from the
// real APIs and from the backend's own table, not from the command's output.
// Not run here: `smoke` waits for an SSH banner from the control host's floating IP, and no guest runs on the
// fake hypervisor (the address is TEST-NET-3, routed nowhere); its SSH check runs against loopback servers
// (test/plan/test-cloud.test.ts), its hand-off on planned outputs (test/cloud/kayobe-config-inventory.test.ts).
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_ATTEMPTS } from '../../cli/test-cloud/transient';
import { projectRoot, toolchainEnv } from '../../scripts/toolchain';
import { TestbedClient } from '../../testbed/openstack/client';
import { adminClient, memberClient, readOpenStackState } from '../../testbed/openstack/harness';
import { ScratchPostgres } from '../../testbed/scratch-postgres';
import { added, inventory } from '../support/cloud';
import { spawnStarted } from '../support/spawn';
import { testEnvironments } from './configs';

jest.setTimeout(1_500_000);

const SCHEMA = 'rt_ci_test_aio';
const stamp = String(Date.now() % 1_000_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-test-cloud-real-'));
let postgres: ScratchPostgres;
let admin: TestbedClient;
let member: TestbedClient;

beforeAll(async () => {
  postgres = await ScratchPostgres.start('release_train_state');
  admin = await adminClient();
  member = await memberClient();
});
afterAll(() => {
  postgres?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The config: the cloud tier's test environments, their state in the pg backend. */
function configFile(edit: (text: string) => string = (t) => t): string {
  const file = path.join(work, `release-train-${Date.now()}.yaml`);
  fs.writeFileSync(file, `backend:\n  pg: { schemaPrefix: rt_ci }\n${edit(testEnvironments('rt-tc'))}`);
  return file;
}

/** This process's environment without anything pointing at another cloud, run or backend; then the test bed's. */
function env(config: string): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GITHUB_|TF_|OS_|AWS_|PG_|RELEASE_TRAIN_)/.test(key)) kept[key] = value;
  }
  const { TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE } = toolchainEnv();
  return {
    ...kept,
    TERRAFORM_BINARY_NAME,
    TF_CLI_CONFIG_FILE,
    TMPDIR: work,
    CHECKPOINT_DISABLE: '1',
    // As on GitHub Actions: cdktf prints plain lines, no spinner.
    CI: '1',
    RELEASE_TRAIN_CONFIG: config,
    RELEASE_TRAIN_TASKS: 'off',
    OS_CLIENT_CONFIG_FILE: readOpenStackState()!.cloudsYaml,
    PG_CONN_STR: postgres.connStr,
  };
}

function testCloud(args: readonly string[], config: string, onStdout?: (text: string, child: ChildProcess) => void) {
  const started = Date.now();
  const { child, result } = spawnStarted(
    process.execPath,
    [path.join(projectRoot, 'dist', 'cli', 'main.js'), 'test-cloud', ...args],
    {
      cwd: projectRoot,
      env: env(config),
      timeout: 1_200_000,
    },
  );
  let seen = '';
  child.stdout!.on('data', (chunk) => {
    seen += String(chunk);
    onStdout?.(seen, child);
  });
  return result.then((r) => ({ ...r, seconds: (Date.now() - started) / 1000 }));
}

/** The run's servers, as Nova lists them by the run-marker tag. */
async function serversOf(prefix: string): Promise<any[]> {
  return member.list(
    'compute',
    `/servers/detail?tags=${encodeURIComponent(`release-train-prefix=${prefix}`)}`,
    'servers',
  );
}

/** The workspaces the pg backend holds for test-aio (its `states` table: one row per workspace). */
function workspaces(): string[] {
  const exists = postgres.query(`select 1 from information_schema.tables where table_schema = '${SCHEMA}'`);
  return exists.length ? postgres.query(`select name from ${SCHEMA}.states order by name`) : [];
}

const PLACEMENT = { 'OpenStack-API-Version': 'placement 1.6' };
const TRAIT = 'CUSTOM_RT_CI_RETRY';

/** Adds (or removes) the trait on every resource provider of the test bed (its one compute node). */
async function setTrait(present: boolean): Promise<void> {
  for (const rp of await admin.list('placement', '/resource_providers', 'resource_providers')) {
    const current = await admin.call('placement', 'GET', `/resource_providers/${rp.uuid}/traits`, undefined, PLACEMENT);
    const traits = (current.traits as string[]).filter((t) => t !== TRAIT).concat(present ? [TRAIT] : []);
    await admin.call(
      'placement',
      'PUT',
      `/resource_providers/${rp.uuid}/traits`,
      { traits, resource_provider_generation: current.resource_provider_generation },
      PLACEMENT,
    );
  }
}

test('a full up/sync/down cycle; a real "No valid host" on the first try is retried, reported, and the second try succeeds', async () => {
  // GIVEN a flavor that needs a trait no compute node has yet: Nova's scheduler finds no valid host for it,
  // as on a full CI cloud; the trait is added once up reports its first retry (capacity came back)
  const prefix = `ci-3${stamp}-1-aio`;
  const before = await inventory();
  const flavorName = `rt-ci-needs-trait-${stamp}`;
  await admin.call('placement', 'PUT', `/traits/${TRAIT}`, undefined, PLACEMENT);
  await setTrait(false);
  const flavor = (
    await admin.call('compute', 'POST', '/flavors', {
      flavor: { name: flavorName, vcpus: 1, ram: 1024, disk: 10, 'os-flavor-access:is_public': true },
    })
  ).flavor;
  await admin.call('compute', 'POST', `/flavors/${flavor.id}/os-extra_specs`, {
    extra_specs: { [`trait:${TRAIT}`]: 'required' },
  });
  const config = configFile((t) =>
    t.replace('aio: { flavorName: general.v1.large', `aio: { flavorName: ${flavorName}`),
  );
  const times: string[] = [];
  try {
    let traitAdded: Promise<void> | undefined;
    const up = await testCloud(['up', 'aio', '--prefix', prefix], config, (seen) => {
      if (!traitAdded && seen.includes('failed on a transient error')) traitAdded = setTrait(true);
    });
    await traitAdded;
    times.push(`up ${up.seconds.toFixed(0)} s`);
    // THEN up retried once, saying why, and succeeded
    expect(up.stdout).toContain(`per-run state: workspace ${prefix} in schema ${SCHEMA}`);
    const retries = up.stdout.match(/test-cloud up: attempt \d of \d failed on a transient error \([^)]*\)/g);
    expect(retries).toEqual([
      `test-cloud up: attempt 1 of ${MAX_ATTEMPTS} failed on a transient error (Nova: No valid host was found)`,
    ]);
    expect(up.stdout).toMatch(/server [\w-]+ is in ERROR: No valid host was found/);
    // (cdktf's own line of the failed first attempt is on stderr; nothing of release-train's)
    expect({ status: up.status, failed: up.stderr.includes('release-train:') }).toEqual({ status: 0, failed: false });
    // AND Nova has the run's two servers, ACTIVE; the backend holds the run's workspace
    const servers = await serversOf(prefix);
    expect(servers.map((s) => [s.name, s.status]).sort()).toEqual([
      [`${prefix}-aio-01`, 'ACTIVE'],
      [`${prefix}-ansible-control`, 'ACTIVE'],
    ]);
    expect(workspaces()).toContain(prefix);
    // sync: the environment names no test Pulp (none could run on the fake hypervisor)
    const sync = await testCloud(['sync', 'aio', '--prefix', prefix], config);
    expect(sync.status).toBe(0);
    expect(sync.stdout).toContain('the environment names no pulpMirror: nothing to sync');
  } finally {
    const down = await testCloud(['down', 'aio', '--prefix', prefix], config);
    times.push(`down ${down.seconds.toFixed(0)} s`);
    await setTrait(false);
    await admin.call('compute', 'DELETE', `/flavors/${flavor.id}`);
    expect({ status: down.status, stderr: down.stderr.slice(-3000) }).toEqual({ status: 0, stderr: '' });
    expect(down.stdout).toContain(`workspace ${prefix} deleted`);
  }
  // THEN nothing of the run is left: not in the real APIs, not in the backend
  expect(await serversOf(prefix)).toEqual([]);
  expect(added(before, await inventory())).toEqual({});
  expect(workspaces()).not.toContain(prefix);
  console.log(`test-cloud real mode, full cycle with one retry: ${times.join(', ')}`);
});

test('an up that fails part-way (a quota that admits one instance of two) is not retried, and down removes everything', async () => {
  const prefix = `ci-4${stamp}-1-aio`;
  const before = await inventory();
  const projectId = member.projectId;
  const quota = (await admin.call('compute', 'GET', `/os-quota-sets/${projectId}`)).quota_set.instances;
  const inUse = (await member.list('compute', '/servers/detail', 'servers')).length;
  const config = configFile();
  const times: string[] = [];
  // GIVEN a project quota that admits one more instance: test-aio has two
  await admin.call('compute', 'PUT', `/os-quota-sets/${projectId}`, { quota_set: { instances: inUse + 1 } });
  try {
    const up = await testCloud(['up', 'aio', '--prefix', prefix], config);
    times.push(`failed up ${up.seconds.toFixed(0)} s`);
    // THEN up fails on Nova's quota, which is no transient error: one attempt
    expect(up.status).toBe(1);
    expect(up.stderr).toContain('not retried: the error is not one known to be transient');
    expect(up.stdout).not.toContain('failed on a transient error');
    expect((up.stdout.match(/\$ TF_WORKSPACE=\S+ TF_VAR_prefix=\S+ npx cdktf deploy/g) ?? []).length).toBe(1);
    // AND it left part of the environment behind, in the run's state: one server up, the other refused by
    // Nova's quota. Nova refuses in one of two places, depending on how the two creates interleave: its API
    // (403 on the create, no server) when the first instance is already counted, or its conductor's recheck
    // (a server in ERROR, whose fault up prints) when both passed the API check together. Both are real.
    const statuses = (await serversOf(prefix)).map((s) => s.status).sort();
    if (statuses.length === 2) {
      expect(statuses).toEqual(['ACTIVE', 'ERROR']);
      expect(up.stdout).toMatch(/server [\w-]+ is in ERROR: Quota exceeded for instances/);
    } else {
      expect(statuses).toEqual(['ACTIVE']);
      expect(up.stdout + up.stderr).toMatch(/Quota exceeded for instances/);
    }
    expect(workspaces()).toContain(prefix);
  } catch (error) {
    // a failed check must not leave the run's servers on the shared test bed
    await testCloud(['down', 'aio', '--prefix', prefix], config);
    throw error;
  } finally {
    await admin.call('compute', 'PUT', `/os-quota-sets/${projectId}`, { quota_set: { instances: quota } });
  }
  // WHEN down runs (the workflow's `if: always()`)
  const down = await testCloud(['down', 'aio', '--prefix', prefix], config);
  times.push(`down ${down.seconds.toFixed(0)} s`);
  expect({ status: down.status, stderr: down.stderr.slice(-3000) }).toEqual({ status: 0, stderr: '' });
  // THEN the real APIs list nothing of the run, and the backend no longer has its workspace
  expect(await serversOf(prefix)).toEqual([]);
  expect(added(before, await inventory())).toEqual({});
  expect(workspaces()).not.toContain(prefix);
  console.log(`test-cloud real mode, partial up then down: ${times.join(', ')}`);
});
