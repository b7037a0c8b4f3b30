// `npm run summary` for the example: every stack's summary comes from a real plan, is deterministic (two runs
// give the same bytes, with no path of this machine in them), and the copy committed under docs/plans/ is
// the current one (a change to the example's plans must come with its summary, for reviewers).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSummaries } from '../../scripts/summary';
import { projectRoot } from '../../scripts/toolchain';

const dirs = [1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'rt-summary-test-')));
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const read = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]),
  );

test('summaries are deterministic and the committed ones in docs/plans are current', () => {
  for (const dir of dirs) writeSummaries(dir);
  const [first, second] = dirs.map(read);
  expect(Object.keys(first)).toEqual([
    'ark.md',
    'builders-rt-builder.md',
    'mirror-site-a.md',
    'mirror-site-b.md',
    'source-repos.md',
    'test-aio.md',
    'test-multinode.md',
  ]);
  expect(second).toEqual(first);
  for (const text of Object.values(first)) {
    expect(text).not.toContain(projectRoot);
    expect(text).not.toContain(os.tmpdir());
    expect(text).toMatch(/## Replacements and destroys\n\nNone: nothing is replaced or destroyed\./);
  }
  const committed = read(path.join(projectRoot, 'docs', 'plans'));
  // Regenerate with `npm run summary` when this fails, and review the diff.
  expect(committed).toEqual(first);
});

test('the multinode summary counts what a reviewer checks first', () => {
  const text = read(dirs[0])['test-multinode.md'];
  expect(text).toMatch(/- Instances: .*5 × 0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e03/);
  expect(text).toMatch(/- Floating IPs: 1/);
  expect(text).toMatch(/\| `prefix` \| no \| "rt-mn" \|/);
  expect(text).toContain('```mermaid\nflowchart LR');
});

test('every server is listed with its flavor, image and boot disk', () => {
  const servers = (file: string) =>
    read(dirs[0])[file].split('## Servers\n\n')[1].split('\n## ')[0].trim().split('\n').slice(2);
  const multinode = servers('test-multinode.md');
  expect(multinode).toHaveLength(11);
  expect(multinode).toContain(
    '| rt-mn-controller-02 | 0b7c4e2a-9d1f-4c3a-8e5b-6f2d1a9c7e03 | 6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f | 100 GiB volume |',
  );
  expect(servers('ark.md')).toEqual([
    '| ark | 5b0e3c1a-7d2f-4e8a-9c61-3f4d2a1b0c9e | 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f | 100 GiB volume |',
  ]);
  expect(servers('builders-rt-builder.md')).toHaveLength(2);
});

test('the source-repos summary says it is no plan (a takeover plan reads from GitHub), and shows what is imported', () => {
  const text = read(dirs[0])['source-repos.md'];
  expect(text).toContain('**not from a\nplan**: a plan of this stack reads from GitHub');
  expect(text).not.toContain('from a real `tofu plan`');
  expect(text).toMatch(/\| import \| github_branch_protection \| .* \| pattern=stackhpc\/2025\.1 \|/);
  expect(text).toMatch(/\| create \| github_branch_protection \| .* \| pattern=stackhpc\/2026\.1 \|/);
  expect(text).toContain('- Imports: 84 existing objects taken over');
  expect(text).toMatch(/\| `github_app_pem_file` \| yes \| \(required\) \|/);
});
