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

const STACK = 'test-multinode';
const CONFIG = path.join('config', 'cloud-review.yaml');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq release-train-ci';

interface Ids {
  readonly image: string;
  readonly network: string;
  readonly subnet: string;
  readonly flavors: Readonly<Record<string, string>>;
}

/** A small multinode environment (every host kind, one OSD volume), everything named by its test bed ID. */
function multinode(ids: Ids): string {
  const flavor = (name: string) => ids.flavors[`general.v1.${name}`];
  return `openstack:
  cloud: ${CLOUD_MEMBER}
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
let stack: CloudStack | undefined;
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
  fs.writeFileSync(path.join(repo.root, CONFIG), multinode(ids));
  repo.commitAll('the base: a small multinode environment on the test bed');
  base = repo.git(['rev-parse', 'HEAD']).trim();

  // The base applied for real, its state where the stack's local backend keeps it (the project root) so that
  // `--live` plans against it.
  stack = CloudStack.synth(multinode(ids), STACK);
  const applied = await timed('apply of the base', () => stack!.apply());
  expect(applied).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
  const stateFile = path.resolve(stack.workspace.dir, '..', '..', '..', `terraform.${STACK}.tfstate`);
  fs.copyFileSync(stateFile, path.join(repo.root, `terraform.${STACK}.tfstate`));
});

afterAll(async () => {
  try {
    if (stack) {
      const destroyed = await timed('destroy', () => stack!.destroyAll());
      stack.dispose();
      expect(destroyed.output).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    }
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
    [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', ...args, '--config', CONFIG, '--stack', STACK],
    { cwd: repo.root, env: { ...env, RELEASE_TRAIN_TASKS: 'off' }, encoding: 'utf8', timeout: 900_000 },
  );
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`review ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return { status: result.status, report: result.stdout, stderr: result.stderr };
}

/** The head (`edit` of the base's config), reviewed offline against the base and live against the applied base. */
function bothReviews(name: string, edit: (text: string) => string): { offline: Review; live: Review } {
  repo.git(['checkout', '--quiet', '-B', name, base]);
  repo.commitEdit(name, edit, CONFIG);
  const offline = timedSync(`${name}: offline`, () => reviewCli(['--base', base], toolchainEnv()));
  const liveEnv: NodeJS.ProcessEnv = { ...toolchainEnv(), OS_CLIENT_CONFIG_FILE: readOpenStackState()!.cloudsYaml };
  delete liveEnv.OS_AUTH_URL;
  const live = timedSync(`${name}: live`, () => reviewCli(['--live'], liveEnv));
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
const body = (report: string) => report.slice(report.indexOf(`- **${STACK}**`));

/**
 * The live report's lines, each taken as the offline one where they agree. A value only the cloud knew is
 * `(from the cloud)` offline (made up there) and the real value live: the one difference allowed.
 */
function asOffline(live: Review, offline: Review): string[] {
  const offlineLines = body(offline.report).split('\n');
  return body(live.report)
    .split('\n')
    .map((line, i) => {
      const expected = offlineLines[i] ?? '';
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
  expect(asOffline(live, offline)).toEqual(body(offline.report).split('\n'));
}

const replaceOnce = (from: string, to: string) => (text: string) => {
  if (text.split(from).length !== 2) throw new Error(`expected ${JSON.stringify(from)} once in the config`);
  return text.replace(from, to);
};

test('+1 compute, the controller resized, +1 SSH range: the same additions, updates and rule', () => {
  const medium = ids.flavors['general.v1.medium'];
  const large = ids.flavors['general.v1.large'];
  const { offline, live } = bothReviews('grow', (text) =>
    [
      replaceOnce(`controllers: { count: 1, flavorId: ${medium} }`, `controllers: { count: 1, flavorId: ${large} }`),
      replaceOnce(`computes: { count: 2, flavorId: ${medium} }`, `computes: { count: 3, flavorId: ${medium} }`),
      replaceOnce('adminCidrs: [198.51.100.0/28]', 'adminCidrs: [198.51.100.0/28, 192.0.2.0/28]'),
    ].reduce((t, f) => f(t), text),
  );
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`\`flavor_id\`: \`${medium}\` -> \`${large}\``);
  expect(live.report).toContain('| added | ingress | tcp | 22 | 192.0.2.0/28 |');
});

test('a new boot image: the same replacements, each forced by its boot volume image', () => {
  const { offline, live } = bothReviews('image', replaceOnce(`imageId: ${ids.image}`, `imageId: ${nextImage}`));
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`\`block_device[0].uuid\`: \`${ids.image}\` -> \`${nextImage}\` (forces replacement)`);
});

test('computes 2 -> 1: the same destroys, listed first', () => {
  const medium = ids.flavors['general.v1.medium'];
  const { offline, live } = bothReviews(
    'shrink',
    replaceOnce(`computes: { count: 2, flavorId: ${medium} }`, `computes: { count: 1, flavorId: ${medium} }`),
  );
  expect(live.status).toBe(2);
  expectSameChanges(live, offline);
  expect(live.report).toContain(`- **${STACK}**: 0 to add, 0 to update in place, 0 to replace, 2 to destroy\n`);
});

test('no change: both exit 0 with one line for the stack', () => {
  const { offline, live } = bothReviews('nothing', (text) => `# (a comment only)\n${text}`);
  expect([offline.status, live.status]).toEqual([0, 0]);
  expect(body(live.report)).toBe(`- **${STACK}**: no changes\n\nNo stack changes.\n`);
  expect(body(offline.report)).toBe(body(live.report));
});
