// What the test bed holds before any test runs is the baseline every leftover check compares with
// (test/support/cloud.ts `cycle`). Neutron makes a project's `default` security group lazily, on first use;
// the bed makes them all at start so that none appears mid-test as if a stack had left it.
import { adminClient } from '../../testbed/openstack/harness';

jest.setTimeout(120_000);

test("every project of the bed has Neutron's default security group from the start", async () => {
  const admin = await adminClient();
  const projects = await admin.list('identity', '/projects', 'projects');
  // Unfiltered, so that this listing itself makes no default group but the admin project's.
  const groups = await admin.list('network', '/security-groups', 'security_groups');
  const withDefault = new Set(groups.filter((g: any) => g.name === 'default').map((g: any) => g.project_id));
  const missing = projects.filter((p: any) => !withDefault.has(p.id)).map((p: any) => p.name);
  expect(projects.length).toBeGreaterThanOrEqual(3);
  expect(missing).toEqual([]);
});
