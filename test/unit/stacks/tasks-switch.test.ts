// RELEASE_TRAIN_TASKS=off: an infrastructure-only synthesis (what the cloud tests apply on the test bed's
// OpenStack, whose fake hypervisor runs no guest for a task to reach). Everything but the tasks is unchanged.
import { Testing } from 'cdktf';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig, PROJECT_ROOT } from '../../../config';
import { buildStacks, tasksSwitch } from '../../../stacks';

const config = loadConfig(DEFAULT_CONFIG_FILE);
const resourcesOf = (tasks: boolean) =>
  Object.fromEntries(
    buildStacks(Testing.app(), config, { tasks }).map((stack) => [
      stack.node.id,
      JSON.parse(Testing.synth(stack)).resource ?? {},
    ]),
  );

test('off leaves out every release task of Ark and the mirrors, and nothing else', () => {
  const on = resourcesOf(true);
  const off = resourcesOf(false);
  expect(Object.keys(on.ark.terraform_data ?? {}).length).toBeGreaterThan(0);
  expect(Object.keys(on['mirror-site-a'].terraform_data ?? {}).length).toBeGreaterThan(0);
  for (const [stack, resources] of Object.entries(on)) {
    const { terraform_data: _tasks, ...infrastructure } = resources as Record<string, unknown>;
    expect(off[stack]).toEqual(infrastructure);
  }
});

test('the variable takes on or off (unset = on); anything else is refused by name', () => {
  expect([undefined, '', 'on'].map(tasksSwitch)).toEqual([true, true, true]);
  expect(tasksSwitch('off')).toBe(false);
  expect(() => tasksSwitch('no')).toThrow('RELEASE_TRAIN_TASKS: expected on or off, got "no"');
});

test('synthesis with a bad value exits 1 with that one line and writes nothing', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-switch-')), 'out');
  // main.ts itself through ts-node (a devDependency), so the fast tier needs no compiled dist/.
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(PROJECT_ROOT, 'main.ts')],
    {
      env: { ...process.env, RELEASE_TRAIN_TASKS: 'false', CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    },
  );
  expect({ status: result.status, stderr: result.stderr }).toEqual({
    status: 1,
    stderr: 'RELEASE_TRAIN_TASKS: expected on or off, got "false"\n',
  });
  expect(fs.existsSync(outdir)).toBe(false);
});
