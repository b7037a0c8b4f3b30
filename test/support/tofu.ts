// Synthesises the compiled app for tests and runs the project-built OpenTofu on its stacks
// (review/tofu-workspace.ts, also used by `npm run summary` and `test-cloud --plan-only`).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnCollected } from './spawn';
import { projectRoot, toolchainTofu } from '../../scripts/toolchain';
import { SynthesisedStack, Tofu, TofuResult, TofuWorkspace as ProductTofuWorkspace } from '../../review/tofu-workspace';

export type { SynthesisedStack, TofuResult } from '../../review/tofu-workspace';

export interface SynthesisedApp {
  readonly outdir: string;
  readonly stacks: readonly SynthesisedStack[];
}

/** Synthesises the compiled app (dist/main.js) into a fresh temporary folder. */
export function synthApp(env: NodeJS.ProcessEnv = {}): SynthesisedApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-synth-'));
  execFileSync(process.execPath, [path.join(projectRoot, 'dist', 'main.js')], {
    cwd: projectRoot,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.values<any>(manifest.stacks).map((stack) => {
    const dir = path.join(outdir, stack.workingDirectory);
    return {
      name: stack.name,
      dir,
      json: JSON.parse(fs.readFileSync(path.join(dir, stack.synthesizedStackPath.split('/').pop()), 'utf8')),
    };
  });
  return { outdir, stacks };
}

/** The workspace of review/tofu-workspace.ts on the project-built tofu, plus a run that does not block this process. */
export class TofuWorkspace extends ProductTofuWorkspace {
  constructor(stack: SynthesisedStack, tofu: Tofu = toolchainTofu(), cloudsYaml?: string, workRoot?: string) {
    super(stack, tofu, cloudsYaml, workRoot);
  }

  /** Needed when the test itself serves what tofu calls (spawnSync would starve the server). */
  async runAsync(args: readonly string[], timeoutMs = 120_000): Promise<TofuResult> {
    const result = await spawnCollected(this.tofu, args, { cwd: this.dir, env: this.env, timeout: timeoutMs });
    return { ...result, status: result.status ?? -1 };
  }
}
