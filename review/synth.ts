// Synthesises one checkout of the project (the head, or the base's temporary worktree) the way `npm run synth`
// does, by running its own compiled app (`node <root>/dist/main.js`) into a folder of the caller's, so that
// each side is built by its own code from its own config. No cdktf in this process (cli/ may import this).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SynthesisedStack } from './tofu-workspace';

/** The synthesis of one side failed on its config (the app printed positioned errors, no stack trace). */
export class SideConfigError extends Error {}

/**
 * `node <root>/dist/main.js` with CDKTF_OUTDIR=`outdir`; the stacks in the app's order. `config` is the config
 * file for RELEASE_TRAIN_CONFIG (absolute, or relative to `root`). Config errors (the app exits 1 with its
 * messages and no stack trace) throw SideConfigError with those messages; anything else, an Error.
 */
export function synthCheckout(root: string, outdir: string, config: string | undefined): SynthesisedStack[] {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' };
  delete env.RELEASE_TRAIN_CONFIG;
  if (config) env.RELEASE_TRAIN_CONFIG = path.resolve(root, config);
  const result = spawnSync(process.execPath, [path.join(root, 'dist', 'main.js')], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const stderr = result.stderr.trim();
    if (result.status === 1 && stderr && !/^\s+at .+\(.+:\d+:\d+\)$/m.test(stderr)) throw new SideConfigError(stderr);
    throw new Error(`synthesis failed (exit ${result.status}):\n${stderr}`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.stacks).map((stack) => {
    const dir = path.join(outdir, stack.workingDirectory);
    const file = path.join(dir, path.basename(stack.synthesizedStackPath));
    return { name: stack.name, dir, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
  });
}
