// `release-train sync`: sync the config's repositories from their remotes, one after another.
import { loadConfig } from '../config';
import { Task } from '../pulp';
import { ENTITIES } from '../pulp/entities';
import { syncRepository, syncTargets } from '../tasks/sync';
import { CONFIG_FLAG, FlagSpec, HELP_FLAG, helpText, parseFlags, PULP_URL_FLAG } from './args';
import { pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  { name: 'repository', takesValue: true, description: 'sync only this repository (by name)' },
  { name: 'sync-group', takesValue: true, description: 'sync only the repositories of this sync group' },
  { name: 'dry-run', takesValue: false, description: 'list what would be synced; sync nothing' },
  HELP_FLAG,
];

export const SYNC_HELP = helpText(
  'usage: release-train sync [--config FILE] --pulp-url URL [--repository NAME | --sync-group GROUP] [--dry-run]',
  [
    'Syncs each synced repository of the config from its remote (rpm: its sync_policy; deb: mirror), printing',
    "Pulp's progress reports as they change. A repository that already has a sync waiting or running is not",
    'synced twice: that sync is awaited. Credentials as for reconcile. Exit codes: 0 done, 3 config, 4 auth,',
    '5 unreachable, 6 a sync task failed, 7 other Pulp error (e.g. the repository does not exist), 64 usage.',
  ].join('\n'),
  FLAGS,
);

function progressLine(subject: string, task: Task, seen: Map<string, string>, out: (line: string) => void): void {
  for (const report of task.progress_reports ?? []) {
    const line = `${subject}: ${report.message} ${report.done}${report.total ? `/${report.total}` : ''} (${report.state})`;
    if (seen.get(report.code) !== line) {
      seen.set(report.code, line);
      out(line);
    }
  }
}

export async function syncCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.has('help')) {
    out(SYNC_HELP);
    return EXIT.ok;
  }
  const pulp = pulpClientFor(flags);
  const config = loadConfig(flags.get('config') as string | undefined);
  const names = flags.has('repository') ? [flags.get('repository') as string] : undefined;
  const targets = syncTargets(config.content, { names, syncGroup: flags.get('sync-group') as string | undefined });
  if (targets.length === 0) throw new UsageError('nothing to sync: no synced repository of the config matches');
  if (flags.has('dry-run')) {
    for (const target of targets)
      out(`would sync ${ENTITIES[target.kind].label} "${target.name}" (${JSON.stringify(target.options)})`);
    return EXIT.ok;
  }
  for (const target of targets) {
    const subject = `${ENTITIES[target.kind].label} "${target.name}"`;
    const seen = new Map<string, string>();
    const result = await syncRepository(pulp, target, (task) => progressLine(subject, task, seen, out));
    const how = result.dispatched ? '' : ' (awaited a sync already running)';
    out(`${subject}: ${result.changed ? 'new repository version' : 'no change'}${how}`);
  }
  return EXIT.ok;
}
