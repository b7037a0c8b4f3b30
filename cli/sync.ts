// `release-train sync`: sync the config's repositories from their remotes.
import { loadConfig } from '../config';
import { PulpClient } from '../pulp';
import { ENTITIES } from '../pulp/entities';
import { mapConcurrent } from '../tasks/concurrency';
import { SyncResult, syncRepository, SyncTarget, syncTargets } from '../tasks/sync';
import {
  CONCURRENCY_FLAG,
  concurrencyOf,
  CONFIG_FLAG,
  DRY_RUN_FLAG,
  flagsOrHelp,
  FlagSpec,
  HELP_FLAG,
  helpText,
  JSON_FLAG,
  PULP_URL_FLAG,
  selectionOf,
  SHORT_NAME_FLAG,
  SYNC_GROUP_FLAG,
} from './args';
import { selectEntries } from '../tasks/select';
import { pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';
import { ProgressView } from './progress';

const FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  { name: 'repository', takesValue: true, description: 'sync only this repository (by name)' },
  SHORT_NAME_FLAG,
  SYNC_GROUP_FLAG,
  CONCURRENCY_FLAG,
  DRY_RUN_FLAG,
  JSON_FLAG,
  HELP_FLAG,
];

const SYNC_HELP = helpText(
  'usage: release-train sync [--config FILE] --pulp-url URL [--repository NAME] [--short-name "REGEX..."] [--sync-group GROUP] [--concurrency N] [--dry-run] [--json]',
  [
    'Syncs each synced repository of the config from its remote (rpm: its sync_policy; deb and file: mirror),',
    "showing Pulp's progress reports live (bars on a terminal, plain lines otherwise; with --json, on stderr).",
    'A repository that already has a sync waiting or running is not synced twice: that sync is awaited.',
    'The nightly job of one sync group: release-train sync --sync-group rocky_9_baseos --concurrency 4.',
    'Credentials as for reconcile. Exit codes: 0 done, 3 config, 4 auth, 5 unreachable, 6 a sync task failed,',
    '7 other Pulp error (e.g. the repository does not exist), 64 usage.',
  ].join('\n'),
  FLAGS,
);

/** Syncs the targets, `concurrency` at a time, with live progress; the shared step of sync and mirror. */
export async function syncWithProgress(
  pulp: PulpClient,
  targets: readonly SyncTarget[],
  progress: ProgressView,
  concurrency: number,
): Promise<SyncResult[]> {
  return mapConcurrent(targets, concurrency, async (target) => {
    const subject = `${ENTITIES[target.kind].label} "${target.name}"`;
    const result = await syncRepository(pulp, target, (task) => progress.update(subject, task));
    const how = result.dispatched ? '' : ' (awaited a sync already running)';
    progress.finish(subject, `${subject}: ${result.changed ? 'new repository version' : 'no change'}${how}`);
    return result;
  });
}

export async function syncCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, SYNC_HELP, out);
  if (!flags) return EXIT.ok;
  const concurrency = concurrencyOf(flags);
  const pulp = pulpClientFor(flags);
  const config = loadConfig(flags.get('config') as string | undefined);
  const names = flags.has('repository') ? [flags.get('repository') as string] : undefined;
  const targets = syncTargets(selectEntries(config.content, selectionOf(flags)), { names });
  if (targets.length === 0) throw new UsageError('nothing to sync: no synced repository of the config matches');
  const json = flags.has('json');
  if (flags.has('dry-run')) {
    if (json) out(JSON.stringify({ dryRun: true, wouldSync: targets }, null, 2));
    else
      for (const target of targets)
        out(`would sync ${ENTITIES[target.kind].label} "${target.name}" (${JSON.stringify(target.options)})`);
    return EXIT.ok;
  }
  const results = await syncWithProgress(pulp, targets, ProgressView.forCommand(out, json), concurrency);
  if (json) {
    const rows = results.map((r) => ({
      kind: r.target.kind,
      name: r.target.name,
      changed: r.changed,
      dispatched: r.dispatched,
      task: r.taskHref,
    }));
    out(JSON.stringify(rows, null, 2));
  }
  return EXIT.ok;
}
