// `release-train reconcile`: converge one Pulp towards the content config.
import { loadConfig } from '../config';
import { selectContent } from '../tasks/content-scope';
import { desiredObjects } from '../tasks/desired';
import { Change, describeChange, Reconciler } from '../tasks/reconcile';
import {
  CONCURRENCY_FLAG,
  concurrencyOf,
  CONFIG_FLAG,
  flagsOrHelp,
  FlagSpec,
  HELP_FLAG,
  helpText,
  ONLY_FLAG,
  PULP_URL_FLAG,
} from './args';
import { credentialsHashKey, pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  {
    name: 'dry-run',
    takesValue: false,
    description: 'print the planned changes with before and after values; write nothing',
  },
  {
    name: 'detailed-exitcode',
    takesValue: false,
    description: 'with --dry-run: exit 2 when there are changes, 0 when none',
  },
  {
    name: 'prune',
    takesValue: false,
    description: 'delete objects labelled as managed by release-train that the config no longer has',
  },
  ONLY_FLAG,
  CONCURRENCY_FLAG,
  { name: 'json', takesValue: false, description: 'print the changes as JSON on stdout' },
  HELP_FLAG,
];

const RECONCILE_HELP = helpText(
  'usage: release-train reconcile [--config FILE] --pulp-url URL [--dry-run [--detailed-exitcode]] [--prune | --only PART] [--concurrency N] [--json]',
  [
    'Creates the repositories, remotes, container distributions, content guards, groups and users of the',
    'config that are missing, and PATCHes only the fields that differ; --concurrency N works on N objects at',
    'once (groups first, then guards, users and remotes, then repositories, then distributions). Credentials:',
    'RELEASE_TRAIN_PULP_USERNAME (default admin) and RELEASE_TRAIN_PULP_PASSWORD or',
    'RELEASE_TRAIN_PULP_PASSWORD_FILE; one login per run (RELEASE_TRAIN_PULP_AUTH=basic: the password on every',
    'request instead). Secrets named in the config (remotePasswordEnv, passwordEnv) are read from the',
    'environment, only for the part worked on. With',
    '--only, only that part: `access` or one repository, e.g. rpm/rocky-9-baseos (what a deploy task runs).',
    'Exit codes: 0 done (or no changes),',
    '2 changes planned (--dry-run --detailed-exitcode), 3 config, 4 auth, 5 unreachable, 6 task failed,',
    '7 other Pulp error, 64 usage.',
  ].join('\n'),
  FLAGS,
);

/** Up to this many objects, a part is looked up object by object (three small calls each at most). */
const PER_OBJECT_LIMIT = 64;

export async function reconcileCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, RECONCILE_HELP, out);
  if (!flags) return EXIT.ok;
  if (flags.has('detailed-exitcode') && !flags.has('dry-run'))
    throw new UsageError('--detailed-exitcode needs --dry-run');
  // Pruning compares against the whole config: with one part only, it would delete all the others.
  if (flags.has('prune') && flags.has('only')) throw new UsageError('--prune cannot be combined with --only');
  const config = loadConfig(flags.get('config') as string | undefined);
  const desired = desiredObjects(selectContent(config.content, flags.get('only') as string | undefined));
  const pulp = pulpClientFor(flags);
  const json = flags.has('json');
  const dryRun = flags.has('dry-run');
  const changes: Change[] = await new Reconciler(pulp, {
    dryRun,
    prune: flags.has('prune'),
    // A deploy task converges one part: on a Pulp with the real content (over a thousand container
    // repositories) listing whole types per task would cost pages of every object; a few small lookups do.
    lookup: flags.has('only') && desired.length <= PER_OBJECT_LIMIT ? 'per-object' : 'bulk',
    hashKey: credentialsHashKey(),
    concurrency: concurrencyOf(flags),
    onChange: (change) => json || out(`${dryRun ? 'would ' : ''}${describeChange(change)}`),
  }).run(desired);
  if (json) out(JSON.stringify({ dryRun, changes }, null, 2));
  else
    out(
      `${changes.length === 0 ? 'no changes' : `${changes.length} change(s) ${dryRun ? 'planned' : 'applied'}`} (${desired.length} objects in the config)`,
    );
  return dryRun && flags.has('detailed-exitcode') && changes.length > 0 ? EXIT.changes : EXIT.ok;
}
