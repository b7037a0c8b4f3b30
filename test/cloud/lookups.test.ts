// Lookups by name are data sources the real provider resolves while planning, here against the test bed's
// real Nova, Glance and Neutron (a plan is enough). A name the cloud does not have fails the plan, naming the
// lookup; nothing is created either way.
import { CloudStack, inventory } from '../support/cloud';
import { arkSingle } from './configs';

jest.setTimeout(600_000);

async function planOf(configText: string) {
  const stack = CloudStack.synth(configText, 'ark');
  try {
    return await stack.tofu(['plan', '-input=false', '-lock=false', '-no-color']);
  } finally {
    stack.dispose();
  }
}

test('an image name the cloud does not have fails the plan, naming the image lookup', async () => {
  const before = await inventory();
  const plan = await planOf(arkSingle({ imageName: 'Rocky Linux 8 (gone)' }));
  expect(plan.status).toBe(1);
  expect(plan.stderr).toMatch(/Your query returned no results/);
  expect(plan.stderr).toMatch(/data\.openstack_images_image_v2\.\w+/);
  expect(await inventory()).toEqual(before);
});

test('a flavor name the cloud does not have fails the plan, naming the flavor lookup', async () => {
  const plan = await planOf(arkSingle({ flavorName: 'general.v9.huge' }));
  expect(plan.status).toBe(1);
  expect(plan.stderr).toMatch(/data\.openstack_compute_flavor_v2\.\w+/);
  expect(plan.stderr).toMatch(/no results|not found/i);
});
