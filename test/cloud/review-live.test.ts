// `release-train review` checked against the real thing: Ark and a small test-multinode applied from the base
// on the test bed's OpenStack, then, for each change a reviewer meets, the offline review (`--base`: a state
// made up from the base's own plan, no cloud; run while the base is being applied) and the live review
// (`--live`: `tofu plan` against the applied state, refreshed from the real Nova, Neutron, Cinder) must report
// the same changes, line for line. The config names flavors, images and networks by their test bed IDs, as an
// offline plan needs. The tasks are off (RELEASE_TRAIN_TASKS=off) as in the rest of this tier: no guest runs
// on the fake hypervisor, so no release task could run on a server it makes.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adminClient, CLOUD_MEMBER, readOpenStackState } from '../../testbed/openstack/harness';
import { EXTERNAL_NETWORK, IMAGE_NAME, PROJECT_CIDR } from '../../testbed/openstack/catalogue';
import { toolchainEnv } from '../../scripts/toolchain';
import { added, CloudStack, inventory, waitGone } from '../support/cloud';
import { ReviewRepo } from '../support/review-repo';
import { spawnCollected } from '../support/spawn';

jest.setTimeout(1_800_000);

const MULTINODE = 'test-multinode';
const CONFIG = path.join('config', 'cloud-review.yaml');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq release-train-ci';

interface Ids {
  readonly image: string;
  readonly network: string;
  readonly subnet: string;
  readonly external: string;
  readonly flavors: Readonly<Record<string, string>>;
}

/**
 * Ark on one server with its own routed network, and a small multinode environment (every host kind, one OSD
 * volume), everything named by its test bed ID.
 */
function config(ids: Ids, pulpImage?: string): string {
  const flavor = (name: string) => ids.flavors[`general.v1.${name}`];
  return `openstack:
  cloud: ${CLOUD_MEMBER}
ark:
  name: rt-review-ark
  hostname: ark.testbed.example.org
  flavorId: ${flavor('small')}
  imageId: ${ids.image}
  bootVolumeSizeGiB: 10
  dataVolumeSizeGiB: 1
${pulpImage ? `  pulpImage: ${pulpImage}\n` : ''}  floatingIpPool: ${EXTERNAL_NETWORK}
  network:
    create:
      name: rt-review-ark-net
      cidr: 10.43.0.0/24
      dnsNameservers: [192.0.2.53]
      externalNetworkId: ${ids.external}
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
testEnvironments:
  - name: multinode
    kind: multinode
    prefix: rt-review-mn
    imageId: ${ids.image}
    network: { networkId: ${ids.network}, subnetId: ${ids.subnet} }
    subnetCidr: ${PROJECT_CIDR}
    sshPublicKey: ${SSH_KEY}
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorId: ${flavor('tiny')}, floatingIpPool: ${EXTERNAL_NETWORK} }
    seed: { flavorId: ${flavor('tiny')} }
    controllers: { count: 1, flavorId: ${flavor('medium')} }
    computes: { count: 2, flavorId: ${flavor('medium')} }
    storage: { count: 1, flavorId: ${flavor('small')} }
    osdVolumes: { perHost: 1, sizeGiB: 1 }
    tags: [release-train-ci]
`;
}

interface Review {
  readonly status: number | null;
  readonly report: string;
  readonly stderr: string;
}

/** One change a reviewer meets: a commit on the base editing the config, reviewed on `stacks`. */
interface Case {
  readonly name: string;
  readonly stacks: readonly string[];
  readonly edit: (text: string) => string;
  offline?: Review;
}

const STACKS = ['ark', MULTINODE];
let ids: Ids;
let nextImage: string;
let repo: ReviewRepo;
let base: string;
const stacks: CloudStack[] = [];
/** TF_VAR_* of the applied stacks, which an operator's `--live` environment holds too. */
const variables: Record<string, string> = {};
let before: Record<string, string[]>;
const seconds: string[] = [];

const flavor = (name: string) => ids.flavors[`general.v1.${name}`];
const replaceOnce = (from: string, to: string) => (text: string) => {
  if (text.split(from).length !== 2) throw new Error(`expected ${JSON.stringify(from)} once in the config`);
  return text.replace(from, to);
};

const CASES: Record<string, Case> = {
  grow: {
    name: 'grow',
    stacks: [MULTINODE],
    edit: (text) =>
      [
        replaceOnce(
          `controllers: { count: 1, flavorId: ${flavor('medium')} }`,
          `controllers: { count: 1, flavorId: ${flavor('large')} }`,
        ),
        replaceOnce(
          `computes: { count: 2, flavorId: ${flavor('medium')} }`,
          `computes: { count: 3, flavorId: ${flavor('medium')} }`,
        ),
        replaceOnce('    adminCidrs: [198.51.100.0/28]', '    adminCidrs: [198.51.100.0/28, 192.0.2.0/28]'),
      ].reduce((t, f) => f(t), text),
  },
  image: {
    name: 'image',
    stacks: STACKS,
    edit: (text) => text.split(`imageId: ${ids.image}`).join(`imageId: ${nextImage}`),
  },
  shrink: {
    name: 'shrink',
    stacks: [MULTINODE],
    edit: (text) =>
      replaceOnce(
        `computes: { count: 2, flavorId: ${flavor('medium')} }`,
        `computes: { count: 1, flavorId: ${flavor('medium')} }`,
      )(text),
  },
  pulpImage: { name: 'pulp-image', stacks: ['ark'], edit: () => config(ids, 'docker.io/pulp/pulp:3.86') },
  nothing: { name: 'nothing', stacks: STACKS, edit: (text) => `# (a comment only)\n${text}` },
};

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    seconds.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function reviewCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Review> {
  const result = await spawnCollected(
    process.execPath,
    [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', ...args, '--config', CONFIG],
    { cwd: repo.root, env: { ...env, RELEASE_TRAIN_TASKS: 'off' }, timeout: 900_000 },
  );
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`review ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return { status: result.status, report: result.stdout, stderr: result.stderr };
}

/** The case's head (a branch from the base), checked out as the working tree both reviews read. */
function checkout(c: Case): void {
  repo.git(['checkout', '--quiet', c.name]);
}

/** The offline review needs no cloud: it runs while the base is being applied. */
async function offlineReviews(): Promise<void> {
  for (const c of Object.values(CASES)) {
    checkout(c);
    c.offline = await timed(`${c.name}: offline`, () =>
      reviewCli(['--base', base, '--stack', c.stacks.join(',')], toolchainEnv()),
    );
  }
}

/** The base applied for real, each state where the stack's local backend keeps it (the project root). */
async function applyBase(): Promise<void> {
  await Promise.all(
    STACKS.map(async (name) => {
      const stack = CloudStack.synth(config(ids), name);
      stacks.push(stack);
      expect(await stack.apply()).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
      const stateFile = path.resolve(stack.workspace.dir, '..', '..', '..', `terraform.${name}.tfstate`);
      fs.copyFileSync(stateFile, path.join(repo.root, `terraform.${name}.tfstate`));
      // The stack's variables without a default, as the apply had them (CloudStack's plan-only values).
      const json = JSON.parse(fs.readFileSync(path.join(stack.workspace.dir, 'cdk.tf.json'), 'utf8'));
      for (const [variable, body] of Object.entries<any>(json.variable ?? {}))
        if (body.default === undefined) variables[`TF_VAR_${variable}`] = 'plan-only';
    }),
  );
}

beforeAll(async () => {
  const state = readOpenStackState()!;
  const admin = await adminClient();
  before = await inventory();
  const flavors = await admin.list('compute', '/flavors/detail', 'flavors');
  ids = {
    image: state.catalogue!.imageId,
    network: state.catalogue!.projectNetworkId,
    subnet: state.catalogue!.projectSubnetId,
    external: state.catalogue!.externalNetworkId,
    flavors: Object.fromEntries(flavors.map((f) => [f.name, f.id])),
  };
  // The new boot image of one case: a second real image, so that the live plan reads a real one.
  const image = await admin.call('image', 'POST', '/v2/images', {
    name: `${IMAGE_NAME}-review`,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
  });
  await admin.call('image', 'PUT', `/v2/images/${image.id}/file`, new Uint8Array(randomBytes(4096)));
  nextImage = image.id;

  repo = new ReviewRepo();
  fs.writeFileSync(path.join(repo.root, CONFIG), config(ids));
  repo.commitAll('the base: Ark and a small multinode environment on the test bed');
  base = repo.git(['rev-parse', 'HEAD']).trim();
  for (const c of Object.values(CASES)) {
    repo.git(['checkout', '--quiet', '-B', c.name, base]);
    repo.commitEdit(c.name, c.edit, CONFIG);
  }
  await Promise.all([timed('apply of the base', applyBase), offlineReviews()]);
});

afterAll(async () => {
  try {
    await timed('destroy', () =>
      Promise.all(
        stacks.map(async (stack) => {
          const destroyed = await stack.destroyAll();
          stack.dispose();
          expect(destroyed.output).toMatch(/Destroy complete! Resources: \d+ destroyed/);
        }),
      ),
    );
  } finally {
    repo?.dispose();
    if (nextImage) {
      const admin = await adminClient();
      await admin.call('image', 'DELETE', `/v2/images/${nextImage}`);
      await waitGone(admin, 'image', `/v2/images/${nextImage}`);
    }
  }
  expect(added(before, await inventory())).toEqual({});
  console.log(`review --live against offline on the test bed: ${seconds.join(', ')}`);
});

/** The case's head reviewed live, against the applied base, in the operator's environment. */
async function bothReviews(c: Case): Promise<{ offline: Review; live: Review }> {
  checkout(c);
  const env: NodeJS.ProcessEnv = {
    ...toolchainEnv(),
    ...variables,
    OS_CLIENT_CONFIG_FILE: readOpenStackState()!.cloudsYaml,
  };
  delete env.OS_AUTH_URL;
  const live = await timed(`${c.name}: live`, () => reviewCli(['--live', '--stack', c.stacks.join(',')], env));
  return { offline: c.offline!, live };
}

/** The report from the first stack headline on: what both reviews must agree on (the title and method differ). */
const body = (report: string) => report.slice(report.indexOf('\n- **') + 1);

/**
 * The offline report's lines less the line diffs of ignored attributes: a live plan has only what the state
 * keeps of the deployed value (a hash, for `user_data`), so it names the attribute without the lines.
 */
const offlineLines = (offline: Review) =>
  body(offline.report)
    .replace(/\n\n {2}```diff\n[\s\S]*?\n {2}```\n(\n|$)/g, '\n')
    .split('\n');

/**
 * The live report's lines, each taken as the offline one where they agree. A value only the cloud knew is
 * `(from the cloud)` offline (made up there) and the real value live: the one other difference allowed.
 */
function asOffline(live: Review, offline: Review): string[] {
  const expectedLines = offlineLines(offline);
  return body(live.report)
    .split('\n')
    .map((line, i) => {
      const expected = expectedLines[i] ?? '';
      const pattern = expected
        .split('(from the cloud)')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('`[^`]+`');
      return new RegExp(`^${pattern}$`).test(line) ? expected : line;
    });
}

/** Both reviews exit alike and list the same changes. */
function expectSameChanges(live: Review, offline: Review): void {
  expect(live.status).toBe(offline.status);
  expect(asOffline(live, offline)).toEqual(offlineLines(offline));
}

test('+1 compute, the controller resized, +1 SSH range: the same additions, updates and rule', async () => {
  const { offline, live } = await bothReviews(CASES.grow);
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`\`flavor_id\`: \`${flavor('medium')}\` -> \`${flavor('large')}\``);
  expect(live.report).toContain('| added | ingress | tcp | 22 | 192.0.2.0/28 |');
});

test('a new boot image for Ark and the environment: the same replacements, each forced by its boot image', async () => {
  const { offline, live } = await bothReviews(CASES.image);
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  const forced = `\`block_device[0].uuid\`: \`${ids.image}\` -> \`${nextImage}\` (forces replacement)`;
  // Ark's server and the environment's six.
  expect(live.report.split('\n').filter((line) => line.endsWith(forced))).toHaveLength(7);
});

test('computes 2 -> 1: the same destroys, listed first', async () => {
  const { offline, live } = await bothReviews(CASES.shrink);
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`- **${MULTINODE}**: 0 to add, 0 to update in place, 0 to replace, 2 to destroy\n`);
});

test("Ark's pulpImage bump: no replacement, the same user data change the server ignores", async () => {
  const { offline, live } = await bothReviews(CASES.pulpImage);
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(
    '- **ark**: 0 to add, 0 to update in place, 0 to replace, 0 to destroy; configuration changes the plan ignores\n',
  );
  expect(live.report).toMatch(
    /- `openstack_compute_instance_v2\.Pulp_Server_[0-9A-F]{8}` \(Pulp\): `user_data` changed/,
  );
});

test('no change: both exit 0 with one line per stack', async () => {
  const { offline, live } = await bothReviews(CASES.nothing);
  expect([offline.status, live.status]).toEqual([0, 0]);
  expect(body(live.report)).toBe(`- **ark**: no changes\n- **${MULTINODE}**: no changes\n\nNo stack changes.\n`);
  expect(body(offline.report)).toBe(body(live.report));
});
