// `release-train test-cloud sweep` against the test bed's real Keystone, Nova, Neutron and Cinder. Two CI runs
// leave marked resources the way a test-cloud stack makes them (tags, volume metadata, the key pair's name):
// one run GitHub says is completed, one still in progress (FakeGitHubApi: GitHub cannot run here). Beside
// them, resources no run may lose: unmarked ones, one whose name has a run's prefix but no marker, and a
// person's own prefix. After the sweep, what the real APIs list is the verdict, not what the sweep printed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { OpenStackApi } from '../../cli/test-cloud/openstack-api';
import { projectRoot } from '../../scripts/toolchain';
import { EXTERNAL_NETWORK, IMAGE_NAME, PROJECT_NETWORK } from '../../testbed/openstack/catalogue';
import { TestbedClient } from '../../testbed/openstack/client';
import { CLOUD_MEMBER, memberClient, readOpenStackState } from '../../testbed/openstack/harness';
import { FakeGitHubApi } from '../../testbed/fakes/fake-github-api';
import { waitGone } from '../support/cloud';
import { spawnCollected } from '../support/spawn';
import { testEnvironments } from './configs';

jest.setTimeout(900_000);

const REPO = 'stackhpc/release-train';
const TOKEN = 'ghs_canary0sweep0token0never0printed';
// Run ids of this test run (no two test runs share them, so a leftover of an earlier one is not taken for ours).
const stamp = String(Date.now() % 1_000_000_000);
const GONE = { runId: `1${stamp}`, prefix: `ci-1${stamp}-1-aio` };
const LIVE = { runId: `2${stamp}`, prefix: `ci-2${stamp}-1-aio` };
const PERSON = 'rt-sweep-aio';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq sweep';
const marker = (prefix: string) => ['release-train-ci', 'release-train-env=aio', `release-train-prefix=${prefix}`];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cloud-sweep-'));
let member: TestbedClient;
let github: FakeGitHubApi;
/** Everything this test made, by kind: ids (names for key pairs), for the checks and the cleanup. */
const made: Record<'servers' | 'ports' | 'groups' | 'floatingIps' | 'volumes' | 'keypairs', Map<string, string>> = {
  servers: new Map(),
  ports: new Map(),
  groups: new Map(),
  floatingIps: new Map(),
  volumes: new Map(),
  keypairs: new Map(),
};

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function tag(resource: 'ports' | 'security-groups' | 'floatingips', id: string, tags: readonly string[]) {
  await member.call('network', 'PUT', `/${resource}/${id}/tags`, { tags });
}

async function group(name: string, tags: readonly string[] = []): Promise<string> {
  const id = (await member.call('network', 'POST', '/security-groups', { security_group: { name } })).security_group.id;
  if (tags.length) await tag('security-groups', id, tags);
  made.groups.set(name, id);
  return id;
}

async function keypair(name: string): Promise<void> {
  await member.call('compute', 'POST', '/os-keypairs', { keypair: { name, public_key: SSH_KEY } });
  made.keypairs.set(name, name);
}

async function volume(name: string, metadata: Record<string, string> = {}): Promise<string> {
  const id = (await member.call('volumev3', 'POST', '/volumes', { volume: { name, size: 1, metadata } })).volume.id;
  made.volumes.set(name, id);
  await until(`volume ${name} available`, async () => {
    const status = (await member.call('volumev3', 'GET', `/volumes/${id}`)).volume.status;
    if (status === 'error') throw new Error(`volume ${name}: error`);
    return status === 'available';
  });
  return id;
}

/** A server on its own port (as the stacks make them), with the port's security group; ACTIVE on return. */
async function server(name: string, tags: readonly string[], groupId: string): Promise<{ id: string; port: string }> {
  const [network] = await member.list('network', `/networks?name=${PROJECT_NETWORK}`, 'networks');
  const port = (
    await member.call('network', 'POST', '/ports', {
      port: { name: `${name}-port`, network_id: network.id, security_groups: [groupId] },
    })
  ).port.id;
  made.ports.set(`${name}-port`, port);
  if (tags.length) await tag('ports', port, tags);
  const [image] = await member.list('image', `/v2/images?name=${IMAGE_NAME}`, 'images');
  const [flavor] = (await member.list('compute', '/flavors', 'flavors')).filter((f) => f.name === 'general.v1.tiny');
  const id = (
    await member.call('compute', 'POST', '/servers', {
      server: { name, imageRef: image.id, flavorRef: flavor.id, networks: [{ port }], tags },
    })
  ).server.id;
  made.servers.set(name, id);
  await until(`server ${name} ACTIVE`, async () => {
    const status = (await member.call('compute', 'GET', `/servers/${id}`)).server.status;
    if (status === 'ERROR') throw new Error(`server ${name}: ERROR`);
    return status === 'ACTIVE';
  });
  return { id, port };
}

async function attach(serverId: string, volumeId: string): Promise<void> {
  await member.call('compute', 'POST', `/servers/${serverId}/os-volume_attachments`, {
    volumeAttachment: { volumeId },
  });
  await until(
    'volume in-use',
    async () => (await member.call('volumev3', 'GET', `/volumes/${volumeId}`)).volume.status === 'in-use',
  );
}

/** What the real APIs list now, by kind: the names of what this test made that still exist. */
async function remaining(): Promise<Record<keyof typeof made, string[]>> {
  const [servers, ports, groups, floatingIps, volumes, keypairs] = await Promise.all([
    member.list('compute', '/servers/detail', 'servers'),
    member.list('network', '/ports', 'ports'),
    member.list('network', '/security-groups', 'security_groups'),
    member.list('network', '/floatingips', 'floatingips'),
    member.list('volumev3', '/volumes/detail', 'volumes'),
    member.list('compute', '/os-keypairs', 'keypairs'),
  ]);
  const ids = new Set([...servers, ...ports, ...groups, ...floatingIps, ...volumes].map((r) => r.id));
  for (const k of keypairs) ids.add(k.keypair.name);
  const still = (kind: keyof typeof made) =>
    [...made[kind]]
      .filter(([, id]) => ids.has(id))
      .map(([name]) => name)
      .sort();
  return {
    servers: still('servers'),
    ports: still('ports'),
    groups: still('groups'),
    floatingIps: still('floatingIps'),
    volumes: still('volumes'),
    keypairs: still('keypairs'),
  };
}

function sweep(args: readonly string[]) {
  const config = path.join(work, 'release-train.yaml');
  fs.writeFileSync(config, testEnvironments('rt-sweep'));
  return spawnCollected(
    process.execPath,
    [path.join(projectRoot, 'dist', 'cli', 'main.js'), 'test-cloud', 'sweep', ...args],
    {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: work,
        OS_CLIENT_CONFIG_FILE: readOpenStackState()!.cloudsYaml,
        RELEASE_TRAIN_CONFIG: config,
        GITHUB_API_URL: githubUrl,
        GITHUB_REPOSITORY: REPO,
        GITHUB_TOKEN: TOKEN,
      },
      timeout: 600_000,
    },
  );
}

let githubUrl = '';

beforeAll(async () => {
  member = await memberClient();
  github = new FakeGitHubApi(REPO, TOKEN);
  github.runs.set(GONE.runId, { status: 'completed', conclusion: 'cancelled' });
  github.runs.set(LIVE.runId, { status: 'in_progress' });
  githubUrl = await github.start();
  // The gone run: a server on a tagged port with its tagged group, an OSD volume attached, a floating IP on
  // the port, the key pair.
  const goneGroup = await group(`${GONE.prefix}-internal`, marker(GONE.prefix));
  const control = await server(`${GONE.prefix}-ansible-control`, marker(GONE.prefix), goneGroup);
  await attach(
    control.id,
    await volume(`${GONE.prefix}-storage-01-osd-01`, { 'release-train-ci': '', 'release-train-prefix': GONE.prefix }),
  );
  const [external] = await member.list('network', `/networks?name=${EXTERNAL_NETWORK}`, 'networks');
  const fip = (
    await member.call('network', 'POST', '/floatingips', {
      floatingip: {
        floating_network_id: external.id,
        port_id: control.port,
        description: `${GONE.prefix} Ansible control host`,
      },
    })
  ).floatingip.id;
  made.floatingIps.set(`${GONE.prefix} Ansible control host`, fip);
  await tag('floatingips', fip, marker(GONE.prefix));
  await keypair(`${GONE.prefix}-keypair`);
  // The live run: a server, its group, its key pair.
  const liveGroup = await group(`${LIVE.prefix}-internal`, marker(LIVE.prefix));
  await server(`${LIVE.prefix}-aio-01`, marker(LIVE.prefix), liveGroup);
  await keypair(`${LIVE.prefix}-keypair`);
  // Nobody's run: no marker; the gone run's name without its marker; a person's prefix with the marker tag.
  const production = await group('rt-sweep-production');
  await server(`${GONE.prefix}-imposter`, ['release-train-ci'], production);
  await server(`${PERSON}-ansible-control`, marker(PERSON), production);
  await volume('rt-sweep-production-data', { 'release-train-ci': '' });
  await volume(`${GONE.prefix}-unmarked-data`);
  await keypair('rt-sweep-ops-keypair');
});

afterAll(async () => {
  await github?.stop();
  // Whatever a failed test left: servers first, then what they held.
  const tryDelete = async (service: 'compute' | 'network' | 'volumev3', itemPath: string) => {
    await member.call(service, 'DELETE', itemPath).catch(() => undefined);
  };
  for (const id of made.servers.values()) await tryDelete('compute', `/servers/${id}`);
  for (const id of made.servers.values()) await waitGone(member, 'compute', `/servers/${id}`).catch(() => undefined);
  for (const id of made.floatingIps.values()) await tryDelete('network', `/floatingips/${id}`);
  for (const id of made.ports.values()) await tryDelete('network', `/ports/${id}`);
  for (const id of made.volumes.values()) {
    await until('volume detached', async () => {
      const found = await member.call('volumev3', 'GET', `/volumes/${id}`).catch(() => undefined);
      return !found || found.volume.status !== 'in-use';
    }).catch(() => undefined);
    await tryDelete('volumev3', `/volumes/${id}`);
  }
  for (const id of made.groups.values()) await tryDelete('network', `/security-groups/${id}`);
  for (const name of made.keypairs.values()) await tryDelete('compute', `/os-keypairs/${name}`);
  fs.rmSync(work, { recursive: true, force: true });
});

const everything = () => ({
  servers: [
    `${GONE.prefix}-ansible-control`,
    `${GONE.prefix}-imposter`,
    `${LIVE.prefix}-aio-01`,
    `${PERSON}-ansible-control`,
  ].sort(),
  ports: [
    `${GONE.prefix}-ansible-control-port`,
    `${GONE.prefix}-imposter-port`,
    `${LIVE.prefix}-aio-01-port`,
    `${PERSON}-ansible-control-port`,
  ].sort(),
  groups: [`${GONE.prefix}-internal`, `${LIVE.prefix}-internal`, 'rt-sweep-production'].sort(),
  floatingIps: [`${GONE.prefix} Ansible control host`],
  volumes: [`${GONE.prefix}-storage-01-osd-01`, `${GONE.prefix}-unmarked-data`, 'rt-sweep-production-data'].sort(),
  keypairs: [`${GONE.prefix}-keypair`, `${LIVE.prefix}-keypair`, 'rt-sweep-ops-keypair'].sort(),
});

test('lists page by page on every service: pages of two items find what one large page finds', async () => {
  const clouds = readOpenStackState()!.cloudsYaml;
  const kinds: [Parameters<OpenStackApi['list']>[0], string, string][] = [
    ['compute', '/servers/detail', 'servers'],
    ['network', '/ports', 'ports'],
    ['network', '/security-groups', 'security_groups'],
    ['volume', '/volumes/detail', 'volumes'],
    ['compute', '/os-keypairs', 'keypairs'],
  ];
  const key = (item: any) => item.id ?? item.keypair.name;
  for (const [service, listPath, listKey] of kinds) {
    const paged = await new OpenStackApi(CLOUD_MEMBER, clouds, { pageSize: 2 }).list(service, listPath, listKey);
    const whole = await new OpenStackApi(CLOUD_MEMBER, clouds).list(service, listPath, listKey);
    expect({ listPath, items: paged.map(key).sort() }).toEqual({ listPath, items: whole.map(key).sort() });
    // Each of them holds at least three of this test's resources, so two-item pages really followed next links.
    expect(whole.length).toBeGreaterThanOrEqual(3);
  }
});

/**
 * The lines of `verb` ("would delete", "deleted"): this test's gone run's, and any others (left by an earlier
 * run of a cloud test under a CI prefix GitHub does not know: gone too, which the sweep rightly deletes). None
 * may name what must stay.
 */
function linesOf(stdout: string, verb: string): { ours: string[]; all: string[] } {
  const all = stdout.split('\n').filter((line) => line.startsWith(`${verb} `));
  for (const keep of [LIVE.prefix, PERSON, 'rt-sweep-production', '-imposter', '-unmarked-data', 'rt-sweep-ops'])
    expect(all.filter((line) => line.includes(keep))).toEqual([]);
  return { ours: all.filter((line) => line.includes(GONE.prefix)), all };
}

const GONE_RESOURCES = [
  `server ${GONE.prefix}-ansible-control`,
  `floating IP ${GONE.prefix} Ansible control host`,
  `port ${GONE.prefix}-ansible-control-port`,
  `volume ${GONE.prefix}-storage-01-osd-01`,
  `security group ${GONE.prefix}-internal`,
  `key pair ${GONE.prefix}-keypair`,
];
/** What the dry run said it would delete: the real sweep must delete as many. */
let wouldDelete = -1;

test('--dry-run names what the gone run left, deletes nothing', async () => {
  const before = await remaining();
  expect(before).toEqual(everything());
  const result = await sweep(['--dry-run']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain(
    `run ${GONE.runId} (${GONE.prefix}): gone: the run is completed (cancelled); 6 resource(s)`,
  );
  expect(result.stdout).toContain(`run ${LIVE.runId} (${LIVE.prefix}): kept: the run is in_progress; 4 resource(s)`);
  const lines = linesOf(result.stdout, 'would delete');
  expect(lines.ours.map((line) => line.replace(/^would delete (.*) \([^)]*\)$/, '$1')).sort()).toEqual(
    [...GONE_RESOURCES].sort(),
  );
  wouldDelete = lines.all.length;
  expect(result.stdout).toMatch(new RegExp(`sweep --dry-run: would delete ${wouldDelete}, keep \\d+`));
  expect(result.status).toBe(0);
  expect(await remaining()).toEqual(before);
});

test("deletes the gone run's resources, servers first, and nothing else; the token is never printed", async () => {
  const started = Date.now();
  const result = await sweep([]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(new RegExp(`sweep: deleted ${wouldDelete}, kept \\d+\n`));
  expect(result.status).toBe(0);
  // THEN the real APIs no longer list the gone run's resources, and list everything else
  const gone = GONE_RESOURCES.map((r) => r.replace(/^(server|floating IP|port|volume|security group|key pair) /, ''));
  const expected = Object.fromEntries(
    Object.entries(everything()).map(([kind, names]) => [kind, names.filter((n) => !gone.includes(n))]),
  );
  expect(await remaining()).toEqual(expected);
  // Servers went first: their ports, volumes and groups were in use until they had gone.
  const { ours, all } = linesOf(result.stdout, 'deleted');
  expect(ours).toHaveLength(6);
  const servers = all.filter((line) => line.startsWith('deleted server '));
  expect(all.slice(0, servers.length)).toEqual(servers);
  expect(servers.some((line) => line.startsWith(`deleted server ${GONE.prefix}-ansible-control `))).toBe(true);
  // No secret in the output: not GitHub's token, not the password of clouds.yaml, no Keystone (Fernet) token.
  const clouds = parse(fs.readFileSync(readOpenStackState()!.cloudsYaml, 'utf8'));
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(TOKEN);
  expect(output).not.toContain(clouds.clouds[CLOUD_MEMBER].auth.password);
  expect(output).not.toMatch(/gAAAAA/);
  expect(github.requests.every((r) => r.authorized)).toBe(true);
  console.log(
    `sweep: ${all.length} resources deleted on the real APIs (the gone run's 6 among them) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});

test('a second sweep finds nothing more to delete (idempotent)', async () => {
  const before = await remaining();
  const result = await sweep([]);
  expect(result.stdout).toMatch(/sweep: deleted 0, kept \d+/);
  expect(result.status).toBe(0);
  expect(await remaining()).toEqual(before);
});
