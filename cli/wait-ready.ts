// `release-train wait-ready`: wait until a Pulp can take work (the first task a deploy runs against it).
import { waitReady } from '../tasks/readiness';
import { flagsOrHelp, FlagSpec, HELP_FLAG, helpText, PULP_URL_FLAG, wholeNumberFlag } from './args';
import { pulpClientFor } from './credentials';
import { EXIT } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  PULP_URL_FLAG,
  { name: 'timeout', takesValue: true, description: 'seconds to wait at most, 1-3600 (default 300)' },
  { name: 'workers', takesValue: true, description: 'task workers that must be online, 1-64 (default 1)' },
  HELP_FLAG,
];

const WAIT_READY_HELP = helpText(
  'usage: release-train wait-ready --pulp-url URL [--timeout SECONDS] [--workers N]',
  [
    "Polls Pulp's status until its database is connected, the task workers are online and a content app",
    'answers; an unreachable Pulp is waited for too. Exit codes: 0 ready, 5 not ready in time (the message says',
    'what is missing), 7 other Pulp error, 64 usage.',
  ].join('\n'),
  FLAGS,
);

export async function waitReadyCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, WAIT_READY_HELP, out);
  if (!flags) return EXIT.ok;
  const timeoutSeconds = wholeNumberFlag(flags, 'timeout', 300, 3600);
  const minWorkers = wholeNumberFlag(flags, 'workers', 1, 64);
  const pulp = pulpClientFor(flags);
  let last = '';
  const status = await waitReady(pulp, {
    minWorkers,
    timeoutMs: timeoutSeconds * 1000,
    onWait: (missing) => {
      const line = `waiting: ${missing.join('; ')}`;
      if (line !== last) out(line);
      last = line;
    },
  });
  const core = status.versions.find((v) => v.component === 'core')?.version ?? '?';
  out(`ready: pulpcore ${core}, ${status.online_workers.length} task worker(s) online`);
  return EXIT.ok;
}
