// Clean-up of duplicate publications: Pulp makes a second publication of a repository version whenever it
// is asked to (the upstream's publish jobs did, DOMAIN.md §5.2). For each version with several, the ones a
// distribution serves are kept (else the oldest), the rest are duplicates. Deleting is the caller's choice.
import { PulpClient } from '../pulp';
import { endpointsOf, SnapshotTarget } from './snapshot';

interface PublicationRecord {
  readonly pulp_href: string;
  readonly repository_version: string;
  readonly pulp_created: string;
}

export interface Duplicate {
  readonly repository: string;
  readonly versionHref: string;
  readonly publicationHref: string;
  readonly kept: readonly string[];
}

export async function duplicatePublications(
  pulp: PulpClient,
  targets: readonly SnapshotTarget[],
): Promise<Duplicate[]> {
  const duplicates: Duplicate[] = [];
  const served = new Map<string, Set<string>>();
  for (const target of targets) {
    const endpoints = endpointsOf(target);
    if (!served.has(endpoints.distributions)) {
      const distributions = await pulp.list<{ publication?: string | null }>(endpoints.distributions);
      served.set(
        endpoints.distributions,
        new Set(distributions.flatMap((d) => (d.publication ? [d.publication] : []))),
      );
    }
    const [repository] = await pulp.list<{ pulp_href: string }>(endpoints.repositories, { name: target.repository }, 1);
    if (!repository) continue;
    const publications = await pulp.list<PublicationRecord>(endpoints.publications, {
      repository: repository.pulp_href,
    });
    const byVersion = new Map<string, PublicationRecord[]>();
    for (const publication of publications) {
      byVersion.set(publication.repository_version, [
        ...(byVersion.get(publication.repository_version) ?? []),
        publication,
      ]);
    }
    const isServed = (p: PublicationRecord) => served.get(endpoints.distributions)!.has(p.pulp_href);
    for (const [versionHref, group] of byVersion) {
      if (group.length < 2) continue;
      const oldestFirst = [...group].sort((a, b) => a.pulp_created.localeCompare(b.pulp_created));
      const kept = oldestFirst.some(isServed) ? oldestFirst.filter(isServed) : [oldestFirst[0]];
      for (const publication of oldestFirst.filter((p) => !kept.includes(p))) {
        duplicates.push({
          repository: target.repository,
          versionHref,
          publicationHref: publication.pulp_href,
          kept: kept.map((k) => k.pulp_href),
        });
      }
    }
  }
  return duplicates;
}
