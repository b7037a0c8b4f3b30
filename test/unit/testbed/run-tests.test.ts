// npm test's two jest processes side by side (testbed/run-tests.ts), run here on probe projects in a temporary
// folder with the project's closing-line reporter: one closing line adds both groups up, and a failure in
// either group, or a group that ends without counts, fails the run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTestGroups } from '../../../testbed/run-tests';

const reporter = path.resolve(__dirname, '../../support/closing-line-reporter.js');

async function runProbes(
  projects: Record<string, Record<string, string>>,
  groups: string[][],
): Promise<{ status: number; stdout: string; stderr: string; closingLines: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-run-tests-'));
  try {
    for (const [project, files] of Object.entries(projects)) {
      fs.mkdirSync(path.join(dir, project));
      for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, project, name), source);
    }
    const config = {
      rootDir: dir,
      reporters: ['default', reporter],
      cache: false,
      projects: Object.keys(projects).map((name) => ({
        displayName: name,
        rootDir: path.join(dir, name),
        testMatch: ['<rootDir>/*.test.js'],
      })),
    };
    fs.writeFileSync(path.join(dir, 'jest.config.json'), JSON.stringify(config));
    let stdout = '';
    let stderr = '';
    const status = await runTestGroups(['--config', path.join(dir, 'jest.config.json')], {
      groups,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    return { status, stdout, stderr, closingLines: stdout.split('\n').filter((line) => /tests: /.test(line)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const passing = "test('passes', () => expect(1).toBe(1));\n";
const failing = "test('fails', () => expect(1).toBe(2));\n";

test('two passing groups: one closing line adding both up, exit 0', async () => {
  const run = await runProbes({ a: { 'a.test.js': passing }, b: { 'b.test.js': passing, 'c.test.js': passing } }, [
    ['a'],
    ['b'],
  ]);
  expect(run.closingLines).toEqual(['tests: 3 passed, 0 failed, 0 skipped']);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^\[a\] exit 0: 1 passed, 0 failed, 0 skipped$/m);
  expect(run.stdout).toMatch(/^\[b\] exit 0: 2 passed, 0 failed, 0 skipped$/m);
});

test('a failure in one group fails the run, and its lines are marked with the group', async () => {
  const run = await runProbes({ a: { 'a.test.js': passing }, b: { 'b.test.js': failing } }, [['a'], ['b']]);
  expect(run.closingLines).toEqual(['tests: 1 passed, 1 failed, 0 skipped']);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^\[b\] FAIL .*b\.test\.js/m);
  expect(run.stderr).toMatch(/^\[a\] PASS .*a\.test\.js/m);
});

test('a group whose jest ends without counts (no such project) counts as 1 failed', async () => {
  const run = await runProbes({ a: { 'a.test.js': passing } }, [['a'], ['missing']]);
  expect(run.closingLines).toEqual(['tests: 1 passed, 1 failed, 0 skipped']);
  expect(run.status).toBe(1);
});
