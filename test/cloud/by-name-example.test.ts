// config/examples/by-name.yaml (Ark, a mirror and build hosts with every flavor, image and network by name)
// planned against the test bed's real Nova, Glance and Neutron, with the test bed's cloud, image and network
// names in place of the example's (its flavor names and external network are the test bed's already): every
// lookup resolves, and each server gets the ID the cloud has under the name. Planned only: stacks.test.ts
// applies the same shapes. A name in an ID field is refused at synth (test/unit/config/infra.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adminClient, CLOUD_MEMBER } from '../../testbed/openstack/harness';
import { IMAGE_NAME, PROJECT_NETWORK, PROJECT_SUBNET } from '../../testbed/openstack/catalogue';
import { projectRoot } from '../../scripts/toolchain';
import { CloudStack, inventory, replaceEvery } from '../support/cloud';

jest.setTimeout(600_000);

const EXAMPLE = fs.readFileSync(path.join(projectRoot, 'config', 'examples', 'by-name.yaml'), 'utf8');
const onTestbed = replaceEvery(EXAMPLE, [
  ['cloud: release-train', `cloud: ${CLOUD_MEMBER}`],
  ['imageName: Rocky-9-GenericCloud', `imageName: ${IMAGE_NAME}`],
  [
    'networkName: site-a-net, subnetName: site-a-subnet',
    `networkName: ${PROJECT_NETWORK}, subnetName: ${PROJECT_SUBNET}`,
  ],
]);

/** Flavor name the example gives each stack's servers. */
const FLAVOR_OF: Record<string, string> = {
  ark: 'general.v1.medium',
  'mirror-site-a': 'general.v1.small',
  'builders-rt-builder': 'general.v1.large',
};

test.each(Object.keys(FLAVOR_OF))('%s: every name resolves to what the cloud has under it', async (name) => {
  const before = await inventory();
  const stack = CloudStack.synth(onTestbed, name);
  try {
    const plan = await stack.tofu(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    expect({ status: plan.status, stderr: plan.stderr }).toEqual({ status: 0, stderr: '' });
    const shown = JSON.parse((await stack.tofu(['show', '-json', 'plan.tfplan'])).stdout);
    const admin = await adminClient();
    const flavors = await admin.list('compute', '/flavors/detail', 'flavors');
    const [image] = await admin.list('image', `/v2/images?name=${IMAGE_NAME}`, 'images');
    const instances = shown.resource_changes.filter((r: any) => r.type === 'openstack_compute_instance_v2');
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) {
      expect(instance.change.after.flavor_id).toBe(flavors.find((f) => f.name === FLAVOR_OF[name]).id);
      expect(instance.change.after.block_device[0].uuid).toBe(image.id);
    }
    if (name !== 'ark') {
      const [network] = await admin.list('network', `/networks?name=${PROJECT_NETWORK}`, 'networks');
      const ports = shown.resource_changes.filter((r: any) => r.type === 'openstack_networking_port_v2');
      expect(ports).toHaveLength(instances.length);
      expect(ports.map((p: any) => p.change.after.network_id)).toEqual(ports.map(() => network.id));
    }
  } finally {
    stack.dispose();
  }
  expect(await inventory()).toEqual(before);
});
