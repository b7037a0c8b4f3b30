// Before -> after per attribute, as the review report shows it: sensitive values hidden on either side,
// made-up cloud values named as such, what follows a replaced neighbour left out, the forcing path marked.
import { attributeChanges } from '../../../review/attribute-diff';

const CLOUD_ID = '00000000-0000-4000-8000-0123456789ab'; // as review/prior-state.ts makes them up

test('a changed sensitive value shows as (sensitive) on both sides, never its value', () => {
  const changes = attributeChanges({
    before: { name: 'a', admin_pass: 'old-secret' },
    after: { name: 'a', admin_pass: 'new-secret' },
    before_sensitive: { admin_pass: true },
    after_sensitive: { admin_pass: true },
  });
  expect(changes).toEqual([
    { path: 'admin_pass', before: '(sensitive)', after: '(sensitive)', forcesReplacement: false },
  ]);
  expect(JSON.stringify(changes)).not.toContain('secret');
});

test('the forcing path of a replacement, nested in a block, is marked; cloud IDs that follow it are left out', () => {
  const changes = attributeChanges({
    before: { id: CLOUD_ID, flavor_id: 'm1', block_device: [{ uuid: 'image-1', volume_size: 100 }], tags: [] },
    after: { flavor_id: 'm1', block_device: [{ uuid: 'image-2', volume_size: 100 }], tags: null },
    after_unknown: { id: true },
    replace_paths: [['block_device', 0, 'uuid']],
  });
  expect(changes).toEqual([
    { path: 'block_device[0].uuid', before: '`image-1`', after: '`image-2`', forcesReplacement: true },
  ]);
});

test('a value only the cloud knew shows as (from the cloud) when it is what forces the change', () => {
  const changes = attributeChanges({
    before: { instance_id: CLOUD_ID },
    after: {},
    after_unknown: { instance_id: true },
    replace_paths: [['instance_id']],
  });
  expect(changes).toEqual([
    { path: 'instance_id', before: '(from the cloud)', after: '(known after apply)', forcesReplacement: true },
  ]);
});

test("a replaced resource's values the cloud gave (a live plan's real ones) are left out; the forcing one stays", () => {
  // As `tofu plan` against a real state shows a boot image change: the old server's ID, address, timestamps
  // and computed tags go unknown (a computed list as a whole), the forcing path holds the old real ID.
  const changes = attributeChanges({
    actions: ['delete', 'create'],
    before: {
      id: 'c6e8b8d2-14ff-4eec-8fe5-0796a570b11d',
      access_ip_v4: '10.205.3.226',
      all_tags: ['release-train-ci'],
      block_device: [{ uuid: 'image-1' }],
    },
    after: { block_device: [{ uuid: 'image-2' }] },
    after_unknown: { id: true, access_ip_v4: true, all_tags: true },
    replace_paths: [['block_device', 0, 'uuid']],
  });
  expect(changes).toEqual([
    { path: 'block_device[0].uuid', before: '`image-1`', after: '`image-2`', forcesReplacement: true },
  ]);
});

test('an in-place update whose computed list goes unknown as a whole shows its old elements as (known after apply)', () => {
  const changes = attributeChanges({
    actions: ['update'],
    before: { all_tags: ['release-train-ci'], tags: ['release-train-ci'] },
    after: { tags: ['release-train-ci', 'new'] },
    after_unknown: { all_tags: true },
  });
  expect(changes).toEqual([
    { path: 'all_tags[0]', before: '`release-train-ci`', after: '(known after apply)', forcesReplacement: false },
    { path: 'tags[1]', before: '(none)', after: '`new`', forcesReplacement: false },
  ]);
});
