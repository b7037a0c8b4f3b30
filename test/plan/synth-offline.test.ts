// The README's `npm run synth` on a fresh checkout: it writes every stack into cdktf.out with
// no terraform or tofu on PATH and no network (a network namespace with only a downed loopback).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';

const canIsolate = spawnSync('unshare', ['--net', 'true']).status === 0;

/** PATH with this Node.js and the system folders, checked to hold neither terraform nor tofu. */
function pathWithoutTerraform(dir: string): string {
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  const npmCli = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  fs.writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\nexec "${process.execPath}" "${npmCli}" "$@"\n`, { mode: 0o755 });
  const searchPath = [dir, '/usr/bin', '/bin'].join(':');
  for (const tool of ['terraform', 'tofu']) {
    expect(spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: searchPath } }).status).not.toBe(0);
  }
  return searchPath;
}

(canIsolate ? test : test.skip)('npm run synth works offline with no terraform/tofu on PATH', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-synth-offline-'));
  try {
    const env = { HOME: process.env.HOME ?? work, PATH: pathWithoutTerraform(work), CDKTF_OUTDIR: undefined };
    const outdir = path.join(work, 'cdktf.out');
    execFileSync('unshare', ['--net', 'npm', 'run', '--silent', 'synth', '--', '--output', outdir], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.keys(manifest.stacks);
    expect(stacks).toContain('ark');
    for (const stack of stacks) {
      expect(fs.existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

if (!canIsolate) {
  console.warn('skipped the offline synth test: `unshare --net` is not permitted here (needs root or user namespaces)');
}
