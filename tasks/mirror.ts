// A client Pulp mirroring Ark (DOMAIN.md §2, §3.6, §5.14): remotes at Ark's pinned snapshot distributions
// (never `latest`) with the client's credentials and the `on_demand` policy, the release repositories'
// container images from Ark's registry, then sync, publish once per version, and fixed-name local
// distributions `<distributionName>development` (and, when asked, `...production` serving the same
// publication) that the site's hosts use. A pinned image build is mirrored from Ark's `<name>_<tag>` (never
// `_latest`) and served as `<name>_<tag>` at `<basePath>/<tag>`, the same path as on Ark.
import { ContentConfig, DebRepositoryConfig, ImageConfig } from '../config/content';
import { NotFoundError, PulpClient } from '../pulp';
import { EntityKind } from '../pulp/entities';
import { debRemoteFields, DesiredObject, remoteName } from './desired';
import { NothingToPromoteError } from './promote';
import { endpointsOf, SnapshotTarget, snapshotTargets } from './snapshot';
import { SyncTarget } from './sync';

export interface MirrorSource {
  /** Ark's content prefix, e.g. `https://ark.example.org/pulp/content/`. */
  readonly contentUrl: string;
  /** Ark's registry origin, e.g. `https://ark.example.org`; without it no container image is mirrored. */
  readonly registryUrl?: string;
  /** The client's Ark credentials: released content only. */
  readonly username: string;
  readonly password: string;
}

export interface MirrorPlan {
  readonly objects: DesiredObject[];
  readonly syncTargets: SyncTarget[];
  /** Package repositories to publish and distribute locally, with the pinned version each now holds. */
  readonly packages: { readonly target: SnapshotTarget; readonly version: string }[];
  /** Image series to publish and distribute locally, with the pinned tag each now holds. */
  readonly images: { readonly image: ImageConfig; readonly tag: string }[];
}

export class NothingPinnedError extends NothingToPromoteError {}

/** The published repositories and image series of a config that a versions file pins, each with its pin. */
export interface PinnedContent {
  readonly packages: MirrorPlan['packages'];
  readonly builds: MirrorPlan['images'];
}

/** What of `content` the pins name (`pins`: package short name -> version; `imagePins`: image -> tag). */
export function pinnedContent(
  content: ContentConfig,
  pins: ReadonlyMap<string, string>,
  imagePins: ReadonlyMap<string, string>,
): PinnedContent {
  return {
    packages: snapshotTargets(content)
      .filter((target) => pins.has(target.publication.shortName))
      .map((target) => ({ target, version: pins.get(target.publication.shortName)! })),
    builds: content.images
      .filter((image) => imagePins.has(image.shortName))
      .map((image) => ({ image, tag: imagePins.get(image.shortName)! })),
  };
}

/**
 * The test Pulp's names for what it mirrors of Ark (DOMAIN.md §3.2, the original's test_pulp_* variables): the
 * repository `<name> (ark)` (its remote `<name> (ark)-remote`), and each pinned snapshot distributed as
 * `<distributionName><V>-ark` at Ark's own path `<basePath><V>`.
 */
function testPulpRepositoryName(name: string): string {
  return `${name} (ark)`;
}

export function testPulpDistribution(target: SnapshotTarget, version: string): { name: string; basePath: string } {
  return {
    name: `${target.publication.distributionName}${version}-ark`,
    basePath: `${target.publication.basePath}${version}`,
  };
}

/**
 * `released` (a client site): the release images; `development` (the test Pulp): the development images, and
 * the packages under the test Pulp's names, rpm synced `mirror_complete` whatever Ark uses.
 */
export type MirrorContent = 'released' | 'development';

/**
 * What a client Pulp needs to mirror the pinned snapshots (and released container images) of Ark, and the
 * pinned builds of image series (`imagePins`: image short name -> tag); or, for `development`, what the test
 * Pulp mirrors.
 */
export function mirrorPlan(
  content: ContentConfig,
  pins: ReadonlyMap<string, string>,
  source: MirrorSource,
  imagePins: ReadonlyMap<string, string> = new Map(),
  set: MirrorContent = 'released',
): MirrorPlan {
  const pinned = pinnedContent(content, pins, imagePins);
  const builds = pinned.builds;
  const development = set === 'development';
  const localName = (name: string) => (development ? testPulpRepositoryName(name) : name);
  const packages = pinned.packages.map(({ target, version }) => ({
    target: { ...target, repository: localName(target.repository) },
    version,
  }));
  // Release repositories are filled on Ark by promotion only, so every tag in them is released; development
  // ones by pushes.
  const images = source.registryUrl ? content.container.filter((c) => (development ? c.push : !c.push && !c.url)) : [];
  if (packages.length === 0 && images.length === 0 && builds.length === 0) {
    throw new NothingPinnedError(
      'nothing to mirror: no short name is both in the versions file and published in the config, and no image',
    );
  }
  const secret = { username: source.username, password: source.password };
  const objects: DesiredObject[] = [];
  const syncTargets: SyncTarget[] = [];
  const add = (remoteKind: EntityKind, repositoryKind: EntityKind, name: string, remote: DesiredObject['fields']) => {
    objects.push({ kind: remoteKind, key: remoteName(name), fields: { policy: 'on_demand', ...remote }, secret });
    objects.push({ kind: repositoryKind, key: name, fields: { remote: { ref: remoteKind, key: remoteName(name) } } });
  };
  const contentUrl = source.contentUrl.endsWith('/') ? source.contentUrl : `${source.contentUrl}/`;
  for (const { target, version } of pinned.packages) {
    const url = `${contentUrl}${target.publication.basePath}${version}/`;
    const name = localName(target.repository);
    if (target.type === 'rpm') {
      const rpm = content.rpm.find((r) => r.name === target.repository)!;
      add('rpm-remote', 'rpm-repository', name, { url });
      const syncPolicy = development ? 'mirror_complete' : rpm.syncPolicy;
      syncTargets.push({ kind: 'rpm-repository', name, options: { sync_policy: syncPolicy } });
    } else {
      const deb = content.deb.find((r) => r.name === target.repository)!;
      add('deb-remote', 'deb-repository', name, { url, ...snapshotRemoteFields(deb) });
      syncTargets.push({ kind: 'deb-repository', name, options: { mirror: true } });
    }
  }
  for (const image of images) {
    add('container-remote', 'container-repository', image.name, {
      url: source.registryUrl!,
      upstream_name: image.name,
    });
    objects.push({
      kind: 'container-distribution',
      key: image.name,
      fields: { base_path: image.name, repository: { ref: 'container-repository', key: image.name }, private: false },
    });
    syncTargets.push({ kind: 'container-repository', name: image.name, options: { mirror: false } });
  }
  for (const { image, tag } of builds) {
    add('file-remote', 'file-repository', image.name, { url: `${contentUrl}${image.basePath}/${tag}/PULP_MANIFEST` });
    syncTargets.push({ kind: 'file-repository', name: image.name, options: { mirror: true } });
  }
  return { objects, syncTargets, packages, images: builds };
}

/**
 * What a remote syncs from one of Ark's deb snapshots. A `simple` publication has none of the upstream's
 * dists: it is the one dist `default` with the one component `all`, so that is what the remote asks for.
 */
function snapshotRemoteFields(deb: DebRepositoryConfig): DesiredObject['fields'] {
  const fields = debRemoteFields(deb);
  return deb.mode === 'simple' ? { ...fields, distributions: 'default', components: null } : fields;
}

export type LocalStage = 'development' | 'production';

export interface LocalDistributionResult {
  readonly name: string;
  readonly basePath: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/**
 * Points `<distributionName><stage>` at `<basePath><stage>` to the publication: the development stage at the
 * newest one, production at whatever development serves (promotion on the site, §3.6).
 */
export async function localDistribution(
  pulp: PulpClient,
  target: SnapshotTarget,
  stage: LocalStage,
  publicationHref: string | undefined,
  dryRun = false,
): Promise<LocalDistributionResult> {
  const endpoint = endpointsOf(target).distributions;
  const name = `${target.publication.distributionName}${stage}`;
  const basePath = `${target.publication.basePath}${stage}`;
  const find = (n: string) => pulp.findOne<{ pulp_href: string; publication: string | null }>(endpoint, { name: n });
  const publication =
    stage === 'development'
      ? publicationHref
      : (await find(`${target.publication.distributionName}development`))?.publication;
  if (!publication) throw new NotFoundError(`${name}: no development distribution to serve yet`);
  return pointDistribution(pulp, target, { name, basePath }, publication, dryRun);
}

/** Points the distribution `name` at `basePath` to the publication, creating it when missing. */
export async function pointDistribution(
  pulp: PulpClient,
  target: SnapshotTarget,
  { name, basePath }: { name: string; basePath: string },
  publication: string | undefined,
  dryRun = false,
): Promise<LocalDistributionResult> {
  const endpoint = endpointsOf(target).distributions;
  const [existing] = await pulp.list<{ pulp_href: string; publication: string | null }>(endpoint, { name }, 1);
  if (existing && existing.publication === publication) return { name, basePath, action: 'unchanged' };
  const subject = `${target.type} distribution "${name}"`;
  if (!dryRun) {
    if (!publication) throw new NotFoundError(`${name}: no publication to serve`);
    if (existing) await pulp.change(existing.pulp_href, { publication }, subject);
    else await pulp.createHref(endpoint, { name, base_path: basePath, publication }, subject);
  }
  return { name, basePath, action: existing ? 'updated' : 'created' };
}
