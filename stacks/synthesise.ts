// Synthesis that never leaves half an output: cdktf writes stack by stack and validates (rule findings
// included) as it goes, so the app is synthesised into a sibling folder and swapped into place only when
// every stack succeeded. A failure leaves the previous output exactly as it was.
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReleaseTrainConfig } from '../config/model';
import { buildStacks, StackOptions } from './build-stacks';
import { ruleFindingsError } from './rule-findings';

/** cdktf's own default, and what `cdktf synth` passes in CDKTF_OUTDIR. */
const DEFAULT_OUTDIR = 'cdktf.out';

export function synthesise(
  config: ReleaseTrainConfig,
  outdir = process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR,
  options: StackOptions = { tasks: true },
): void {
  const target = path.resolve(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.staging-`);
  try {
    // cdktf's node validations here are only terraform_data's check that runs `terraform version`: synth
    // must work with no terraform (or with tofu) on PATH. Our checks run anyway: props rules throw, and the
    // rule pack's error annotations abort synth whatever this flag says.
    const app = new App({ outdir: staging, skipValidation: true });
    buildStacks(app, config, options);
    try {
      app.synth();
    } catch (error) {
      throw ruleFindingsError(error, config) ?? error;
    }
    if (underCdktfCli()) keepFoldersCdktfWillRemove(target, staging);
    const previous = fs.existsSync(target) ? `${staging}.previous` : undefined;
    if (previous) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * cdktf-cli lists `<outdir>/stacks/*` before it runs the app, and afterwards removes each listed folder that
 * the new manifest lacks, with rmSync without `force`: a folder that the swap above took away makes it fail
 * with ENOENT (exit 1 after a mirror is removed or a test environment renamed). So each stack folder of the
 * previous output that the new one lacks is left in the new output as an empty folder, for cdktf-cli to
 * remove as it means to. Without cdktf-cli (the app run on its own) nothing would remove them: none is left.
 */
function keepFoldersCdktfWillRemove(target: string, staging: string): void {
  const stacksOf = (outdir: string) => {
    const dir = path.join(outdir, 'stacks');
    return fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [e.name] : []))
      : [];
  };
  const kept = new Set(stacksOf(staging));
  for (const stack of stacksOf(target)) {
    if (!kept.has(stack)) fs.mkdirSync(path.join(staging, 'stacks', stack), { recursive: true });
  }
}

/** cdktf-cli's synth sets this for the app it runs (cli-core synth-stack.js); nothing else does. */
function underCdktfCli(): boolean {
  return process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}
