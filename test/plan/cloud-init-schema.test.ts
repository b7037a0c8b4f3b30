// The user data a PulpServer writes passes Debian's `cloud-init schema` (installed into the cache by the one
// install script); a broken one does not, so the check can fail.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cloudInitSchema } from '../../scripts/cloud-init';
import { synthApp } from '../support/tofu';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cloud-init-'));
const app = synthApp();
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(app.outdir, { recursive: true, force: true });
});

/** The synthesised user data, with Terraform's interpolation of the data volume's serial filled in. */
function arkUserData(): string {
  const ark = app.stacks.find((s) => s.name === 'ark')!;
  const [instance] = Object.values<any>(ark.json.resource.openstack_compute_instance_v2);
  return (instance.user_data as string).replace(/\$\{substr\([^}]*\)\}/g, '0123456789abcdef0123');
}

test("the ark Pulp server's user data is valid cloud-config", () => {
  const file = path.join(work, 'user-data.yaml');
  fs.writeFileSync(file, arkUserData());
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
