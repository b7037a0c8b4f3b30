// A client Pulp mirroring Ark (DOMAIN.md §2, §3.6, §5.14): remotes at Ark's pinned snapshot distributions
// (never `latest`) with the client's credentials and the `on_demand` policy, the release repositories'
// container images from Ark's registry, then sync, publish once per version, and fixed-name local
// distributions `<distributionName>development` (and, when asked, `...production` serving the same
// publication) that the site's hosts use. A pinned image build is mirrored from Ark's `<name>_<tag>` (never
// `_latest`) and served as `<name>_<tag>` at `<basePath>/<tag>`, the same path as on Ark.
import { ContentConfig, ImageConfig } from '../config/content';
import { NotFoundError, PulpClient } from '../pulp';
import { EntityKind } from '../pulp/entities';
import { DesiredObject, remoteName } from './desired';
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
 * What a client Pulp needs to mirror the pinned snapshots (and released container images) of Ark, and the
 * pinned builds of image series (`imagePins`: image short name -> tag).
 */
export function mirrorPlan(
  content: ContentConfig,
  pins: ReadonlyMap<string, string>,
  source: MirrorSource,
  imagePins: ReadonlyMap<string, string> = new Map(),
): MirrorPlan {
  const { packages, builds } = pinnedContent(content, pins, imagePins);
  const images = source.registryUrl ? content.container.filter((c) => !c.push && !c.url) : [];
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
  for (const { target, version } of packages) {
    const url = `${contentUrl}${target.publication.basePath}${version}/`;
    if (target.type === 'rpm') {
      const rpm = content.rpm.find((r) => r.name === target.repository)!;
      add('rpm-remote', 'rpm-repository', rpm.name, { url });
      syncTargets.push({ kind: 'rpm-repository', name: rpm.name, options: { sync_policy: rpm.syncPolicy } });
    } else {
      const deb = content.deb.find((r) => r.name === target.repository)!;
      add('deb-remote', 'deb-repository', deb.name, {
        url,
        distributions: deb.distributions.join(' '),
        components: deb.components.join(' '),
        architectures: deb.architectures.join(' '),
      });
      syncTargets.push({ kind: 'deb-repository', name: deb.name, options: { mirror: true } });
    }
  }
  // The release repositories: filled on Ark by promotion only, so every tag in them is released.
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
  const existing = await find(name);
  if (existing && existing.publication === publication) return { name, basePath, action: 'unchanged' };
  const subject = `${target.type} distribution "${name}"`;
  if (!dryRun) {
    if (existing) await pulp.update(existing.pulp_href, { publication }, subject);
    else await pulp.create(endpoint, { name, base_path: basePath, publication }, subject);
  }
  return { name, basePath, action: existing ? 'updated' : 'created' };
}
