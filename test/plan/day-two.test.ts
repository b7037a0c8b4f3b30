// Day two on a real plan: Ark is "applied" (a prior state made from its own plan, review/prior-state.ts;
// there is no cloud), then the config changes. A Pulp version bump changes the user data only, which the
// instance ignores: the plan destroys and replaces nothing. A new boot image must replace the instance
// (the control that shows this test can see a replacement), and even then the data volume stays.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeExampleConfig } from '../support/config';
import { actionsByAddress, planAgainstState, replaceConfig, writeAppliedState } from '../../review/prior-state';
import { SynthesisedApp, synthApp, TofuWorkspace } from '../support/tofu';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-day-two-'));
const apps: SynthesisedApp[] = [];
let workspace: TofuWorkspace;

/** The example config with `edit` applied to its text, synthesised; returns its ark stack. */
function arkWith(name: string, edit: (text: string) => string) {
  const file = writeExampleConfig(work, `${name}.yaml`, edit);
  const app = synthApp({ RELEASE_TRAIN_CONFIG: file });
  apps.push(app);
  return app.stacks.find((s) => s.name === 'ark')!;
}

const original = arkWith('original', (text) => text);
const instanceOf = (json: any) => Object.keys(json.resource.openstack_compute_instance_v2)[0];
const INSTANCE = `openstack_compute_instance_v2.${instanceOf(original.json)}`;
const DATA_VOLUME = `openstack_blockstorage_volume_v3.${Object.keys(original.json.resource.openstack_blockstorage_volume_v3)[0]}`;

beforeAll(() => {
  workspace = new TofuWorkspace(original);
  workspace.init();
  const rounds = writeAppliedState(workspace);
  console.log(`[day two] prior state of ark after ${rounds} plan(s); ${INSTANCE}, ${DATA_VOLUME}`);
});

afterAll(() => {
  workspace?.dispose();
  for (const app of apps) fs.rmSync(app.outdir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

test('the applied state plans no change against its own config', () => {
  const actions = Object.values(actionsByAddress(planAgainstState(workspace)));
  expect(actions.length).toBeGreaterThan(0);
  expect(actions.every((a) => a.join() === 'no-op')).toBe(true);
});

test('a Pulp version bump changes the user data but plans no destroy of the instance or its volumes', () => {
  const bumped = arkWith('bumped', (text) =>
    text.replace('  bootVolumeSizeGiB: 100\n', '  bootVolumeSizeGiB: 100\n  pulpImage: docker.io/pulp/pulp:3.86\n'),
  );
  const userData = (json: any) => json.resource.openstack_compute_instance_v2[instanceOf(json)].user_data;
  expect(userData(bumped.json)).toContain('docker.io/pulp/pulp:3.86');
  expect(userData(bumped.json)).not.toBe(userData(original.json));

  replaceConfig(workspace, bumped);
  const actions = actionsByAddress(planAgainstState(workspace));
  expect(actions[INSTANCE]).toEqual(['no-op']);
  expect(actions[DATA_VOLUME]).toEqual(['no-op']);
  expect(Object.entries(actions).filter(([, a]) => a.includes('delete'))).toEqual([]);
});

test('control: a new boot image replaces the instance, and still never the data volume', () => {
  const rebuilt = arkWith('rebuilt', (text) =>
    text.replace('imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f', 'imageId: 2a9f3e5d-7c4b-4d6e-9f80-1b2c3d4e5f60'),
  );
  replaceConfig(workspace, rebuilt);
  const actions = actionsByAddress(planAgainstState(workspace));
  expect(actions[INSTANCE]).toEqual(['delete', 'create']);
  expect(actions[DATA_VOLUME]).toEqual(['no-op']);
});
