// One release-train row of bench:peers, run as its own process so that its peak RSS is its own:
//   node dist/bench/peers-driver.js create|promote CONFIG --auth session|basic --concurrency N
// create: reconcile (remotes, repositories) and one distribution per rpm repository, made when missing (one
// list call finds the existing ones). promote: tasks/promote.ts, every published repository to `release`.
// Pulp's URL and password come from RELEASE_TRAIN_PULP_URL and RELEASE_TRAIN_PULP_PASSWORD.
import * as fs from 'node:fs';
import { parseConfig } from '../config';
import { PulpClient } from '../pulp';
import { mapConcurrent } from '../tasks/concurrency';
import { desiredObjects } from '../tasks/desired';
import { promote } from '../tasks/promote';
import { Reconciler } from '../tasks/reconcile';
import { snapshotTargets } from '../tasks/snapshot';
import { runMain } from '../cli/entry-point';

export const SNAPSHOT = '20261128T000000';

interface Named {
  readonly pulp_href: string;
  readonly name: string;
}

async function main(argv: readonly string[]): Promise<void> {
  const [operation, configFile] = argv;
  const flag = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
  const auth = flag('auth') as 'session' | 'basic';
  const concurrency = Number(flag('concurrency'));
  const password = process.env.RELEASE_TRAIN_PULP_PASSWORD!;
  const pulp = new PulpClient({
    baseUrl: process.env.RELEASE_TRAIN_PULP_URL!,
    username: 'admin',
    password,
    auth,
    maxSockets: concurrency,
  });
  const content = parseConfig(fs.readFileSync(configFile, 'utf8'), configFile).content;
  if (operation === 'create') {
    await new Reconciler(pulp, { hashKey: password, concurrency }).run(desiredObjects(content, {}));
    const prefix = content.rpm[0].name.split(' ')[0];
    const filter = { name__startswith: prefix, fields: 'pulp_href,name' };
    const [repositories, distributions] = await Promise.all([
      pulp.list<Named>('repositories/rpm/rpm/', filter),
      pulp.list<Named>('distributions/rpm/rpm/', filter),
    ]);
    const have = new Set(distributions.map((d) => d.name));
    const missing = content.rpm.filter((repo) => !have.has(repo.name));
    const hrefs = new Map(repositories.map((r) => [r.name, r.pulp_href]));
    await mapConcurrent(missing, concurrency, (repo) =>
      pulp.createHref('distributions/rpm/rpm/', {
        name: repo.name,
        base_path: repo.publication!.basePath.replace(/\/$/, ''), // a prefix for snapshots; a path here
        repository: hrefs.get(repo.name),
      }),
    );
  } else {
    const targets = snapshotTargets(content);
    const pins = new Map(targets.map((t) => [t.publication.shortName, SNAPSHOT]));
    await promote(pulp, targets, pins, { guard: 'release', concurrency });
  }
  await pulp.close();
  console.log(JSON.stringify({ logins: pulp.logins, authentication: pulp.authentication }));
}

runMain(module, main);
