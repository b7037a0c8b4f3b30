// `release-train review` checked against the real thing: a small test-multinode applied from the base on the
// test bed's OpenStack, then, for each change a reviewer meets, the offline review (`--base`: a state made up
// from the base's own plan, no cloud) and the live review (`--live`: `tofu plan` against the applied state,
// refreshed from the real Nova, Neutron, Cinder) must report the same changes, line for line. The config
// names its flavors, image and network by ID (the test bed's real ones), as an offline plan needs.
// The tasks are off (RELEASE_TRAIN_TASKS=off) as in the rest of this tier: no guest runs on the fake hypervisor.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adminClient, CLOUD_MEMBER, readOpenStackState } from '../../testbed/openstack/harness';
import { EXTERNAL_NETWORK, IMAGE_NAME, PROJECT_CIDR } from '../../testbed/openstack/catalogue';
import { toolchainEnv } from '../../scripts/toolchain';
import { added, CloudStack, inventory, waitGone } from '../support/cloud';
import { ReviewRepo } from '../support/review-repo';

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

let ids: Ids;
let nextImage: string;
let repo: ReviewRepo;
let base: string;
const STACKS = ['ark', 'test-multinode'];
const stacks: CloudStack[] = [];
/** TF_VAR_* of the applied stacks, which an operator's `--live` environment holds too. */
const variables: Record<string, string> = {};
let before: Record<string, string[]>;
const seconds: string[] = [];

async function timed<T>(label: string, run: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    seconds.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
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
  // The "new boot image" of one case: a second real image, so that the live plan reads a real one.
  const image = await admin.call('image', 'POST', '/v2/images', {
    name: `${IMAGE_NAME}-review`,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
  });
  await admin.call('image', 'PUT', `/v2/images/${image.id}/file`, new Uint8Array(randomBytes(4096)));
  nextImage = image.id;

  repo = await timed('copy of the project', () => new ReviewRepo());
  fs.writeFileSync(path.join(repo.root, CONFIG), config(ids));
  repo.commitAll('the base: Ark and a small multinode environment on the test bed');
  base = repo.git(['rev-parse', 'HEAD']).trim();

  // The base applied for real, each stack's state where its local backend keeps it (the project root), so
  // that `--live` plans against it.
  await timed('apply of the base', () =>
    Promise.all(
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
    ),
  );
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

interface Review {
  readonly status: number | null;
  readonly report: string;
  readonly stderr: string;
}

function reviewCli(args: readonly string[], env: NodeJS.ProcessEnv): Review {
  const result = spawnSync(
    process.execPath,
    [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', ...args, '--config', CONFIG],
    { cwd: repo.root, env: { ...env, RELEASE_TRAIN_TASKS: 'off' }, encoding: 'utf8', timeout: 900_000 },
  );
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`review ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return { status: result.status, report: result.stdout, stderr: result.stderr };
}

/**
 * The head (`edit` of the base's config), reviewed offline against the base and live against the applied
 * base, on `stacks` only.
 */
function bothReviews(
  name: string,
  stacks: readonly string[],
  edit: (text: string) => string,
): { offline: Review; live: Review } {
  repo.git(['checkout', '--quiet', '-B', name, base]);
  repo.commitEdit(name, edit, CONFIG);
  const only = ['--stack', stacks.join(',')];
  const offline = timedSync(`${name}: offline`, () => reviewCli(['--base', base, ...only], toolchainEnv()));
  // The operator's environment: clouds.yaml and the stacks' variables.
  const liveEnv: NodeJS.ProcessEnv = {
    ...toolchainEnv(),
    ...variables,
    OS_CLIENT_CONFIG_FILE: readOpenStackState()!.cloudsYaml,
  };
  delete liveEnv.OS_AUTH_URL;
  const live = timedSync(`${name}: live`, () => reviewCli(['--live', ...only], liveEnv));
  for (const [side, r] of Object.entries({ offline, live }))
    fs.writeFileSync(`/tmp/review-live-${name}-${side}.md`, r.report + '\n----\n' + r.stderr); // DEBUG
  return { offline, live };
}

function timedSync<T>(label: string, run: () => T): T {
  const started = Date.now();
  try {
    return run();
  } finally {
    seconds.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
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

const replaceOnce = (from: string, to: string) => (text: string) => {
  if (text.split(from).length !== 2) throw new Error(`expected ${JSON.stringify(from)} once in the config`);
  return text.replace(from, to);
};

test('+1 compute, the controller resized, +1 SSH range: the same additions, updates and rule', () => {
  const medium = ids.flavors['general.v1.medium'];
  const large = ids.flavors['general.v1.large'];
  const { offline, live } = bothReviews('grow', [MULTINODE], (text) =>
    [
      replaceOnce(`controllers: { count: 1, flavorId: ${medium} }`, `controllers: { count: 1, flavorId: ${large} }`),
      replaceOnce(`computes: { count: 2, flavorId: ${medium} }`, `computes: { count: 3, flavorId: ${medium} }`),
      replaceOnce('    adminCidrs: [198.51.100.0/28]', '    adminCidrs: [198.51.100.0/28, 192.0.2.0/28]'),
    ].reduce((t, f) => f(t), text),
  );
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`\`flavor_id\`: \`${medium}\` -> \`${large}\``);
  expect(live.report).toContain('| added | ingress | tcp | 22 | 192.0.2.0/28 |');
});

test('a new boot image for Ark and the environment: the same replacements, each forced by its boot image', () => {
  const { offline, live } = bothReviews('image', STACKS, (text) =>
    text.split(`imageId: ${ids.image}`).join(`imageId: ${nextImage}`),
  );
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  const forced = `\`block_device[0].uuid\`: \`${ids.image}\` -> \`${nextImage}\` (forces replacement)`;
  // Ark's server and the environment's six.
  expect(live.report.split('\n').filter((line) => line.endsWith(forced))).toHaveLength(7);
});

test('computes 2 -> 1: the same destroys, listed first', () => {
  const medium = ids.flavors['general.v1.medium'];
  const { offline, live } = bothReviews(
    'shrink',
    [MULTINODE],
    replaceOnce(`computes: { count: 2, flavorId: ${medium} }`, `computes: { count: 1, flavorId: ${medium} }`),
  );
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`- **${MULTINODE}**: 0 to add, 0 to update in place, 0 to replace, 2 to destroy\n`);
});

test("Ark's pulpImage bump: no replacement, the same user data change the server ignores", () => {
  const { offline, live } = bothReviews('pulp-image', ['ark'], () => config(ids, 'docker.io/pulp/pulp:3.86'));
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(
    '- **ark**: 0 to add, 0 to update in place, 0 to replace, 0 to destroy; configuration changes the plan ignores\n',
  );
  expect(live.report).toMatch(
    /- `openstack_compute_instance_v2\.Pulp_Server_[0-9A-F]{8}` \(Pulp\): `user_data` changed/,
  );
});

test('no change: both exit 0 with one line per stack', () => {
  const { offline, live } = bothReviews('nothing', STACKS, (text) => `# (a comment only)\n${text}`);
  expect([offline.status, live.status]).toEqual([0, 0]);
  expect(body(live.report)).toBe(`- **ark**: no changes\n- **${MULTINODE}**: no changes\n\nNo stack changes.\n`);
  expect(body(offline.report)).toBe(body(live.report));
});
