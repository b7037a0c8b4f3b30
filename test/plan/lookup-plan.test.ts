// Lookups by name are opt-in data sources: the real OpenStack provider resolves them while planning, here
// against FakeOpenStackApi (the one fake allowed: no OpenStack cloud can run on this machine). The plan
// then carries the IDs the cloud answered; a name the cloud does not have fails the plan, naming it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeOpenStackApi, FakeInventory } from '../support/fake-openstack-api';
import { synthApp, TofuWorkspace } from '../support/tofu';

const inventory: FakeInventory = {
  networks: [{ id: '3f1c1a1e-0c52-4b1e-9c1e-5d7a3c2b1a01', name: 'site-net' }],
  subnets: [
    {
      id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c02',
      name: 'site-subnet',
      networkId: '3f1c1a1e-0c52-4b1e-9c1e-5d7a3c2b1a01',
      cidr: '10.50.0.0/24',
    },
  ],
  images: [{ id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b03', name: 'Rocky Linux 9 (2026-11)' }],
  flavors: [
    { id: 'f1a2b3c4-0000-4000-8000-000000000004', name: 'm1.large', vcpus: 4, ramMiB: 8192 },
    { id: 'f1a2b3c4-0000-4000-8000-000000000005', name: 'm1.xlarge', vcpus: 8, ramMiB: 16384 },
  ],
};
const api = new FakeOpenStackApi(inventory);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-lookup-plan-'));

function arkConfig(imageName: string): string {
  return `openstack:
  cloud: site-cloud
ark:
  name: ark
  hostname: ark.example.org
  flavorName: m1.large
  imageName: ${imageName}
  network:
    existing:
      networkName: site-net
      subnetName: site-subnet
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
`;
}

async function planWith(configText: string) {
  const configFile = path.join(work, `config-${Date.now()}.yaml`);
  fs.writeFileSync(configFile, configText);
  const app = synthApp({ RELEASE_TRAIN_CONFIG: configFile });
  const workspace = new TofuWorkspace(
    app.stacks.find((s) => s.name === 'ark')!,
    undefined,
    api.cloudsYaml('site-cloud'),
  );
  try {
    workspace.init();
    const plan = await workspace.runAsync(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    const shown =
      plan.status === 0 ? JSON.parse((await workspace.runAsync(['show', '-json', 'plan.tfplan'])).stdout) : undefined;
    return { plan, shown };
  } finally {
    workspace.dispose();
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('names in the config become the IDs the cloud answers, in a real plan', async () => {
  const { plan, shown } = await planWith(arkConfig('Rocky Linux 9 (2026-11)'));
  expect(plan.stderr).toBe('');
  expect(plan.status).toBe(0);
  const after = (type: string) => shown.resource_changes.find((c: any) => c.type === type).change.after;
  const instance = after('openstack_compute_instance_v2');
  expect(instance.flavor_id).toBe(inventory.flavors[0].id);
  expect(instance.block_device[0].uuid).toBe(inventory.images[0].id);
  const port = after('openstack_networking_port_v2');
  expect(port.network_id).toBe(inventory.networks[0].id);
  expect(port.fixed_ip[0].subnet_id).toBe(inventory.subnets[0].id);
  // Only lookups: the plan read from the cloud and created nothing in it.
  expect(api.requests.filter((r) => !r.startsWith('GET ') && r !== 'POST /v3/auth/tokens')).toEqual([]);
  expect(api.requests).toEqual(
    expect.arrayContaining([
      'GET /network/v2.0/networks?name=site-net',
      'GET /network/v2.0/subnets?name=site-subnet',
      expect.stringMatching(/^GET \/image\/v2\/images\?name=Rocky\+Linux\+9/),
      expect.stringMatching(/^GET \/compute\/v2\.1\/flavors\/detail/),
    ]),
  );
});

test('a name the cloud does not have fails the plan, naming what was looked up', async () => {
  const { plan } = await planWith(arkConfig('Rocky Linux 8'));
  expect(plan.status).not.toBe(0);
  expect(plan.stderr).toMatch(/openstack_images_image_v2|image/i);
  expect(plan.stderr).toMatch(/no (image )?results|not found|Your query returned no results/i);
});
