// Promote package snapshots: the distributions pinned in a Kayobe pulp-repo-versions.yml move from the
// `development` guard to `release`. Only distributions that exist are touched: every pinned snapshot is
// looked up before anything is changed, and a missing one stops the promotion with nothing changed (the
// upstream module creates an empty guarded path instead).
import { NotFoundError, PulpClient } from '../pulp';
import { mapConcurrent } from './concurrency';
import { endpointsOf, SnapshotTarget } from './snapshot';

export class NothingToPromoteError extends Error {}

export interface PromotionResult {
  readonly shortName: string;
  readonly distribution: string;
  readonly changed: boolean;
}

export async function promote(
  pulp: PulpClient,
  targets: readonly SnapshotTarget[],
  pins: ReadonlyMap<string, string>,
  options: { guard: string; dryRun?: boolean; concurrency?: number },
): Promise<PromotionResult[]> {
  const concurrency = options.concurrency ?? 1;
  const pinned = targets.filter((t) => pins.has(t.publication.shortName));
  if (pinned.length === 0) {
    throw new NothingToPromoteError('no short name is both in the versions file and published in the config');
  }
  const [guard] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: options.guard }, 1);
  if (!guard)
    throw new NotFoundError(
      `RBAC content guard "${options.guard}" does not exist in Pulp; run \`release-train reconcile\` first`,
    );
  const found = await mapConcurrent(pinned, concurrency, async (target) => {
    const name = `${target.publication.distributionName}${pins.get(target.publication.shortName)}`;
    const [distribution] = await pulp.list<{ pulp_href: string; content_guard: string | null }>(
      endpointsOf(target).distributions,
      { name },
      1,
    );
    return { target, name, distribution };
  });
  const missing = found.filter((f) => !f.distribution).map((f) => `"${f.name}"`);
  if (missing.length > 0) {
    throw new NotFoundError(`no such snapshot distribution: ${missing.join(', ')}; nothing was promoted`);
  }
  return mapConcurrent(found, concurrency, async ({ target, name, distribution }) => {
    const changed = distribution.content_guard !== guard.pulp_href;
    if (changed && !options.dryRun) {
      await pulp.update(
        distribution.pulp_href,
        { content_guard: guard.pulp_href },
        `${target.type} distribution "${name}"`,
      );
    }
    return { shortName: target.publication.shortName, distribution: name, changed };
  });
}
