// A config with fewer or renamed stacks, through the real cdktf CLI: cdktf-cli removes the stack folders of
// the previous output that the new manifest lacks, after the app has already swapped its output into place
// (stacks/synthesise.ts). The second synth must exit 0 with exactly the new stacks, and a diff must plan on it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, toolchainEnv, toolchainLayout } from '../../scripts/toolchain';
import { dummyCloudsYaml } from '../../review/tofu-workspace';
import { writeExampleConfig } from '../support/config';
import { spawnCollected } from '../support/spawn';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-stack-removal-'));
const outdir = path.join(work, 'cdktf.out');

/** The example config without the site-a mirror, and its `aio` test environment renamed `aio-two`. */
function fewerAndRenamed(text: string): string {
  const start = text.indexOf('  - name: site-a\n');
  const end = text.indexOf('  # A Pulp the site runs itself');
  expect([start, end].every((i) => i > 0)).toBe(true);
  const edited = text.slice(0, start) + text.slice(end);
  expect(edited).toContain('  - name: aio\n    kind: aio\n');
  return edited.replace('  - name: aio\n    kind: aio\n', '  - name: aio-two\n    kind: aio\n');
}

async function cdktf(args: string[], config: string) {
  const layout = toolchainLayout();
  const result = await spawnCollected(path.join(projectRoot, 'node_modules', '.bin', 'cdktf'), args, {
    cwd: work,
    env: {
      ...toolchainEnv(layout),
      PATH: `${path.dirname(layout.tofu.binary)}:${process.env.PATH}`,
      TERRAFORM_BINARY_NAME: 'tofu',
      CI: '1',
      RELEASE_TRAIN_CONFIG: config,
      OS_CLIENT_CONFIG_FILE: path.join(work, 'clouds.yaml'),
    },
    timeout: 300_000,
  });
  // eslint-disable-next-line no-control-regex
  return { ...result, log: `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}

const stackFolders = () => fs.readdirSync(path.join(outdir, 'stacks')).sort();
const manifestStacks = () =>
  Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort();

beforeAll(() => {
  fs.symlinkSync(path.join(projectRoot, 'dist'), path.join(work, 'dist'));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(work, 'node_modules'));
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'cdktf.json'), 'utf8'));
  fs.writeFileSync(path.join(work, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'node dist/main.js' }));
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('synth after a mirror is removed and a test environment renamed exits 0, and diff plans the renamed stack', async () => {
  const before = writeExampleConfig(work, 'before.yaml');
  const first = await cdktf(['synth'], before);
  expect([first.status, first.log]).toEqual([0, expect.any(String)]);
  expect(stackFolders()).toEqual(expect.arrayContaining(['mirror-site-a', 'test-aio']));

  const after = writeExampleConfig(work, 'after.yaml', fewerAndRenamed);
  const second = await cdktf(['synth'], after);
  expect([second.status, second.log]).toEqual([0, expect.not.stringContaining('ENOENT')]);
  // Exactly the new stacks, in the manifest and on disk: no folder of a stack that is gone, none missing.
  expect(manifestStacks()).not.toContain('mirror-site-a');
  expect(manifestStacks()).not.toContain('test-aio');
  expect(manifestStacks()).toContain('test-aio-two');
  expect(stackFolders()).toEqual(manifestStacks());
  for (const stack of manifestStacks()) {
    expect(fs.existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  }

  // diff synthesises again (same stacks: nothing to remove) and plans the renamed stack with real tofu.
  // The cloud the stack names, at a closed port: the plan reads no data source, so it never calls it.
  const stackJson = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'test-aio-two', 'cdk.tf.json'), 'utf8'));
  fs.writeFileSync(path.join(work, 'clouds.yaml'), dummyCloudsYaml(stackJson));
  // --skip-provider-lock: the lock step asks the registry for other platforms' checksums; tofu installs from
  // the project-built mirror only.
  const diff = await cdktf(['diff', 'test-aio-two', '--skip-provider-lock'], after);
  expect([diff.status, diff.log]).toEqual([0, expect.stringMatching(/Plan: \d+ to add, 0 to change, 0 to destroy/)]);
}, 600_000);
