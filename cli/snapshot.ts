// `release-train publish | distribute | versions`: timestamped snapshots of the config's published repositories.
import * as fs from 'node:fs';
import { loadConfig } from '../config';
import { duplicatePublications } from '../tasks/cleanup';
import { readRepoVersions, updateRepoVersions } from '../tasks/kayobe-versions';
import { promote } from '../tasks/promote';
import { distribute, latestSnapshots, publish, snapshotTargets } from '../tasks/snapshot';
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

const COMMON: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  SHORT_NAME_FLAG,
  SYNC_GROUP_FLAG,
  JSON_FLAG,
  HELP_FLAG,
];
const WRITE: FlagSpec = { name: 'write', takesValue: true, description: 'the pulp-repo-versions.yml to update' };
const EXIT_CODES = 'Exit codes: 0 done, 3 config, 4 auth, 5 unreachable, 6 task failed, 7 other Pulp error, 64 usage.';

const PUBLISH_HELP = helpText(
  'usage: release-train publish [--config FILE] --pulp-url URL [--short-name "REGEX..."] [--sync-group GROUP] [--dry-run] [--json]',
  `Publishes the latest version of each published repository, unless that version already has a\npublication (Pulp would make a second one). ${EXIT_CODES}`,
  [...COMMON, DRY_RUN_FLAG],
);
const DISTRIBUTE_HELP = helpText(
  'usage: release-train distribute [--config FILE] --pulp-url URL [--short-name "REGEX..."] [--sync-group GROUP] [--dry-run] [--json]',
  [
    'Publishes as `publish` does, then gives each new publication one distribution <distributionName><V> at',
    '<basePath><V>, guarded `development`; V (YYYYMMDDTHHMMSS, UTC) is when the repository version was',
    'created. A publication that already has its snapshot gets no new one. ' + EXIT_CODES,
  ].join('\n'),
  [...COMMON, DRY_RUN_FLAG],
);
const VERSIONS_HELP = helpText(
  'usage: release-train versions [--config FILE] --pulp-url URL [--short-name "REGEX..."] [--sync-group GROUP] [--write FILE [--dry-run]] [--json]',
  [
    'Prints the latest snapshot version of each published repository; strictly read-only on Pulp. With',
    '--write, updates a Kayobe pulp-repo-versions.yml in place: only keys already there, header kept, no key',
    'added; with --dry-run, only says what it would change. ' + EXIT_CODES,
  ].join('\n'),
  [...COMMON, WRITE, DRY_RUN_FLAG],
);

/** Parsed flags, the matching targets and a client; undefined when --help was asked (after printing it). */
function setUp(argv: readonly string[], specs: readonly FlagSpec[], help: string, out: (line: string) => void) {
  const flags = flagsOrHelp(argv, specs, help, out);
  if (!flags) return undefined;
  const pulp = pulpClientFor(flags);
  const config = loadConfig(flags.get('config') as string | undefined);
  const targets = snapshotTargets(selectEntries(config.content, selectionOf(flags)));
  if (targets.length === 0) throw new UsageError('no published repository of the config matches');
  return { flags, targets, pulp };
}

export async function publishCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const run = setUp(argv, [...COMMON, DRY_RUN_FLAG], PUBLISH_HELP, out);
  if (!run) return EXIT.ok;
  const { flags, targets, pulp } = run;
  const results = [];
  for (const target of targets) {
    const result = await publish(pulp, target, flags.has('dry-run'));
    results.push({ shortName: target.publication.shortName, ...result });
    if (!flags.has('json')) {
      const what = result.created ? (flags.has('dry-run') ? 'would publish' : 'published') : 'already published';
      out(`${target.type} repository "${target.repository}": ${what} ${result.versionHref}`);
    }
  }
  if (flags.has('json')) out(JSON.stringify(results, null, 2));
  return EXIT.ok;
}

export async function distributeCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const run = setUp(argv, [...COMMON, DRY_RUN_FLAG], DISTRIBUTE_HELP, out);
  if (!run) return EXIT.ok;
  const { flags, targets, pulp } = run;
  const dryRun = flags.has('dry-run');
  const results = [];
  for (const target of targets) {
    const published = await publish(pulp, target, dryRun);
    const result = published.publicationHref
      ? await distribute(pulp, target, published, { guard: 'development', dryRun })
      : {
          name: `${target.publication.distributionName}<V>`,
          basePath: `${target.publication.basePath}<V>`,
          created: true,
        };
    results.push({ shortName: target.publication.shortName, ...result });
    if (!flags.has('json')) {
      const what = result.created ? (dryRun ? 'would distribute' : 'distributed') : 'already distributed';
      out(`${target.type} repository "${target.repository}": ${what} as "${result.name}" at ${result.basePath}`);
    }
  }
  if (flags.has('json')) out(JSON.stringify(results, null, 2));
  return EXIT.ok;
}

export async function versionsCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const run = setUp(argv, [...COMMON, WRITE, DRY_RUN_FLAG], VERSIONS_HELP, out);
  if (!run) return EXIT.ok;
  const { flags, targets, pulp } = run;
  const latest = await latestSnapshots(pulp, targets);
  const file = flags.get('write') as string | undefined;
  const update = file ? updateRepoVersions(readPins(file), latest) : undefined;
  if (file && update && update.updated.length > 0 && !flags.has('dry-run')) fs.writeFileSync(file, update.text);
  if (flags.has('json')) {
    out(JSON.stringify({ latest: Object.fromEntries(latest), updated: update?.updated ?? [] }, null, 2));
  } else {
    for (const [shortName, version] of latest) out(`${shortName}: ${version}`);
    if (file) out(`${file}: ${update!.updated.length === 0 ? 'unchanged' : update!.updated.join(', ')}`);
  }
  return EXIT.ok;
}

export function readPins(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export const VERSIONS_FILE: FlagSpec = {
  name: 'versions',
  takesValue: true,
  description: 'the pulp-repo-versions.yml whose pins to promote',
};

const PROMOTE_HELP = helpText(
  'usage: release-train promote --versions FILE [--config FILE] --pulp-url URL [--short-name "REGEX..."] [--sync-group GROUP] [--concurrency N] [--dry-run] [--json]',
  [
    'Moves each snapshot pinned in a Kayobe pulp-repo-versions.yml (and published in the config) from the',
    '`development` guard to `release`. Every pinned snapshot must exist: a missing one stops the promotion',
    'before anything changes. Already released snapshots are left alone. Exit codes: 0 done, 3 config (also',
    'when no short name is in both the file and the config), 4 auth, 5 unreachable, 6 task failed, 7 other',
    'Pulp error (also a missing snapshot), 64 usage.',
  ].join('\n'),
  [...COMMON, VERSIONS_FILE, CONCURRENCY_FLAG, DRY_RUN_FLAG],
);

export async function promoteCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const run = setUp(argv, [...COMMON, VERSIONS_FILE, CONCURRENCY_FLAG, DRY_RUN_FLAG], PROMOTE_HELP, out);
  if (!run) return EXIT.ok;
  const { flags, targets, pulp } = run;
  const file = flags.get('versions') as string | undefined;
  if (!file) throw new UsageError('promote needs --versions FILE (a pulp-repo-versions.yml)');
  const dryRun = flags.has('dry-run');
  const results = await promote(pulp, targets, readRepoVersions(readPins(file)), {
    guard: 'release',
    dryRun,
    concurrency: concurrencyOf(flags),
  });
  if (flags.has('json')) {
    out(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      out(`${r.distribution}: ${r.changed ? (dryRun ? 'would promote' : 'promoted') : 'already released'}`);
    }
  }
  return EXIT.ok;
}

const YES: FlagSpec = {
  name: 'yes',
  takesValue: false,
  description: 'delete the duplicates (without it: report only)',
};

const CLEANUP_HELP = helpText(
  'usage: release-train cleanup-publications [--config FILE] --pulp-url URL [--short-name "REGEX..."] [--sync-group GROUP] [--yes] [--json]',
  [
    'Finds repository versions with more than one publication and reports the duplicates: the publications a',
    'distribution serves are kept (else the oldest). Deletes them only with --yes. ' + EXIT_CODES,
  ].join('\n'),
  [...COMMON, YES],
);

export async function cleanupCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const run = setUp(argv, [...COMMON, YES], CLEANUP_HELP, out);
  if (!run) return EXIT.ok;
  const { flags, targets, pulp } = run;
  const duplicates = await duplicatePublications(pulp, targets);
  const remove = flags.has('yes');
  for (const duplicate of duplicates) {
    if (remove) await pulp.remove(duplicate.publicationHref, `publication of "${duplicate.repository}"`);
    if (!flags.has('json')) {
      out(
        `${remove ? 'deleted' : 'would delete'} ${duplicate.publicationHref} ("${duplicate.repository}" ${duplicate.versionHref}; kept ${duplicate.kept.join(', ')})`,
      );
    }
  }
  if (flags.has('json')) out(JSON.stringify({ deleted: remove, duplicates }, null, 2));
  else
    out(
      `${duplicates.length} duplicate publication(s)${duplicates.length > 0 && !remove ? '; pass --yes to delete them' : ''}`,
    );
  return EXIT.ok;
}
