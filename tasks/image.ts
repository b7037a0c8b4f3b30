// Images as file content (DOMAIN.md §3.5, §5.13): each image series of the config is a file repository; a
// build is the set of files one upload brings, under a tag. Its files become file content (relative path =
// file name), the repository's new version holds exactly them, that version is published once, and the
// publication is distributed as `<name>_<tag>` at `<basePath>/<tag>` and `<name>_latest` at
// `<basePath>/latest`, both guarded `development`. A tag is immutable: once it exists, uploading other bytes
// under it is refused before anything is sent. Promotion moves one tag to the `release` guard; `_latest`
// stays a development path.
import { ImageConfig } from '../config/content';
import { NotFoundError, PulpClient } from '../pulp';
import { ImageFile, ImageMismatchError } from './image-file';
import { promote } from './promote';
import { endpointsOf, publish, PublicationDistribution, SnapshotTarget } from './snapshot';

const LATEST = 'latest';

/** An image series as a publish target: its tags are to it what snapshot versions are to a package repository. */
export function imageTarget(image: ImageConfig): SnapshotTarget {
  return {
    type: 'file',
    repository: image.name,
    publication: { basePath: `${image.basePath}/`, shortName: image.shortName, distributionName: `${image.name}_` },
  };
}

export function tagDistribution(image: ImageConfig, tag: string): { name: string; basePath: string } {
  return { name: `${image.name}_${tag}`, basePath: `${image.basePath}/${tag}` };
}

interface Distribution extends PublicationDistribution {
  readonly pulp_created: string;
}

/** A file of a build as Pulp holds it. */
export interface BuildFile {
  readonly name: string;
  readonly sha256: string;
}

const FILES = 'content/file/files/';
const DISTRIBUTIONS = 'distributions/file/file/';

async function findDistribution(pulp: PulpClient, name: string): Promise<Distribution | undefined> {
  return pulp.findOne<Distribution>(DISTRIBUTIONS, { name });
}

/** The files a publication serves, by name. */
async function publishedFiles(pulp: PulpClient, publicationHref: string): Promise<BuildFile[]> {
  const publication = await pulp.get<{ repository_version: string }>(publicationHref);
  const files = await pulp.list<{ relative_path: string; sha256: string }>(FILES, {
    repository_version: publication.repository_version,
  });
  return files.map((f) => ({ name: f.relative_path, sha256: f.sha256 })).sort((a, b) => a.name.localeCompare(b.name));
}

function sameFiles(a: readonly BuildFile[], b: readonly BuildFile[]): boolean {
  const key = (files: readonly BuildFile[]) =>
    files
      .map((f) => `${f.name} ${f.sha256}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/**
 * Before anything is sent: the repository and the guard exist, and the tag is either new or already holds
 * exactly these files (then there is nothing to do, `true`). Other files under an existing tag are refused.
 */
export async function checkBuild(
  pulp: PulpClient,
  image: ImageConfig,
  tag: string,
  files: readonly BuildFile[],
  guard: string,
): Promise<boolean> {
  const [repository] = await pulp.list(endpointsOf(imageTarget(image)).repositories, { name: image.name }, 1);
  if (!repository)
    throw new NotFoundError(
      `file repository "${image.name}" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  await guardHref(pulp, guard);
  const existing = await findDistribution(pulp, tagDistribution(image, tag).name);
  if (!existing) return false;
  const held = existing.publication ? await publishedFiles(pulp, existing.publication) : [];
  if (sameFiles(held, files)) return true;
  throw new ImageMismatchError(
    `tag ${tag} of ${image.name} already exists with other files (${held.map((f) => `${f.name} ${f.sha256.slice(0, 12)}`).join(', ') || 'none'}); a tag is never changed: upload the build under a new tag`,
  );
}

async function guardHref(pulp: PulpClient, name: string): Promise<string> {
  const [guard] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name }, 1);
  if (!guard)
    throw new NotFoundError(
      `RBAC content guard "${name}" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  return guard.pulp_href;
}

/** The file content for an artifact at a relative path: found by sha256 and path, else created. */
async function fileContent(pulp: PulpClient, file: ImageFile, artifact: string): Promise<string> {
  const [found] = await pulp.list<{ pulp_href: string }>(FILES, { sha256: file.sha256, relative_path: file.name }, 1);
  if (found) return found.pulp_href;
  const created = await pulp.create<{ pulp_href: string }>(
    FILES,
    { relative_path: file.name, artifact },
    `file content ${file.name}`,
  );
  return created.pulp_href;
}

export interface DistributionResult {
  readonly name: string;
  readonly basePath: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/** Points a distribution at a publication with a guard (or none), creating it if needed. */
export async function upsertDistribution(
  pulp: PulpClient,
  name: string,
  basePath: string,
  publication: string,
  guard: string | null,
): Promise<DistributionResult> {
  const existing = await findDistribution(pulp, name);
  const subject = `file distribution "${name}"`;
  if (!existing) {
    await pulp.createHref(DISTRIBUTIONS, { name, base_path: basePath, publication, content_guard: guard }, subject);
    return { name, basePath, action: 'created' };
  }
  if (existing.publication === publication && existing.content_guard === guard) {
    return { name, basePath, action: 'unchanged' };
  }
  await pulp.change(existing.pulp_href, { publication, content_guard: guard }, subject);
  return { name, basePath, action: 'updated' };
}

export interface BuildResult {
  readonly versionHref: string;
  readonly newVersion: boolean;
  readonly published: boolean;
  readonly distributions: readonly DistributionResult[];
}

/**
 * Makes the uploaded files (artifacts by file name) the repository's content, publishes that version once and
 * distributes it as the tag and as latest, guarded `guard`.
 */
export async function releaseBuild(
  pulp: PulpClient,
  image: ImageConfig,
  tag: string,
  files: readonly { readonly file: ImageFile; readonly artifact: string }[],
  guard: string,
): Promise<BuildResult> {
  const target = imageTarget(image);
  const content: string[] = [];
  for (const { file, artifact } of files) content.push(await fileContent(pulp, file, artifact));
  const [repository] = await pulp.list<{ pulp_href: string; latest_version_href: string }>(
    endpointsOf(target).repositories,
    { name: image.name },
    1,
  );
  if (!repository) throw new NotFoundError(`file repository "${image.name}" does not exist in Pulp`);
  const current = await pulp.list<{ pulp_href: string }>(FILES, {
    repository_version: repository.latest_version_href,
    fields: 'pulp_href',
  });
  const currentHrefs = new Set(current.map((c) => c.pulp_href));
  const add = content.filter((href) => !currentHrefs.has(href));
  const remove = [...currentHrefs].filter((href) => !content.includes(href));
  const newVersion = add.length > 0 || remove.length > 0;
  if (newVersion) {
    await pulp.action(
      `${repository.pulp_href}modify/`,
      { add_content_units: add, remove_content_units: remove, base_version: repository.latest_version_href },
      { subject: `file repository "${image.name}"` },
    );
  }
  const published = await publish(pulp, target);
  const guardRef = await guardHref(pulp, guard);
  const tagged = tagDistribution(image, tag);
  const distributions = [
    await upsertDistribution(pulp, tagged.name, tagged.basePath, published.publicationHref!, guardRef),
    await upsertDistribution(
      pulp,
      `${image.name}_${LATEST}`,
      `${image.basePath}/${LATEST}`,
      published.publicationHref!,
      guardRef,
    ),
  ];
  return { versionHref: published.versionHref, newVersion, published: published.created, distributions };
}

/** Moves one tag's distribution to the `guard` (release); a tag that does not exist changes nothing. */
export async function promoteTag(
  pulp: PulpClient,
  image: ImageConfig,
  tag: string,
  options: { guard: string; dryRun?: boolean },
): Promise<{ distribution: string; changed: boolean }> {
  const [result] = await promote(pulp, [imageTarget(image)], new Map([[image.shortName, tag]]), options);
  return { distribution: result.distribution, changed: result.changed };
}

export interface ImageListing {
  readonly image: string;
  readonly basePath: string;
  /** The tag `_latest` serves, if any. */
  readonly latest?: string;
  readonly tags: readonly { readonly tag: string; readonly guard: string | null; readonly released: boolean }[];
}

/** The tags of each image series in Pulp, oldest first, with their guard and which one latest serves. */
export async function listImages(
  pulp: PulpClient,
  images: readonly ImageConfig[],
  releaseGuard: string,
): Promise<ImageListing[]> {
  const guards = new Map(
    (await pulp.list<{ pulp_href: string; name: string }>('contentguards/core/rbac/')).map((g) => [
      g.pulp_href,
      g.name,
    ]),
  );
  const listings: ImageListing[] = [];
  for (const image of images) {
    const prefix = `${image.name}_`;
    const distributions = (await pulp.list<Distribution>(DISTRIBUTIONS, { name__startswith: prefix })).filter(
      (d) => d.base_path === `${image.basePath}/${d.name.slice(prefix.length)}`,
    );
    const latest = distributions.find((d) => d.name === `${prefix}${LATEST}`);
    const tags = distributions.filter((d) => d !== latest).sort((a, b) => a.pulp_created.localeCompare(b.pulp_created));
    const guardOf = (d: Distribution) => (d.content_guard ? (guards.get(d.content_guard) ?? d.content_guard) : null);
    listings.push({
      image: image.name,
      basePath: image.basePath,
      latest: latest?.publication
        ? [...tags]
            .reverse()
            .find((d) => d.publication === latest.publication)
            ?.name.slice(prefix.length)
        : undefined,
      tags: tags.map((d) => ({
        tag: d.name.slice(prefix.length),
        guard: guardOf(d),
        released: guardOf(d) === releaseGuard,
      })),
    });
  }
  return listings;
}
