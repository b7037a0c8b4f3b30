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
