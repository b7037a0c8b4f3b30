// Container promotion (DOMAIN.md §5.9): copy chosen tags, with their manifests and blobs, from the pushed
// development repository `<from>/<image>` into the release repository `<to>/<image>`. Every image is
// checked before anything changes: a missing tag stops the promotion unless missing tags are allowed, and
// a tag already in the release repository (same manifest) is not sent again, so re-promoting dispatches no
// task and adds no repository version.
import { ContentConfig } from '../config/content';
import { NotFoundError, PulpClient, Task } from '../pulp';
import { mapConcurrent } from './concurrency';
import { NothingToPromoteError } from './promote';

export interface ContainerPromotionTarget {
  readonly image: string;
  /** Development distribution, e.g. `stackhpc-dev/nova-api`: its repository is whatever a push made. */
  readonly source: string;
  /** Release repository, e.g. `stackhpc/nova-api`, made by reconcile. */
  readonly destination: string;
}

export interface ContainerPromotionResult {
  readonly image: string;
  /** Tags copied (or, in a dry run, that would be). */
  readonly promoted: readonly string[];
  readonly alreadyReleased: readonly string[];
  readonly missing: readonly string[];
  /** Whether a new repository version was made (a dry run: would be). */
  readonly changed: boolean;
}

export interface ContainerPromotionOptions {
  readonly allowMissing?: boolean;
  readonly dryRun?: boolean;
  /** @default 1 */
  readonly concurrency?: number;
}

/** The release repositories of the config in namespace `to` (filled only by promotion), with their sources. */
export function containerPromotionTargets(
  content: ContentConfig,
  namespaces: { from: string; to: string },
): ContainerPromotionTarget[] {
  return content.container
    .filter((c) => !c.push && !c.url && c.name.startsWith(`${namespaces.to}/`))
    .map((c) => {
      const image = c.name.slice(namespaces.to.length + 1);
      return { image, source: `${namespaces.from}/${image}`, destination: c.name };
    });
}

interface Tag {
  readonly pulp_href: string;
  readonly name: string;
}

interface Plan {
  readonly target: ContainerPromotionTarget;
  readonly destinationHref: string;
  readonly toAdd: readonly Tag[];
  readonly alreadyReleased: readonly string[];
  readonly missing: readonly string[];
}

async function tagsIn(pulp: PulpClient, versionHref: string, names: readonly string[]): Promise<Tag[]> {
  return pulp.list<Tag>('content/container/tags/', { repository_version: versionHref, name__in: names.join(',') });
}

async function plan(pulp: PulpClient, target: ContainerPromotionTarget, tags: readonly string[]): Promise<Plan> {
  const [destination] = await pulp.list<{ pulp_href: string; latest_version_href: string }>(
    'repositories/container/container/',
    { name: target.destination },
    1,
  );
  if (!destination) {
    throw new NotFoundError(
      `container repository "${target.destination}" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  }
  const [distribution] = await pulp.list<{ repository: string | null }>(
    'distributions/container/container/',
    { name: target.source },
    1,
  );
  if (!distribution?.repository)
    throw new NotFoundError(`container distribution "${target.source}" has no pushed repository`);
  const source = await pulp.get<{ latest_version_href: string }>(distribution.repository);
  const available = await tagsIn(pulp, source.latest_version_href, tags);
  const released = new Set((await tagsIn(pulp, destination.latest_version_href, tags)).map((t) => t.pulp_href));
  return {
    target,
    destinationHref: destination.pulp_href,
    toAdd: available.filter((t) => !released.has(t.pulp_href)),
    alreadyReleased: available.filter((t) => released.has(t.pulp_href)).map((t) => t.name),
    missing: tags.filter((name) => !available.some((t) => t.name === name)),
  };
}

export async function promoteContainers(
  pulp: PulpClient,
  targets: readonly ContainerPromotionTarget[],
  tagsByImage: ReadonlyMap<string, readonly string[]>,
  options: ContainerPromotionOptions = {},
): Promise<ContainerPromotionResult[]> {
  const chosen = targets.filter((t) => (tagsByImage.get(t.image) ?? []).length > 0);
  if (chosen.length === 0) {
    throw new NothingToPromoteError('no image is both in the tags file and a release repository of the config');
  }
  const concurrency = options.concurrency ?? 1;
  const plans = await mapConcurrent(chosen, concurrency, (t) => plan(pulp, t, tagsByImage.get(t.image)!));
  const missing = plans.flatMap((p) => p.missing.map((tag) => `${p.target.source}:${tag}`));
  if (missing.length > 0 && !options.allowMissing) {
    throw new NotFoundError(`no such tag: ${missing.join(', ')}; nothing was promoted`);
  }
  return mapConcurrent(plans, concurrency, async (p) => {
    let changed = p.toAdd.length > 0;
    if (changed && !options.dryRun) {
      const task = (await pulp.action(
        `${p.destinationHref}add/`,
        { content_units: p.toAdd.map((t) => t.pulp_href) },
        { subject: `container repository "${p.target.destination}"` },
      )) as Task;
      changed = (task.created_resources ?? []).length > 0;
    }
    return {
      image: p.target.image,
      promoted: p.toAdd.map((t) => t.name),
      alreadyReleased: p.alreadyReleased,
      missing: p.missing,
      changed,
    };
  });
}
