// The bad-config corpus (test/bad-config/): each YAML file runs through the real entry point, as `cdktf
// synth` runs it, over a real previous output. Each must exit 1 with exactly its .stderr (the one error
// format, `file:line:col key.path: message`), print nothing on stdout, and leave the output byte for byte.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';
import { synthApp } from '../support/tofu';

const CORPUS = path.join('test', 'bad-config');
const files = fs.readdirSync(path.join(projectRoot, CORPUS));
const cases = files.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
const previous = synthApp();
afterAll(() => fs.rmSync(previous.outdir, { recursive: true, force: true }));

/** sha256 over every file's relative path and content. */
function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const entries = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const entry of entries) {
    hash.update(path.relative(dir, entry));
    if (fs.statSync(entry).isFile()) hash.update(fs.readFileSync(entry));
  }
  return hash.digest('hex');
}

test('the corpus has at least 30 cases, each a .yaml with its .stderr', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  const stderrFiles = files.filter((f) => f.endsWith('.stderr')).map((f) => f.slice(0, -'.stderr'.length));
  expect(stderrFiles.sort()).toEqual([...cases].sort());
});

test.each(cases)('%s', (name) => {
  const before = hashTree(previous.outdir);
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'main.js')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, RELEASE_TRAIN_CONFIG: `${CORPUS}/${name}.yaml`, CDKTF_OUTDIR: previous.outdir },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe(fs.readFileSync(path.join(projectRoot, CORPUS, `${name}.stderr`), 'utf8'));
  expect(result.stdout).toBe('');
  expect(result.status).toBe(1);
  expect(hashTree(previous.outdir)).toBe(before);
});
