// A Pulp task worker killed (SIGKILL, with the task's own process) while it runs a sync: the upstream
// stalls one package so that the sync is caught mid-download. The CLI sees that no online worker holds the
// task any more (after the worker TTL) and reports it (exit 6); a rerun queues a new sync, which Pulp runs
// once its worker clean-up has failed the abandoned task, and converges.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addWorker } from '../../testbed/pulp/harness';
import { RpmFixtureRepository } from '../../testbed/fixtures/rpm-repository';
import { cliEnv, runCliAsync } from '../support/cli';
import { FixtureServer } from '../../testbed/servers/fixture-server';
import { pulpClient, pulpInstance } from '../support/pulp';

const instance = pulpInstance('ark');
const pulp = pulpClient('ark');
const prefix = `fault${Date.now() % 100000}`;
const fixture = new RpmFixtureRepository('rt-fixture-stalled');
const server = new FixtureServer(fixture.dir);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-worker-fault-'));
const configFile = path.join(work, 'content.yaml');
const stalled = '/rt-fixture-stalled-1.0-1.noarch.rpm';

beforeAll(async () => {
  fixture.addPackage('1.0');
  const upstream = await server.start();
  fs.writeFileSync(
    configFile,
    `content:
  rpm:
    - name: ${prefix} stalled fixture
      url: ${upstream}/
      syncGroup: fault
      publish: false
`,
  );
});

let unreplacedWorker = false;

afterAll(async () => {
  // Later test files expect both workers, whatever happened here.
  if (unreplacedWorker) await addWorker('ark');
  await server.stop();
  fixture.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliAsync([...args, '--config', configFile], cliEnv(instance));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a worker killed mid-sync: exit 6 naming the lost worker; a rerun syncs', async () => {
  expect((await cli(['reconcile'])).status).toBe(0);
  server.stall(stalled);
  const sync = cli(['sync']);
  await until('the worker to ask for the stalled package', async () =>
    server.requests.includes(stalled) ? true : undefined,
  );
  const [repository] = await pulp.list<{ pulp_href: string }>('repositories/rpm/rpm/', {
    name: `${prefix} stalled fixture`,
  });
  const [task] = await pulp.list<{ pulp_href: string }>('tasks/', {
    reserved_resources: repository.pulp_href,
    state: 'running',
  });
  // Tasks no longer name their worker (`worker` is always null from pulpcore 3.8x); workers name their task.
  const worker = await until('the worker running the sync', async () =>
    (await pulp.list<{ name: string; current_task: string | null }>('workers/', { online: true })).find(
      (w) => w.current_task === task.pulp_href,
    ),
  );
  const pid = Number(worker.name.split('@')[0]);
  process.kill(-pid, 'SIGKILL'); // the worker's process group: the worker and the task it forked
  unreplacedWorker = true;
  server.release(stalled);

  const failed = await sync;
  expect(failed.status).toBe(6);
  // Whichever sees it first: the CLI (no online worker holds the task after the worker TTL) or Pulp's own
  // worker clean-up (which marks it failed) - both name the task and the repository.
  expect(failed.stderr.trim()).toMatch(
    new RegExp(
      `^release-train: task \\S+ \\(rpm repository "${prefix} stalled fixture"\\) (abandoned: no online Pulp worker is running it \\(its worker stopped|failed: Worker has gone missing\\.)`,
    ),
  );

  await addWorker('ark');
  unreplacedWorker = false;
  const rerun = await cli(['sync']);
  const [abandoned] = await pulp.list<{ state: string; error: { reason?: string; description?: string } }>('tasks/', {
    reserved_resources: repository.pulp_href,
    state: 'failed',
  });
  expect(JSON.stringify(abandoned.error)).toContain('Worker has gone missing');
  expect(rerun.stderr).toBe('');
  expect(rerun.status).toBe(0);
  expect(rerun.stdout).toContain(`rpm repository "${prefix} stalled fixture": new repository version`);
  const [pkg] = await pulp.list('content/rpm/packages/', { name: 'rt-fixture-stalled' });
  expect(pkg).toBeDefined();
}, 360_000);
