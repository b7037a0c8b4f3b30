// Publish and distribute timestamped snapshots, and query the latest snapshot of each repository.
//
// Publish never makes a second publication of a repository version (Pulp does not deduplicate them).
// Distribute gives each new publication exactly one distribution `<distributionName><V>` at `<basePath><V>`,
// guarded `development`. V is the creation time (UTC, YYYYMMDDTHHMMSS) of the repository version it serves:
// the instant the content came to be, so that snapshot order is content order whenever and however often
// the publish job runs (the upstream takes the publish playbook's clock, and its own FIXME says it should be
// the version's creation time).
import { ContentConfig, DebPublicationMode, Publication } from '../config/content';
import { NotFoundError, PulpClient } from '../pulp';

export interface SnapshotTarget {
  /** `file`: an image series (tasks/image.ts), whose version is a build's tag. */
  readonly type: 'rpm' | 'deb' | 'file';
  readonly repository: string;
  readonly publication: Publication;
  /** deb only: how its snapshots are published. */
  readonly mode?: DebPublicationMode;
}

interface Endpoints {
  readonly repositories: string;
  readonly publications: string;
  readonly distributions: string;
}

const SNAPSHOT_VERSION = /^\d{8}T\d{6}$/;

export function endpointsOf(target: SnapshotTarget): Endpoints {
  if (target.type !== 'deb') {
    return {
      repositories: `repositories/${target.type}/${target.type}/`,
      publications: `publications/${target.type}/${target.type}/`,
      distributions: `distributions/${target.type}/${target.type}/`,
    };
  }
  return {
    repositories: 'repositories/deb/apt/',
    publications: target.mode === 'verbatim' ? 'publications/deb/verbatim/' : 'publications/deb/apt/',
    distributions: 'distributions/deb/apt/',
  };
}

/** The published repositories of the config, optionally only some short names. */
export function snapshotTargets(content: ContentConfig, shortNames?: readonly string[]): SnapshotTarget[] {
  const targets: SnapshotTarget[] = [
    ...content.rpm.flatMap((r) =>
      r.publication ? [{ type: 'rpm' as const, repository: r.name, publication: r.publication }] : [],
    ),
    ...content.deb.flatMap((r) =>
      r.publication ? [{ type: 'deb' as const, repository: r.name, publication: r.publication, mode: r.mode }] : [],
    ),
  ];
  return targets.filter((t) => !shortNames?.length || shortNames.includes(t.publication.shortName));
}

/** The APT publication's two switches for a mode other than verbatim; both are sent, so no server default applies. */
export function aptPublicationFlags(mode: Exclude<DebPublicationMode, 'verbatim'>): {
  simple: boolean;
  structured: boolean;
} {
  return { simple: mode !== 'structured', structured: mode !== 'simple' };
}

/** `2024-01-05T04:48:43.123456Z` -> `20240105T044843`. */
export function snapshotVersion(isoTime: string): string {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${JSON.stringify(isoTime)}`);
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
}

function subjectOf(target: SnapshotTarget): string {
  return `${target.type} repository "${target.repository}"`;
}

export interface PublishResult {
  readonly versionHref: string;
  /** Absent only in a dry run that would create one. */
  readonly publicationHref?: string;
  readonly created: boolean;
}

/** Publishes the repository's latest version, unless that version already has a publication. */
export async function publish(pulp: PulpClient, target: SnapshotTarget, dryRun = false): Promise<PublishResult> {
  const endpoints = endpointsOf(target);
  const [repository] = await pulp.list<{ latest_version_href: string }>(
    endpoints.repositories,
    { name: target.repository },
    1,
  );
  if (!repository)
    throw new NotFoundError(`${subjectOf(target)} does not exist in Pulp; run \`release-train reconcile\` first`);
  const versionHref = repository.latest_version_href;
  const [existing] = await pulp.list<{ pulp_href: string }>(
    endpoints.publications,
    { repository_version: versionHref },
    1,
  );
  if (existing) return { versionHref, publicationHref: existing.pulp_href, created: false };
  if (dryRun) return { versionHref, created: true };
  const body =
    target.type === 'deb' && target.mode !== 'verbatim'
      ? { repository_version: versionHref, ...aptPublicationFlags(target.mode ?? 'structured') }
      : { repository_version: versionHref };
  const publication = await pulp.create<{ pulp_href: string }>(endpoints.publications, body, subjectOf(target));
  return { versionHref, publicationHref: publication.pulp_href, created: true };
}

export interface DistributeResult {
  readonly name: string;
  readonly basePath: string;
  readonly created: boolean;
}

/** The fields of a publication-serving distribution (rpm, deb, file) that the tasks read. */
export interface PublicationDistribution {
  readonly pulp_href: string;
  readonly name: string;
  readonly base_path: string;
  readonly publication: string | null;
  readonly content_guard: string | null;
}

/** The timestamped distributions of a target: `<distributionName><V>` with V a snapshot version. */
async function snapshotDistributions(pulp: PulpClient, target: SnapshotTarget): Promise<PublicationDistribution[]> {
  const prefix = target.publication.distributionName;
  const candidates = await pulp.list<PublicationDistribution>(endpointsOf(target).distributions, {
    name__startswith: prefix,
  });
  return candidates.filter((d) => SNAPSHOT_VERSION.test(d.name.slice(prefix.length)));
}

/**
 * Gives the publication a timestamped distribution guarded by `guard`, unless one already serves it (then
 * nothing changes: a rerun on the same content makes no new snapshot).
 */
export async function distribute(
  pulp: PulpClient,
  target: SnapshotTarget,
  published: PublishResult,
  options: { guard: string; dryRun?: boolean },
): Promise<DistributeResult> {
  const serving = (await snapshotDistributions(pulp, target)).find((d) => d.publication === published.publicationHref);
  if (serving) return { name: serving.name, basePath: serving.base_path, created: false };
  const version = await pulp.get<{ pulp_created: string }>(published.versionHref);
  const stamp = snapshotVersion(version.pulp_created);
  const name = `${target.publication.distributionName}${stamp}`;
  const basePath = `${target.publication.basePath}${stamp}`;
  if (options.dryRun) return { name, basePath, created: true };
  const [guard] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: options.guard }, 1);
  if (!guard)
    throw new NotFoundError(
      `RBAC content guard "${options.guard}" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  await pulp.createHref(
    endpointsOf(target).distributions,
    { name, base_path: basePath, publication: published.publicationHref, content_guard: guard.pulp_href },
    `${target.type} distribution "${name}"`,
  );
  return { name, basePath, created: true };
}

/**
 * The latest snapshot version of each target: its newest publication (by repository version number) that a
 * timestamped distribution serves. Strictly read-only (the upstream query creates distributions).
 */
export async function latestSnapshots(
  pulp: PulpClient,
  targets: readonly SnapshotTarget[],
): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const target of targets) {
    const distributions = (await snapshotDistributions(pulp, target)).filter((d) => d.publication);
    let best: { number: number; version: string } | undefined;
    for (const distribution of distributions) {
      const publication = await pulp.get<{ repository_version: string }>(distribution.publication!);
      const number = Number(/\/versions\/(\d+)\/$/.exec(publication.repository_version)?.[1] ?? -1);
      const version = distribution.name.slice(target.publication.distributionName.length);
      if (!best || number > best.number || (number === best.number && version > best.version))
        best = { number, version };
    }
    if (best) latest.set(target.publication.shortName, best.version);
  }
  return latest;
}
