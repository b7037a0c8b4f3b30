// Day two on the test bed's OpenStack, read back from Nova and Cinder rather than from the state: a pulpImage
// bump changes neither the instance nor its data volume; a new boot image replaces the instance, which gets
// the same data volume attached; prevent_destroy on the data volume stops a destroy (and README's way out
// works); one more compute in a test environment adds a server and renames none.
import { randomBytes } from 'node:crypto';
import { adminClient } from '../../testbed/openstack/harness';
import { IMAGE_NAME } from '../../testbed/openstack/catalogue';
import { added, CloudStack, inventory, waitGone } from '../support/cloud';
import { arkSingle, testEnvironments } from './configs';

jest.setTimeout(1_200_000);

const NEW_IMAGE = `${IMAGE_NAME}-next`;

async function arkIds(stack: CloudStack): Promise<{ instance: string; volume: string; attachedTo: string[] }> {
  const resources = await stack.stateResources();
  const instance = resources.find((r) => r.type === 'openstack_compute_instance_v2').values.id;
  const volume = resources.find((r) => r.type === 'openstack_blockstorage_volume_v3').values.id;
  const admin = await adminClient();
  // From the services themselves: the server exists, the volume is attached to whom Cinder says.
  await admin.call('compute', 'GET', `/servers/${instance}`);
  const real = (await admin.call('volumev3', 'GET', `/volumes/${volume}`)).volume;
  return { instance, volume, attachedTo: real.attachments.map((a: { server_id: string }) => a.server_id) };
}

test('ark: pulpImage bump keeps instance and volume; a new boot image replaces the instance, same volume; prevent_destroy holds', async () => {
  const before = await inventory();
  const admin = await adminClient();
  const image = await admin.call('image', 'POST', '/v2/images', {
    name: NEW_IMAGE,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
  });
  await admin.call('image', 'PUT', `/v2/images/${image.id}/file`, new Uint8Array(randomBytes(4096)));
  const stack = CloudStack.synth(arkSingle(), 'ark');
  try {
    await stack.apply();
    const first = await arkIds(stack);
    expect(first.attachedTo).toEqual([first.instance]);

    stack.resynth(arkSingle({ pulpImage: 'docker.io/pulp/pulp:3.86' }));
    const bumped = await stack.apply();
    expect(bumped).toMatch(/Resources: 0 added, \d+ changed, 0 destroyed/);
    expect(await arkIds(stack)).toEqual(first);

    stack.resynth(arkSingle({ pulpImage: 'docker.io/pulp/pulp:3.86', imageName: NEW_IMAGE }));
    const rebuilt = await stack.apply();
    expect(rebuilt).toMatch(/Resources: \d+ added, \d+ changed, \d+ destroyed/);
    const second = await arkIds(stack);
    expect(second.instance).not.toBe(first.instance);
    expect(second.volume).toBe(first.volume);
    expect(second.attachedTo).toEqual([second.instance]);
    await expect(admin.call('compute', 'GET', `/servers/${first.instance}`)).rejects.toMatchObject({ status: 404 });

    // A plain destroy is refused before anything is touched, naming the volume.
    const refused = await stack.tofu(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Instance cannot be destroyed/);
    expect(refused.stderr).toMatch(
      /openstack_blockstorage_volume_v3\.Pulp_DataVolume_\w+ has\s+lifecycle\.prevent_destroy/,
    );
    expect(await arkIds(stack)).toEqual(second);
  } finally {
    // README's way out: state rm the volume, destroy, delete the kept volume on purpose.
    const destroyed = await stack.destroyAll();
    stack.dispose();
    await admin.call('image', 'DELETE', `/v2/images/${image.id}`);
    expect(destroyed.protectedVolumes).toHaveLength(1);
  }
  await waitGone(admin, 'image', `/v2/images/${image.id}`).catch(() => undefined);
  expect(added(before, await inventory())).toEqual({});
});

test('test-multinode: one more compute adds one server and renames none', async () => {
  const before = await inventory();
  const admin = await adminClient();
  const servers = async () =>
    (await admin.list('compute', '/servers/detail?all_tenants=1&tags=release-train-prefix%3Drt-grow-mn', 'servers'))
      .map((s) => `${s.name} ${s.id}`)
      .sort();
  const stack = CloudStack.synth(testEnvironments('rt-grow'), 'test-multinode');
  try {
    await stack.apply();
    const two = await servers();
    stack.resynth(testEnvironments('rt-grow', { computes: 3 }));
    const grown = await stack.apply();
    expect(grown).toMatch(/Resources: \d+ added, 0 changed, 0 destroyed/);
    const three = await servers();
    expect(three.length).toBe(two.length + 1);
    expect(three).toEqual(expect.arrayContaining(two));
  } finally {
    await stack.destroyAll();
    stack.dispose();
  }
  expect(added(before, await inventory())).toEqual({});
});
