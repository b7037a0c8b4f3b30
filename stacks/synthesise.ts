// Synthesis that never leaves half an output: cdktf writes stack by stack and validates (rule findings
// included) as it goes, so the app is synthesised into a sibling folder and swapped into place only when
// every stack succeeded. A failure leaves the previous output exactly as it was.
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReleaseTrainConfig } from '../config/model';
import { buildStacks, StackOptions } from './index';
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
    const previous = fs.existsSync(target) ? `${staging}.previous` : undefined;
    if (previous) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
