// The construct path behind a cdktf logical ID, taken only when the ID's hash confirms it.
import { constructPathOfLogicalId } from '../../../review/logical-id';
import { constructOf } from '../../../review/plan-summary';

test('a logical ID decodes to its construct path when its hash confirms it (a hidden Resource component too)', () => {
  // md5("Environment/Computes/compute-02/Resource") starts 3d9ecb7a: the ID cdktf gave compute-02's instance.
  expect(constructPathOfLogicalId('Environment_Computes_compute-02_3D9ECB7A')).toEqual([
    'Environment',
    'Computes',
    'compute-02',
  ]);
  expect(constructPathOfLogicalId('Environment_Computes_compute-02_Port_0941B122')).toEqual([
    'Environment',
    'Computes',
    'compute-02',
    'Port',
  ]);
});

test('an ID whose hash does not match, or with no hash, gives no path rather than a guess', () => {
  expect(constructPathOfLogicalId('Environment_Computes_compute-02_3D9ECB7B')).toBeUndefined();
  expect(constructPathOfLogicalId('rt_ark_instance')).toBeUndefined();
});

test("a resource not in the configuration (a live review's destroy) is placed by its logical ID", () => {
  const change = { mode: 'managed' as const, type: 'openstack_networking_port_v2', name: '' };
  expect(constructOf({ ...change, name: 'Environment_Computes_compute-02_Port_0941B122' }, {})).toBe(
    'Environment/Computes/compute-02',
  );
  expect(constructOf({ ...change, name: 'Environment_Computes_compute-02_3D9ECB7A' }, {})).toBe('Environment/Computes');
  expect(constructOf({ ...change, name: 'port' }, {})).toBe('(stack)');
});
