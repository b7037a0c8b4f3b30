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
  expect(text).toMatch(/- Instances: .*5 × general\.v1\.medium/);
  expect(text).toMatch(/- Floating IPs: 1/);
  expect(text).toMatch(/\| `prefix` \| no \| "rt-mn" \|/);
  expect(text).toContain('```mermaid\nflowchart LR');
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
