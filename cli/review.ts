// `release-train review --base <ref>`: the plan of this working tree against what the base ref made, for every
// stack, offline and without credentials, as one Markdown report (review/review.ts). tofu is the operator's:
// TERRAFORM_BINARY_NAME, else `tofu` on PATH, else `terraform`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { BaseRefError } from '../review/base-checkout';
import { ReviewConfigError, runReview } from '../review/review';
import { operatorTofu } from '../review/tofu-workspace';
import { FlagSpec, HELP_FLAG, helpText, parseFlags } from './args';
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
  HELP_FLAG,
];

export const REVIEW_HELP = helpText(
  'usage: release-train review --base REF [--config FILE] [--stack A,B] [--out FILE]',
  [
    'Reports what applying this working tree would do to what the base ref made: per stack, resources to add,',
    'update in place, replace (with the attribute forcing it) and destroy, security group rules added and',
    'removed, release tasks that rerun and why. Offline and without credentials: each side is synthesised by',
    'its own code (the base in a temporary git worktree), the base is "applied" as a state made from its own',
    'plan, and the head is planned against it with tofu (TERRAFORM_BINARY_NAME, else tofu or terraform on PATH).',
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
  const flags = parseFlags(argv, FLAGS);
  if (flags.has('help')) {
    out(REVIEW_HELP);
    return EXIT.ok;
  }
  const baseRef = flags.get('base');
  if (typeof baseRef !== 'string') throw new UsageError('--base is required (see --help)');
  const stackFlag = flags.get('stack');
  try {
    const report = runReview({
      headRoot: PROJECT_ROOT,
      baseRef,
      config: configOf(flags.get('config') as string | undefined),
      stacks: typeof stackFlag === 'string' ? stackFlag.split(',').map((s) => s.trim()) : undefined,
      tofu: operatorTofu(),
      log: (line) => console.error(line),
    });
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
