// `release-train promote-containers`: release chosen image tags from the development namespace.
import { loadConfig, loadContainerTags } from '../config';
import { containerPromotionTargets, promoteContainers } from '../tasks/container-promote';
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
} from './args';
import { pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  { name: 'tags', takesValue: true, description: 'YAML file: image name -> list of tags to promote' },
  { name: 'from', takesValue: true, description: 'development namespace (default stackhpc-dev)' },
  { name: 'to', takesValue: true, description: 'release namespace (default stackhpc)' },
  { name: 'allow-missing', takesValue: false, description: 'skip tags the development repository lacks' },
  CONCURRENCY_FLAG,
  DRY_RUN_FLAG,
  JSON_FLAG,
  HELP_FLAG,
];

const PROMOTE_CONTAINERS_HELP = helpText(
  'usage: release-train promote-containers --tags FILE [--config FILE] --pulp-url URL [--from NS] [--to NS] [--allow-missing] [--concurrency N] [--dry-run] [--json]',
  [
    'Copies the listed tags (with their manifests and blobs) from <from>/<image>, whatever repository the push',
    'made, into the release repository <to>/<image> of the config. Every tag is looked up first: a missing one',
    'stops the promotion with nothing changed, unless --allow-missing. A tag already released is not sent',
    'again, so a rerun makes no repository version. Exit codes: 0 done, 3 config (also when no image is in',
    'both the file and the config), 4 auth, 5 unreachable, 6 task failed, 7 other Pulp error (also a missing',
    'tag or repository), 64 usage.',
  ].join('\n'),
  FLAGS,
);

export async function promoteContainersCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, PROMOTE_CONTAINERS_HELP, out);
  if (!flags) return EXIT.ok;
  const file = flags.get('tags') as string | undefined;
  if (!file) throw new UsageError('promote-containers needs --tags FILE');
  const concurrency = concurrencyOf(flags);
  const pulp = pulpClientFor(flags);
  const config = loadConfig(flags.get('config') as string | undefined);
  const tags = loadContainerTags(file);
  const namespaces = {
    from: (flags.get('from') as string | undefined) ?? 'stackhpc-dev',
    to: (flags.get('to') as string | undefined) ?? 'stackhpc',
  };
  const dryRun = flags.has('dry-run');
  const results = await promoteContainers(pulp, containerPromotionTargets(config.content, namespaces), tags, {
    allowMissing: flags.has('allow-missing'),
    dryRun,
    concurrency,
  });
  if (flags.has('json')) {
    out(JSON.stringify({ dryRun, results }, null, 2));
    return EXIT.ok;
  }
  for (const r of results) {
    const parts = [
      r.promoted.length > 0 ? `${dryRun ? 'would promote' : 'promoted'} ${r.promoted.join(', ')}` : '',
      r.alreadyReleased.length > 0 ? `already released ${r.alreadyReleased.join(', ')}` : '',
      r.missing.length > 0 ? `missing (allowed) ${r.missing.join(', ')}` : '',
    ].filter(Boolean);
    out(`${namespaces.to}/${r.image}: ${parts.join('; ')}`);
  }
  return EXIT.ok;
}
