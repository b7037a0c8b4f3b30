// The user data of every server in the examples (Ark, a mirror, test hosts, builders, Ark at scale's nodes)
// passes Debian's `cloud-init schema` (installed into the cache by the one install script); a broken one
// does not, so the check can fail.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cloudInitSchema } from '../../scripts/cloud-init';
import { synthApp } from '../support/tofu';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cloud-init-'));
const apps = [synthApp(), synthApp({ RELEASE_TRAIN_CONFIG: path.join('config', 'examples', 'ark-at-scale.yaml') })];
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const app of apps) fs.rmSync(app.outdir, { recursive: true, force: true });
});

/** Every instance's user data, with Terraform's interpolations filled in as they would be at apply time. */
const userData = apps.flatMap((app, i) =>
  app.stacks.flatMap((stack) =>
    Object.values<any>(stack.json.resource?.openstack_compute_instance_v2 ?? {}).map(
      (instance) =>
        [
          `${i === 0 ? '' : 'at scale: '}${stack.name}/${instance.name}`,
          (instance.user_data as string)
            .replace(/\$\{substr\([^}]*\)\}/g, '0123456789abcdef0123')
            .replace(/\$\{base64encode\([^}]*\)\}/g, Buffer.from('plan-only').toString('base64')),
        ] as const,
    ),
  ),
);
const arkUserData = () => userData.find(([name]) => name === 'ark/ark')![1];

test('the examples have user data for every server: Pulp, test hosts, builders and the nodes at scale', () => {
  const names = userData.map(([name]) => name);
  expect(names).toEqual(
    expect.arrayContaining(['ark/ark', 'mirror-site-a/site-a-pulp', 'builders-rt-builder/rt-builder-02']),
  );
  expect(names).toEqual(
    expect.arrayContaining(['test-aio/${var.prefix}-aio-01', 'test-multinode/${var.prefix}-storage-03']),
  );
  expect(names.filter((name) => name.startsWith('at scale: '))).toHaveLength(5);
  expect(names).toHaveLength(2 + 2 + 2 + 11 + 5);
});

test.each(userData)('%s: valid cloud-config', (name, text) => {
  const file = path.join(work, `${name.replace(/\W+/g, '-')}.yaml`);
  fs.writeFileSync(file, text);
  const result = cloudInitSchema(file);
  expect(result.output).toContain('Valid cloud-config');
  expect(result.valid).toBe(true);
});

test('a wrong type in user data is refused', () => {
  const file = path.join(work, 'broken.yaml');
  fs.writeFileSync(file, arkUserData().replace(/^package_update: true$/m, 'package_update: [not, a, boolean]'));
  const result = cloudInitSchema(file);
  expect(result.valid).toBe(false);
  expect(result.output).toMatch(/package_update/);
});
