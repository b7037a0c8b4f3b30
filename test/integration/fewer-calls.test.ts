// The calls Pulp is spared, counted in its access log on both harness Pulps: an object created or changed in
// a task is not read back (createHref, change), and promote looks its distributions up 50 names a call. And
// the time it is spared: reconcile queues a distribution's task as soon as its repository exists.
import { parseConfig } from '../../config';
import { desiredObjects } from '../../tasks/desired';
import { promote } from '../../tasks/promote';
import { Reconciler } from '../../tasks/reconcile';
import { snapshotTargets } from '../../tasks/snapshot';
import { accessLogLength, accessLogLines, pulpClient, pulpInstance, writeRequests } from '../support/pulp';

describe.each(['ark', 'client'] as const)('fewer calls on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const pulp = pulpClient(name);
  const prefix = `fewer${name}${Date.now() % 100000}`;

  test('createHref and change: a distribution made and changed through tasks, never read back', async () => {
    const before = accessLogLength(instance);
    const href = await pulp.createHref(
      'distributions/file/file/',
      { name: `${prefix}-dist`, base_path: `${prefix}/one` },
      'file distribution',
    );
    expect(href).toMatch(/^\/pulp\/api\/v3\/distributions\/file\/file\/[0-9a-f-]+\/$/);
    await pulp.change(href, { base_path: `${prefix}/two` }, 'file distribution');
    const calls = accessLogLines(instance, before);
    expect(calls.filter((line) => line.includes(` GET ${href}`))).toEqual([]);
    expect(writeRequests(instance, before).map((line) => line.split(' ').slice(2, 4).join(' '))).toEqual([
      'POST /pulp/api/v3/distributions/file/file/?',
      `PATCH ${href}?`,
    ]);
    const [distribution] = await pulp.list<{ base_path: string }>('distributions/file/file/', {
      name: `${prefix}-dist`,
    });
    expect(distribution.base_path).toBe(`${prefix}/two`);
    // A synchronous create (201) carries the href in its reply.
    const repository = await pulp.createHref('repositories/file/file/', { name: `${prefix}-repo` });
    expect(repository).toMatch(/^\/pulp\/api\/v3\/repositories\/file\/file\/[0-9a-f-]+\/$/);
  });

  test('promote: one look-up call for many distributions (a name with a comma alone), then idempotent', async () => {
    const entries = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`, `${prefix}-d,e`].map(
      (entry, i) => `    - name: ${entry}
      sync: false
      basePath: ${prefix}/${i}/
      shortName: ${prefix}_${i}
      distributionName: ${entry}-`,
    );
    const targets = snapshotTargets(parseConfig(`content:\n  rpm:\n${entries.join('\n')}\n`, 'fewer.yaml').content);
    const pin = '20261204T000000';
    const guard = await pulp.createHref('contentguards/core/rbac/', { name: `${prefix}-release` });
    for (const [i, target] of targets.entries())
      await pulp.createHref('distributions/rpm/rpm/', {
        name: `${target.publication.distributionName}${pin}`,
        base_path: `${prefix}/${i}/${pin}`,
      });
    const pins = new Map(targets.map((t) => [t.publication.shortName, pin]));

    const before = accessLogLength(instance);
    const promoted = await promote(pulp, targets, pins, { guard: `${prefix}-release`, concurrency: 4 });
    expect(promoted.map((p) => p.changed)).toEqual([true, true, true, true]);
    const lookups = accessLogLines(instance, before).filter((line) =>
      /\] GET \/pulp\/api\/v3\/distributions\//.test(line),
    );
    expect(lookups).toHaveLength(2); // the three plain names in one call, the one with a comma alone
    expect(lookups.filter((line) => line.includes('name__in='))).toHaveLength(1);
    const guarded = await pulp.list<{ content_guard: string }>('distributions/rpm/rpm/', {
      name__startswith: `${prefix}-`,
    });
    expect(guarded.map((d) => d.content_guard)).toEqual([guard, guard, guard, guard]);

    const again = accessLogLength(instance);
    const rerun = await promote(pulp, targets, pins, { guard: `${prefix}-release`, concurrency: 4 });
    expect(rerun.map((p) => p.changed)).toEqual([false, false, false, false]);
    expect(writeRequests(instance, again)).toEqual([]);
  });

  test('reconcile: a distribution is dispatched as soon as its repository exists, before the other repositories', async () => {
    const entries = Array.from(
      { length: 6 },
      (_, i) => `    - name: ${prefix}/image-${i}
      url: https://registry.example.org
      upstreamName: stackhpc/image-${i}
      policy: on_demand`,
    );
    const content = parseConfig(`content:\n  container:\n${entries.join('\n')}\n`, 'pipeline.yaml').content;
    const before = accessLogLength(instance);
    await new Reconciler(pulp, { hashKey: 'k', concurrency: 2 }).run(desiredObjects(content, {}));
    const posts = writeRequests(instance, before).map((line) => line.split(' ')[3].replace(/\?$/, ''));
    const api = '/pulp/api/v3/';
    const firstDistribution = posts.indexOf(`${api}distributions/container/container/`);
    const lastRepository = posts.lastIndexOf(`${api}repositories/container/container/`);
    expect(posts.filter((p) => p.includes('/distributions/'))).toHaveLength(6);
    expect(firstDistribution).toBeGreaterThan(0);
    expect(firstDistribution).toBeLessThan(lastRepository);
    // Each distribution serves its own repository: nothing started before what it refers to existed.
    const repositories = await pulp.list<{ pulp_href: string; name: string }>('repositories/container/container/', {
      name__startswith: `${prefix}/`,
    });
    const distributions = await pulp.list<{ repository: string; name: string }>('distributions/container/container/', {
      name__startswith: `${prefix}/`,
    });
    const served = new Map(distributions.map((d) => [d.name, d.repository]));
    expect(repositories.map((r) => served.get(r.name))).toEqual(repositories.map((r) => r.pulp_href));
  });
});
