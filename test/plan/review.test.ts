// `release-train review --base <ref>` run for real (the built CLI, the project-built tofu and provider) on
// commits of a throw-away copy of this repository, each changing the example config as a pull request would;
// the rendered lines are what a reviewer reads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeAppliedState } from '../../review/prior-state';
import { toolchainEnv } from '../../scripts/toolchain';
import { ReviewRepo } from '../support/review-repo';
import { synthApp, TofuWorkspace } from '../support/tofu';

let repo: ReviewRepo;
let base: string;

beforeAll(() => {
  repo = new ReviewRepo();
  base = repo.git(['rev-parse', 'HEAD']).trim();
});
afterAll(() => repo?.dispose());

interface Review {
  readonly status: number | null;
  readonly report: string;
  readonly stderr: string;
}

/** A branch from the base with one commit of `edit`, reviewed against the base. */
function review(name: string, edit: ((text: string) => string) | undefined, stacks?: string, file?: string): Review {
  repo.git(['checkout', '--quiet', '-B', name, base]);
  if (edit) repo.commitEdit(name, edit, file);
  else repo.commitAll(name);
  const args = ['review', '--base', base, ...(stacks ? ['--stack', stacks] : [])];
  const result = spawnSync(process.execPath, [path.join(repo.root, 'dist', 'cli', 'main.js'), ...args], {
    cwd: repo.root,
    env: { ...toolchainEnv(), RELEASE_TRAIN_CONFIG: '' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: result.status, report: result.stdout, stderr: result.stderr };
}

/** The lines of one `### title` section of one stack. */
function section(report: string, stack: string, title: string): string[] {
  const stackText = report.split(`\n## ${stack}\n`)[1]?.split('\n## ')[0] ?? '';
  const text = stackText.split(`\n### ${title}\n\n`)[1]?.split('\n### ')[0] ?? '';
  return text.split('\n').filter((line) => line.trim() !== '');
}

const replaceOnce = (from: string, to: string) => (text: string) => {
  if (text.split(from).length !== 2) throw new Error(`expected ${JSON.stringify(from)} once in the example`);
  return text.replace(from, to);
};

/** +1 compute, controllers medium -> large, +1 SSH range to the control host. */
// The example's flavors (IDs, so that a plan needs no cloud): tiny, medium and large.
const [TINY, MEDIUM, LARGE] = ['01', '03', '04'].map((n) => `0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e${n}`);

const growMultinode = (text: string) =>
  [
    replaceOnce(`controllers: { count: 3, flavorId: ${MEDIUM} }`, `controllers: { count: 3, flavorId: ${LARGE} }`),
    replaceOnce(`computes: { count: 2, flavorId: ${MEDIUM} }`, `computes: { count: 3, flavorId: ${MEDIUM} }`),
    replaceOnce(
      `    adminCidrs: [198.51.100.0/28]\n    controlHost: { flavorId: ${TINY}, floatingIpPool: external }`,
      `    adminCidrs: [198.51.100.0/28, 192.0.2.0/28]\n    controlHost: { flavorId: ${TINY}, floatingIpPool: external }`,
    ),
  ].reduce((t, f) => f(t), text);
let grownReport = '';

test('+1 compute, controllers medium -> large, +1 SSH range: 3 to add, 3 flavor updates, one rule added', () => {
  const result = review('multinode-grows', growMultinode, 'test-multinode');
  expect(result.status).toBe(2);
  grownReport = result.report;
  expect(result.report).toContain('- **test-multinode**: 3 to add, 3 to update in place, 0 to replace, 0 to destroy\n');
  const updates = section(result.report, 'test-multinode', 'In-place updates');
  expect(updates.filter((l) => l.startsWith('- '))).toHaveLength(3);
  for (const n of ['01', '02', '03']) {
    expect(updates.join('\n')).toContain(
      `\`rt-mn-controller-${n}\` (Environment/Controllers)\n  - \`flavor_id\`: \`${MEDIUM}\` -> \`${LARGE}\``,
    );
  }
  const added = section(result.report, 'test-multinode', 'Added').join('\n');
  expect(added).toMatch(new RegExp(`compute-03.*name=rt-mn-compute-03, flavor_id=${MEDIUM}, .*image=6c8e0a2b-`));
  expect(section(result.report, 'test-multinode', 'Security group rules')).toEqual([
    '| Change | Direction | Protocol | Ports | CIDR or source |',
    '| --- | --- | --- | --- | --- |',
    '| added | ingress | tcp | 22 | 192.0.2.0/28 |',
  ]);
  expect(section(result.report, 'test-multinode', 'Replacements and destroys')).toEqual([]);
});

test('a new boot image: every instance of the environment replaced, forced by its boot volume image', () => {
  const result = review(
    'multinode-image',
    (text) =>
      text.replace(
        /(  - name: multinode\n(?:.*\n)*?    imageId: )6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f/,
        '$19d0f2a4c-6e8b-4c0d-8f2a-4c6e8b0d2f4a',
      ),
    'test-multinode',
  );
  expect(result.status).toBe(2);
  const replaced = section(result.report, 'test-multinode', 'Replacements and destroys');
  const instances = replaced.filter((l) => l.startsWith('- **replace** `openstack_compute_instance_v2.'));
  // control host, seed, 3 controllers, 2 computes, 3 storage hosts, 1 infra VM
  expect(instances).toHaveLength(11);
  const forced = replaced.filter((l) =>
    l.includes(
      '`block_device[0].uuid`: `6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f` -> `9d0f2a4c-6e8b-4c0d-8f2a-4c6e8b0d2f4a` (forces replacement)',
    ),
  );
  expect(forced).toHaveLength(11);
  const headline = result.report.split('\n').find((l) => l.startsWith('- **test-multinode**'))!;
  const replacements = Number(headline.match(/(\d+) to replace/)![1]);
  expect(replacements).toBeGreaterThanOrEqual(11);
  expect(replaced.filter((l) => l.startsWith('- **replace**'))).toHaveLength(replacements);
  expect(headline).toMatch(/0 to add, 0 to update in place, \d+ to replace, 0 to destroy/);
});

test('computes 2 -> 1: the two destroys are listed first', () => {
  const result = review(
    'multinode-shrinks',
    replaceOnce(`computes: { count: 2, flavorId: ${MEDIUM} }`, `computes: { count: 1, flavorId: ${MEDIUM} }`),
    'test-multinode',
  );
  expect(result.status).toBe(2);
  expect(result.report).toContain('- **test-multinode**: 0 to add, 0 to update in place, 0 to replace, 2 to destroy\n');
  const body = result.report.split('\n## test-multinode\n\n')[1];
  expect(body.startsWith('### Replacements and destroys\n\n')).toBe(true);
  const destroys = section(result.report, 'test-multinode', 'Replacements and destroys');
  expect(destroys).toHaveLength(2);
  expect(destroys[0]).toMatch(
    /^- \*\*destroy\*\* `openstack_compute_instance_v2\.Environment_Computes_compute-02_.*`rt-mn-compute-02` \(Environment\/Computes\)$/,
  );
  expect(destroys[1]).toMatch(
    /^- \*\*destroy\*\* `openstack_networking_port_v2\.Environment_Computes_compute-02_Port_/,
  );
});

test("Ark's pulpImage bump: no replacement; the user data change the instance ignores, shown line by line", () => {
  const result = review(
    'ark-pulp-bump',
    replaceOnce(
      '  bootVolumeSizeGiB: 100\n  keyPair',
      '  bootVolumeSizeGiB: 100\n  pulpImage: docker.io/pulp/pulp:3.86\n  keyPair',
    ),
    'ark',
  );
  expect(result.status).toBe(2);
  expect(result.report).toContain(
    '- **ark**: 0 to add, 0 to update in place, 0 to replace, 0 to destroy; configuration changes the plan ignores\n',
  );
  const ignored = section(result.report, 'ark', 'Configuration changes the plan ignores').join('\n');
  expect(ignored).toMatch(/- `openstack_compute_instance_v2\.Pulp_Server_[0-9A-F]{8}` \(Pulp\): `user_data` changed/);
  expect(ignored).toContain('  -        docker.io/pulp/pulp:3.85\n  +        docker.io/pulp/pulp:3.86');
  expect(section(result.report, 'ark', 'Replacements and destroys')).toEqual([]);
  expect(section(result.report, 'ark', 'Release tasks that run')).toEqual([]);
});

test('one repository changed in the content config: exactly its task reruns, on every stack', () => {
  const result = review(
    'content-elk',
    replaceOnce(
      'url: https://artifacts.elastic.co/packages/oss-7.x/yum',
      'url: https://artifacts.elastic.co/packages/oss-7.x/yum-next',
    ),
  );
  expect(result.status).toBe(2);
  expect(section(result.report, 'ark', 'Release tasks that run')).toEqual([
    '- reconcile rpm/ELK repository for 7.x packages into https://ark.example.org: reruns because its inputs changed (`inputs_sha256`)',
  ]);
  expect(result.report).toContain(
    '- **ark**: 0 to add, 0 to update in place, 0 to replace, 0 to destroy; 1 release task runs\n',
  );
  expect(result.report).toContain('- **test-multinode**: no changes\n');
});

test('no change (a commit changing only code comments): exit 0 and one line per stack; the base compiled', () => {
  const first = review(
    'nothing',
    (text) => text.replace('// Wires the validated config', '// (A comment only.)\n// Wires the validated config'),
    undefined,
    'main.ts',
  );
  expect(first.stderr).toContain('base code: differs from the head, compiling it');
  expect(first.status).toBe(0);
  const lines = first.report.trimEnd().split('\n');
  expect(lines.filter((l) => l.startsWith('- **'))).toEqual([
    '- **ark**: no changes',
    '- **builders-rt-builder**: no changes',
    '- **mirror-site-a**: no changes',
    '- **mirror-site-b**: no changes',
    expect.stringMatching(
      /^- \*\*source-repos\*\*: not planned here \(.*\); its synthesised configuration is unchanged$/,
    ),
    '- **test-aio**: no changes',
    '- **test-multinode**: no changes',
  ]);
  expect(lines[lines.length - 1]).toBe('No stack changes.');
  expect(first.report).not.toContain(repo.root);
  expect(first.report).not.toContain(os.tmpdir());
});

test('the report is the same bytes each time, with no path of this machine in it', () => {
  const [first, second] = [1, 2].map(() =>
    review(
      'ssh-range',
      (text) => text.replace('adminCidrs: [198.51.100.0/28]', 'adminCidrs: [198.51.100.0/28, 192.0.2.0/28]'),
      'ark',
    ),
  );
  expect(first.status).toBe(2);
  expect(second.report).toBe(first.report);
  expect(first.report).toContain('| added | ingress | tcp | 22 | 192.0.2.0/28 |');
  expect(first.report).not.toContain(repo.root);
  expect(first.report).not.toContain(os.tmpdir());
});

test('a config error on either side: exit 3 and the positioned error, the base named by its ref', () => {
  const broken = (text: string) =>
    text.replace('  hostname: ark.example.org\n', '  hostname: ark.example.org\n  flavour: m1\n');
  const head = review('head-broken', broken);
  expect(head.status).toBe(3);
  expect(head.stderr).toMatch(/^config\/examples\/release-train\.yaml:\d+:\d+ ark\.flavour: unknown key/m);
  expect(head.report).toBe('');

  repo.git(['checkout', '--quiet', '-B', 'base-broken', base]);
  repo.commitEdit('break the base', broken);
  const brokenBase = repo.git(['rev-parse', 'HEAD']).trim();
  repo.commitEdit('fix it', (text) => text.replace('  flavour: m1\n', ''));
  const result = spawnSync(
    process.execPath,
    [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', '--base', brokenBase, '--stack', 'ark'],
    { cwd: repo.root, env: { ...toolchainEnv(), RELEASE_TRAIN_CONFIG: '' }, encoding: 'utf8', timeout: 600_000 },
  );
  expect(result.status).toBe(3);
  expect(result.stderr).toContain(`${brokenBase}:config/examples/release-train.yaml:`);
  expect(result.stderr).toMatch(/ark\.flavour: unknown key/);
});

test("--live plans against the stack's real backend state: the same changes as the offline review", () => {
  // GIVEN test-multinode deployed from the base: its local state, where the stack keeps it (the project root),
  // made by the prior-state builder (there is no cloud here)
  const app = synthApp();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-review-live-'));
  try {
    const workspace = new TofuWorkspace(
      app.stacks.find((s) => s.name === 'test-multinode')!,
      undefined,
      undefined,
      work,
    );
    workspace.init();
    writeAppliedState(workspace);
    fs.copyFileSync(
      path.join(work, 'terraform.test-multinode.tfstate'),
      path.join(repo.root, 'terraform.test-multinode.tfstate'),
    );
    // WHEN the head grows the environment and is reviewed --live (no refresh: there is no cloud to read)
    repo.git(['checkout', '--quiet', '-B', 'live', base]);
    repo.commitEdit('live', growMultinode);
    const result = spawnSync(
      process.execPath,
      [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', '--live', '--no-refresh', '--stack', 'test-multinode'],
      {
        cwd: repo.root,
        env: { ...toolchainEnv(), RELEASE_TRAIN_CONFIG: '', OS_CLIENT_CONFIG_FILE: path.join(work, 'clouds.yaml') },
        encoding: 'utf8',
        timeout: 600_000,
      },
    );
    // THEN the report names the same changes, line for line
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('# Review: the working tree against the deployed stacks');
    const body = (text: string) => text.slice(text.indexOf('- **test-multinode**'));
    expect(grownReport).not.toBe('');
    expect(body(result.stdout)).toBe(body(grownReport));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
});

test('usage errors: neither or both of --base and --live, --no-refresh without --live, an unknown ref', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repo.root, 'dist', 'cli', 'main.js'), 'review', ...args], {
      cwd: repo.root,
      env: toolchainEnv(),
      encoding: 'utf8',
    });
  for (const args of [
    [],
    ['--base', 'HEAD', '--live'],
    ['--base', 'HEAD', '--no-refresh'],
    ['--base', 'no-such-ref'],
  ]) {
    const result = run(...args);
    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(
      /^release-train: (give either --base REF or --live|--no-refresh goes with --live|--base "no-such-ref" names no commit)/m,
    );
  }
});

test('a stack added whole and one removed whole: said in their headlines, with what they create and destroy', () => {
  const result = review(
    'stacks-come-and-go',
    (text) => {
      const aio = text.match(/  - name: aio\n[\s\S]*?(?=  # The shape of terraform-kayobe-multinode)/)![0];
      const withAio2 = text.replace(
        aio,
        aio + aio.replace('name: aio', 'name: aio2').replace('prefix: rt-aio', 'prefix: rt-aio2'),
      );
      return withAio2.replace(/\nbuildHostPools:\n[\s\S]*?(?=\n# Source-code repositories)/, '\n');
    },
    'test-aio2,builders-rt-builder',
  );
  expect(result.status).toBe(2);
  const headlines = result.report.split('\n').filter((l) => l.startsWith('- **'));
  expect(headlines).toHaveLength(2);
  expect(headlines[0]).toMatch(
    /^- \*\*test-aio2\*\*: \*\*new stack\*\*: \d+ to add, 0 to update in place, 0 to replace, 0 to destroy$/,
  );
  expect(headlines[1]).toMatch(/^- \*\*builders-rt-builder\*\*: \*\*stack removed\*\*: \d+ to destroy$/);
  const destroyed = section(result.report, 'builders-rt-builder', 'Destroyed with the stack');
  expect(destroyed.filter((l) => l.startsWith('- destroy `openstack_compute_instance_v2.'))).toHaveLength(2);
  expect(section(result.report, 'test-aio2', 'Added').join('\n')).toMatch(
    new RegExp(`name=rt-aio2-aio-01, flavor_id=${LARGE}`),
  );
});
