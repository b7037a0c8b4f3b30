// `release-train review`: what applying the head (this working tree) would do to what the base ref made, for
// every stack, offline. Each side is synthesised by its own code from its own config (review/synth.ts, the
// base in a temporary worktree, review/base-checkout.ts); each base stack is "applied" from its own plan
// (review/prior-state.ts) and the head planned against it (review/stack-plan.ts); the plans are rendered
// into one Markdown report (review/change-report.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BaseCheckout, checkoutBase } from './base-checkout';
import { renderReview, ReviewReport, StackReview } from './change-report';
import { livePlan, planStack } from './stack-plan';
import { SideConfigError, synthCheckout } from './synth';
import { SynthesisedStack, Tofu } from './tofu-workspace';

export interface LiveReviewOptions {
  readonly headRoot: string;
  readonly config?: string;
  readonly stacks?: readonly string[];
  /** The operator's tofu with the operator's whole environment: credentials, TF_VAR_*, backend settings. */
  readonly tofu: Tofu;
  /** `false`: plan against the state as it is, without reading the cloud (`-refresh=false`). */
  readonly refresh: boolean;
  readonly log: (line: string) => void;
}

export interface ReviewOptions {
  /** The head: a git work tree of this project, compiled (dist/). */
  readonly headRoot: string;
  readonly baseRef: string;
  /** The config file: relative to each side's root, or absolute (outside the repository: the same for both). */
  readonly config?: string;
  /** Only these stacks (default: every stack of either side). */
  readonly stacks?: readonly string[];
  readonly tofu: Tofu;
  /** Progress and notes (stderr). */
  readonly log: (line: string) => void;
}

/** A config error of one side, its positions given as `<side>:<file>` (the base's as `<ref>:<path>`). */
export class ReviewConfigError extends Error {}

function synthSide(root: string, outdir: string, config: string | undefined, side: string): SynthesisedStack[] {
  try {
    return synthCheckout(root, outdir, config);
  } catch (error) {
    if (!(error instanceof SideConfigError)) throw error;
    // Paths of the base's temporary worktree would mean nothing to the reader: name them by the ref.
    const message = error.message.split(`${root}${path.sep}`).join(side);
    throw new ReviewConfigError(message);
  }
}

export function runReview(options: ReviewOptions): ReviewReport {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-review-'));
  let base: BaseCheckout | undefined;
  try {
    options.log(`review: checking out ${options.baseRef}`);
    base = checkoutBase(options.headRoot, options.baseRef, options.log);
    base.notes.forEach((note) => options.log(`review: ${note}`));
    options.log(`review: synthesising the head (${options.headRoot})`);
    const headStacks = synthSide(options.headRoot, path.join(work, 'head'), options.config, '');
    const baseStacks = synthSide(base.root, path.join(work, 'base'), options.config, `${options.baseRef}:`);
    const names = [...headStacks.map((s) => s.name), ...baseStacks.map((s) => s.name)].filter(
      (name, i, all) => all.indexOf(name) === i && (!options.stacks || options.stacks.includes(name)),
    );
    const reviews: StackReview[] = names.map((name) => {
      const [b, h] = [baseStacks.find((s) => s.name === name), headStacks.find((s) => s.name === name)];
      const started = Date.now();
      const plan = planStack(b, h, options.tofu);
      options.log(`review: ${name}: ${plan.kind} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return { name, plan, baseJson: b?.json, headJson: h?.json };
    });
    const method =
      'Planned offline: each base stack "applied" as a state made from the base\'s own plan (values only the ' +
      'cloud knows are made up), then the head planned against it with `tofu plan -refresh=false`.';
    const against = `\`${options.baseRef}\` (${base.commit.slice(0, 12)})`;
    return renderReview({ against, method }, reviews);
  } finally {
    base?.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `--live`: the head synthesised into cdktf.out as `npm run synth` does, and each stack planned there, as
 * `cdktf diff` does, against its real backend state. The saved plan holds variable values in clear: it is
 * read and deleted at once.
 */
export function runLiveReview(options: LiveReviewOptions): ReviewReport {
  const stacks = synthSide(options.headRoot, path.join(options.headRoot, 'cdktf.out'), options.config, '');
  const reviews: StackReview[] = stacks
    .filter((stack) => !options.stacks || options.stacks.includes(stack.name))
    .map((stack) => {
      const started = Date.now();
      const plan = livePlan(stack, options.tofu, options.refresh);
      options.log(`review: ${stack.name}: ${plan.kind} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return { name: stack.name, plan, headJson: stack.json };
    });
  const method =
    'Planned live: `tofu plan` of each stack against its real backend state' +
    (options.refresh ? ', refreshed from the cloud.' : ' as it is (`-refresh=false`).');
  return renderReview({ against: 'the deployed stacks', method }, reviews);
}
