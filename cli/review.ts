// `release-train review --base <ref>`: the plan of this working tree against what the base ref made, for every
// stack, offline and without credentials, as one Markdown report (review/review.ts). tofu is the operator's:
// TERRAFORM_BINARY_NAME, else `tofu` on PATH, else `terraform`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { BaseRefError } from '../review/base-checkout';
import { ReviewConfigError, runLiveReview, runReview } from '../review/review';
import { liveTofu, offlineTofu } from '../review/tofu-workspace';
import { flagsOrHelp, FlagSpec, HELP_FLAG, helpText } from './args';
import { EXIT, UsageError } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  { name: 'base', takesValue: true, description: 'the git ref to compare with, e.g. origin/main or HEAD~1' },
  {
    name: 'config',
    takesValue: true,
    description: 'config file, the same path on both sides (default: RELEASE_TRAIN_CONFIG, else the example)',
  },
  { name: 'stack', takesValue: true, description: 'only these stacks, comma-separated (default: every stack)' },
  { name: 'out', takesValue: true, description: 'also write the report to this file' },
  {
    name: 'live',
    takesValue: false,
    description: "instead of --base: plan against each stack's real backend state, with your credentials",
  },
  { name: 'no-refresh', takesValue: false, description: 'with --live: do not read the cloud (tofu -refresh=false)' },
  HELP_FLAG,
];

const REVIEW_HELP = helpText(
  'usage: release-train review --base REF | --live [--no-refresh]  [--config FILE] [--stack A,B] [--out FILE]',
  [
    'Reports what applying this working tree would do to what the base ref made: per stack, resources to add,',
    'update in place, replace (with the attribute forcing it) and destroy, security group rules added and',
    'removed, release tasks that rerun and why. Offline and without credentials: each side is synthesised by',
    'its own code (the base in a temporary git worktree), the base is "applied" as a state made from its own',
    'plan, and the head is planned against it with tofu (TERRAFORM_BINARY_NAME, else tofu or terraform on PATH).',
    'With --live: the same report from `tofu plan` of each stack (synthesised into cdktf.out) against its real',
    'backend state, with your environment (clouds.yaml, TF_VAR_*, backend credentials), as `cdktf diff` does.',
    'Exit codes: 0 no change, 2 changes, 3 a config error on either side, 64 usage, 1 anything else.',
  ].join('\n'),
  FLAGS,
);

/** The config as given (flag, else RELEASE_TRAIN_CONFIG): inside the project, its path from the root. */
function configOf(flag: string | undefined): string | undefined {
  const given = flag ?? (process.env.RELEASE_TRAIN_CONFIG || undefined);
  if (!given) return undefined;
  const absolute = path.resolve(given);
  const relative = path.relative(PROJECT_ROOT, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

export async function reviewCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, REVIEW_HELP, out);
  if (!flags) return EXIT.ok;
  const baseRef = flags.get('base');
  const live = flags.has('live');
  if (live === (typeof baseRef === 'string')) throw new UsageError('give either --base REF or --live (see --help)');
  if (flags.has('no-refresh') && !live) throw new UsageError('--no-refresh goes with --live');
  const stackFlag = flags.get('stack');
  const common = {
    headRoot: PROJECT_ROOT,
    config: configOf(flags.get('config') as string | undefined),
    stacks: typeof stackFlag === 'string' ? stackFlag.split(',').map((s) => s.trim()) : undefined,
    log: (line: string) => console.error(line),
  };
  try {
    const report = live
      ? runLiveReview({ ...common, tofu: liveTofu(), refresh: !flags.has('no-refresh') })
      : runReview({ ...common, baseRef: baseRef as string, tofu: offlineTofu() });
    const file = flags.get('out');
    if (typeof file === 'string') fs.writeFileSync(file, report.markdown);
    out(report.markdown.replace(/\n$/, ''));
    return report.hasChanges ? EXIT.changes : EXIT.ok;
  } catch (error) {
    if (error instanceof ReviewConfigError) {
      console.error(error.message);
      return EXIT.config;
    }
    if (error instanceof BaseRefError) throw new UsageError(error.message);
    throw error;
  }
}
