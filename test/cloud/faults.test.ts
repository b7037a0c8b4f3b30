// Faults and bad input on the test bed's OpenStack, through `release-train deploy` (the built CLI, as an
// operator runs it after `cdktf synth`): each error one line naming the stack, the construct and the
// Terraform address, exit non-zero, no secret printed; tofu killed (SIGKILL) mid-apply, then the next
// deploys converge to exactly the stack's resources on the real APIs.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { EXIT } from '../../cli/exit-codes';
import { adminClient, CLOUD_MEMBER, memberClient, readOpenStackState } from '../../testbed/openstack/harness';
import { IMAGE_NAME } from '../../testbed/openstack/catalogue';
import { added, CloudStack, inventory } from '../support/cloud';
import {
  deleteReported,
  deploy,
  descendants,
  errorLines,
  presentIds,
  rootOf,
  sawOutput,
  serversInStateFile,
  startDeploy,
  sweepTestServers,
  until,
} from '../support/deploy-cli';
import { arkSingle } from './configs';

jest.setTimeout(1_200_000);

const NEXT_IMAGE = `${IMAGE_NAME}-faults-next`;
/** `file:line:col <construct path> (<address>): <message>`, the file being the stack's cdk.tf.json. */
const LINE_START = String.raw`^cdktf\.out/stacks/ark/cdk\.tf\.json:\d+:\d+ `;

const times: string[] = [];
afterAll(() => console.log(`faults on the test bed: ${times.join(', ')}`));

test('bad input found at plan: a missing flavor, a missing image, a wrong password; one line each, nothing made', async () => {
  const before = await inventory();
  const clouds = readOpenStackState()!.cloudsYaml;
  const parsed = parse(fs.readFileSync(clouds, 'utf8'));
  const realPassword: string = parsed.clouds[CLOUD_MEMBER].auth.password;
  const wrongPassword = `wrong-${Date.now()}-secret`;
  parsed.clouds[CLOUD_MEMBER].auth.password = wrongPassword;
  const badClouds = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-faults-')), 'clouds.yaml');
  fs.writeFileSync(badClouds, stringify(parsed), { mode: 0o600 });
  const cases = [
    {
      name: 'missing flavor',
      config: arkSingle({ flavorName: 'general.v1.nope' }),
      clouds,
      code: EXIT.deployFailed,
      line: String.raw`ark/FlavorLookup \(data\.openstack_compute_flavor_v2\.FlavorLookup\): no flavor named "general\.v1\.nope" in cloud "testbed" \(the lookup by name found none\)$`,
    },
    {
      name: 'missing image',
      config: arkSingle({ imageName: 'no-such-image' }),
      clouds,
      code: EXIT.deployFailed,
      line: String.raw`ark/ImageLookup \(data\.openstack_images_image_v2\.ImageLookup\): no image named "no-such-image" in cloud "testbed" \(the lookup by name found none\)$`,
    },
    {
      name: 'wrong password',
      config: arkSingle(),
      clouds: badClouds,
      code: EXIT.auth,
      line: String.raw`ark/\w+ \(data\.[\w.]+\): Keystone refused the credentials of cloud "testbed" in clouds\.yaml \(HTTP 401: The request you have made requires authentication\.\) \(also data\.[\w.]+, data\.[\w.]+\)$`,
    },
  ];
  try {
    for (const c of cases) {
      const stack = CloudStack.synth(c.config, 'ark');
      try {
        const result = await deploy(stack, [], c.clouds);
        times.push(`${c.name} ${result.seconds.toFixed(1)} s`);
        expect({ case: c.name, status: result.status }).toEqual({ case: c.name, status: c.code });
        expect(errorLines(result.stderr)).toEqual([expect.stringMatching(new RegExp(LINE_START + c.line))]);
        for (const secret of [realPassword, wrongPassword]) expect(result.stdout + result.stderr).not.toContain(secret);
      } finally {
        stack.dispose();
      }
    }
  } finally {
    fs.rmSync(path.dirname(badClouds), { recursive: true, force: true });
  }
  expect(added(before, await inventory())).toEqual({});
});

test('a quota exceeded at apply: one line naming ark/Pulp/Server, its address and Nova refusal', async () => {
  const before = await inventory();
  const admin = await adminClient();
  const member = await memberClient();
  const quota = (await admin.call('compute', 'GET', `/os-quota-sets/${member.projectId}`)).quota_set.instances;
  const inUse = (await member.list('compute', '/servers/detail', 'servers')).length;
  const stack = CloudStack.synth(arkSingle(), 'ark');
  try {
    // GIVEN an instance quota the project has used up
    await admin.call('compute', 'PUT', `/os-quota-sets/${member.projectId}`, { quota_set: { instances: inUse } });
    const result = await deploy(stack);
    times.push(`quota ${result.seconds.toFixed(1)} s`);
    // THEN Nova's API refuses the create (403), or its conductor's recheck puts the server in ERROR, whose
    // fault the line gives: either way one line
    expect(result.status).toBe(EXIT.deployFailed);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          LINE_START +
            String.raw`ark/Pulp/Server \(openstack_compute_instance_v2\.Pulp_Server_\w+\): (Error creating OpenStack server: HTTP 403 from POST /v2\.1/servers: Quota exceeded for instances: Requested 1, but already used \d+ of \d+ instances|server [\w-]+ went to ERROR: Quota exceeded for instances.*)$`,
        ),
      ),
    ]);
  } finally {
    await admin.call('compute', 'PUT', `/os-quota-sets/${member.projectId}`, { quota_set: { instances: quota } });
    await stack.destroyAll();
    stack.dispose();
  }
  expect(added(before, await inventory())).toEqual({});
});

/** Starts a deploy and kills its tofu (SIGKILL) once Nova has a server named `name` holding a port. */
async function deployKilledOnServerCreate(stack: CloudStack, name: string, whileRunning?: () => Promise<void>) {
  const member = await memberClient();
  const running = startDeploy(stack);
  const listening = sawOutput(running.child, /: Creating\.\.\./);
  const known = new Set((await member.list('compute', '/servers/detail', 'servers')).map((s) => s.id));
  await listening;
  await whileRunning?.();
  const server = await until(`a new server ${name} on a port`, async () => {
    const [created] = (await member.list('compute', '/servers/detail', 'servers')).filter(
      (s) => s.name === name && !known.has(s.id),
    );
    if (!created) return undefined;
    const ports = await member.list('network', `/ports?device_id=${created.id}`, 'ports');
    return ports.length > 0 ? created : undefined;
  });
  const tofu = descendants(running.child.pid!).filter((p) => p.comm === 'tofu');
  expect(tofu).toHaveLength(1);
  process.kill(tofu[0].pid, 'SIGKILL');
  const killed = await running.result;
  expect(killed.status).toBe(EXIT.deployFailed);
  expect(errorLines(killed.stderr)).toEqual([
    expect.stringMatching(new RegExp(LINE_START + String.raw`ark: tofu apply was ended by SIGKILL$`)),
  ]);
  return server as { id: string };
}

/**
 * A deploy that applied: exit 0, or exit 10 naming only leftovers that were there before the test (a shared
 * test bed may hold another run's resources under the same names; a fresh one holds none).
 */
function expectApplied(result: { status: number | null; stderr: string; stdout: string }, keep: ReadonlySet<string>) {
  const reported = errorLines(result.stderr).map((line) => / ([\w-]+) is named "/.exec(line)?.[1] ?? line);
  expect({ status: result.status, others: reported.filter((id) => !keep.has(id)) }).toEqual({
    status: reported.length > 0 ? EXIT.orphans : 0,
    others: [],
  });
  expect(result.stdout).toMatch(/^ark: deployed/m);
}

test('tofu killed (SIGKILL) in a first apply: the lock meanwhile, then a deploy that converges and names what the killed one made', async () => {
  const before = await inventory();
  const keep = await presentIds();
  const member = await memberClient();
  const stack = CloudStack.synth(arkSingle(), 'ark');
  const root = rootOf(stack);
  const started = Date.now();
  try {
    // GIVEN a deploy running; a second deploy of the same stack meanwhile is refused with one line
    let second: Awaited<ReturnType<typeof deploy>> | undefined;
    const orphan = await deployKilledOnServerCreate(stack, 'rt-ark', async () => {
      second = await deploy(stack);
    });
    expect(second!.status).toBe(EXIT.stateLocked);
    expect(errorLines(second!.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          LINE_START +
            String.raw`ark: the state is locked by a tofu that is still running \(lock ID [\w-]+, OperationTypeApply by \S+ since [^)]+\): wait for it to end, or stop it; the local lock ends with its process$`,
        ),
      ),
    ]);
    // WHEN the tofu was killed within its first 20 s (OpenTofu writes the local state every 20 s): the state
    // on disk holds nothing; the killed tofu's lock info file stays, and blocks nothing (below)
    expect(serversInStateFile(root)).toEqual([]);
    expect(fs.existsSync(path.join(root, '.terraform.ark.tfstate.lock.info'))).toBe(true);

    // WHEN deployed again: it applies the whole stack anew, and names, one line each, what has the names of
    // the stack's resources and no state: the killed apply's server among them
    const again = await deploy(stack);
    expect(again.status).toBe(EXIT.orphans);
    expect(again.stdout).toMatch(/^ark: deployed; \d+ resource\(s\) of an interrupted apply found$/m);
    const lines = errorLines(again.stderr);
    for (const line of lines)
      expect(line).toMatch(
        new RegExp(
          LINE_START +
            String.raw`ark/[\w/]+ \(openstack_\w+\.\w+\): [a-z ]+ [\w-]+ is named "[^"]+" like this resource but is in no state: an interrupted apply may have left it; once sure it is no other stack's, delete it \(openstack [a-z ]+ delete [\w-]+\)$`,
        ),
      );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          String.raw` ark/Pulp/Server \(openstack_compute_instance_v2\.Pulp_Server_\w+\): server ${orphan.id} is named "rt-ark"`,
        ),
      ),
    );
    // THEN what it names, beyond what was there before this test, is exactly what the killed apply made:
    // everything this test added that the state does not hold (the orphan's boot volume has no name: it
    // goes with the server)
    const resources = await stack.stateResources();
    const stateIds = new Set(resources.map((r) => r.values.id));
    const stateServer = resources.find((r) => r.type === 'openstack_compute_instance_v2').values.id;
    const deleted = await deleteReported(lines, keep);
    const made = added(before, await inventory());
    expect(made.servers).toEqual([`rt-ark ${stateServer}`]);
    for (const kind of ['networks', 'subnets', 'routers', 'securityGroups', 'floatingIps'])
      for (const item of made[kind] ?? []) {
        const id = item.split(' ').pop()!;
        expect({ kind, id, inState: stateIds.has(id) }).toEqual({ kind, id, inState: true });
      }
    expect(deleted.length).toBeGreaterThanOrEqual(5);
    // AND a deploy now finds nothing left and nothing to do
    expectApplied(await deploy(stack), keep);
    expect((await stack.planExitCode()).code).toBe(0);
    times.push(`SIGKILL in a first apply, then converge ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stack.destroyAll();
    stack.dispose();
    await sweepTestServers(member, before);
  }
  expect(added(before, await inventory())).toEqual({});
});

test('tofu killed (SIGKILL) while it replaces the server: the next deploy names the server on the port; --delete-orphans converges', async () => {
  const before = await inventory();
  const member = await memberClient();
  const admin = await adminClient();
  const image = await admin.call('image', 'POST', '/v2/images', {
    name: NEXT_IMAGE,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
  });
  await admin.call('image', 'PUT', `/v2/images/${image.id}/file`, new Uint8Array(randomBytes(4096)));
  const keep = await presentIds();
  const stack = CloudStack.synth(arkSingle(), 'ark');
  const root = rootOf(stack);
  try {
    // GIVEN ark applied, then a new boot image: the server is replaced on the same port
    expectApplied(await deploy(stack), keep);
    stack.resynth(arkSingle({ imageName: NEXT_IMAGE }));
    const started = Date.now();
    // WHEN the tofu is killed once Nova has the new server on the stack's port
    const orphan = await deployKilledOnServerCreate(stack, 'rt-ark');
    expect(serversInStateFile(root)).not.toContain(orphan.id);
    // THEN the next deploy fails on Nova's refusal of a server on that port, and names the one holding it
    const again = await deploy(stack);
    expect(again.status).toBe(EXIT.orphans);
    expect(errorLines(again.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          LINE_START +
            String.raw`ark/Pulp/Server \(openstack_compute_instance_v2\.Pulp_Server_\w+\): Error creating OpenStack server: HTTP 409 from POST /v2\.1/servers: Port [\w-]+ is still in use\.$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          LINE_START +
            String.raw`ark/Pulp/Server/Port \(openstack_networking_port_v2\.Pulp_Server_Port_\w+\): server rt-ark \(${orphan.id}\) holds port [\w-]+ but is in no state: an interrupted apply left it; delete it \(openstack server delete ${orphan.id}\) or deploy again with --delete-orphans$`,
        ),
      ),
    ]);
    // WHEN deployed with --delete-orphans: the orphan goes, the apply runs again and converges
    const converged = await deploy(stack, ['--delete-orphans']);
    expectApplied(converged, keep);
    expect(converged.stdout).toContain(`server rt-ark (${orphan.id}) holds port`);
    const stateServer = (await stack.stateResources()).find((r) => r.type === 'openstack_compute_instance_v2').values
      .id;
    const servers = (await member.list('compute', '/servers/detail', 'servers')).filter((s) => s.name === 'rt-ark');
    expect(servers.map((s) => s.id)).toEqual([stateServer]);
    expect((await stack.planExitCode()).code).toBe(0);
    times.push(`SIGKILL in a replace, then converge ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stack.destroyAll();
    stack.dispose();
    await sweepTestServers(member, before);
    await admin.call('image', 'DELETE', `/v2/images/${image.id}`);
  }
  expect(added(before, await inventory())).toEqual({});
});
