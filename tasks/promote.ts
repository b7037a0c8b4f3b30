// Promote package snapshots: the distributions pinned in a Kayobe pulp-repo-versions.yml move from the
// `development` guard to `release`. Only distributions that exist are touched: every pinned snapshot is
// looked up before anything is changed, and a missing one stops the promotion with nothing changed (the
// upstream module creates an empty guarded path instead).
import { NotFoundError, PulpClient } from '../pulp';
import { mapConcurrent } from './concurrency';
import { endpointsOf, SnapshotTarget } from './snapshot';

interface Distribution {
  readonly pulp_href: string;
  readonly name: string;
  readonly content_guard: string | null;
}

/** Names per look-up call: a query of about 3 KB at real name lengths. */
const NAMES_PER_CALL = 50;

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
  const named = pinned.map((target) => ({
    target,
    name: `${target.publication.distributionName}${pins.get(target.publication.shortName)}`,
  }));
  const distributions = await findDistributions(pulp, named, concurrency);
  const found: { target: SnapshotTarget; name: string; distribution: Distribution }[] = [];
  const missing: string[] = [];
  for (const { target, name } of named) {
    const distribution = distributions.get(`${endpointsOf(target).distributions} ${name}`);
    if (distribution) found.push({ target, name, distribution });
    else missing.push(`"${name}"`);
  }
  if (missing.length > 0) {
    throw new NotFoundError(`no such snapshot distribution: ${missing.join(', ')}; nothing was promoted`);
  }
  return mapConcurrent(found, concurrency, async ({ target, name, distribution }) => {
    const changed = distribution.content_guard !== guard.pulp_href;
    if (changed && !options.dryRun) {
      await pulp.change(
        distribution.pulp_href,
        { content_guard: guard.pulp_href },
        `${target.type} distribution "${name}"`,
      );
    }
    return { shortName: target.publication.shortName, distribution: name, changed };
  });
}

/**
 * The distributions of these names, keyed `<endpoint> <name>`: one list call per endpoint and 50 names
 * (`name__in`, only the fields compared) instead of one call per name. A name with a comma, which `name__in`
 * would split, is looked up alone.
 */
async function findDistributions(
  pulp: PulpClient,
  named: readonly { target: SnapshotTarget; name: string }[],
  concurrency: number,
): Promise<Map<string, Distribution>> {
  const byEndpoint = new Map<string, string[]>();
  for (const { target, name } of named) {
    const endpoint = endpointsOf(target).distributions;
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), name]);
  }
  const calls: { endpoint: string; params: Record<string, string> }[] = [];
  for (const [endpoint, names] of byEndpoint) {
    const unique = [...new Set(names)];
    const plain = unique.filter((name) => !name.includes(','));
    for (let i = 0; i < plain.length; i += NAMES_PER_CALL)
      calls.push({ endpoint, params: { name__in: plain.slice(i, i + NAMES_PER_CALL).join(',') } });
    for (const name of unique.filter((n) => n.includes(','))) calls.push({ endpoint, params: { name } });
  }
  const pages = await mapConcurrent(calls, concurrency, ({ endpoint, params }) =>
    pulp.list<Distribution>(endpoint, { ...params, fields: 'pulp_href,name,content_guard' }),
  );
  const found = new Map<string, Distribution>();
  pages.forEach((page, index) => {
    for (const distribution of page) found.set(`${calls[index].endpoint} ${distribution.name}`, distribution);
  });
  return found;
}
