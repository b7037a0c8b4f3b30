// One release-train row of bench:peers, run as its own process so that its peak RSS is its own:
//   node dist/bench/peers-driver.js reconcile|create|promote CONFIG --auth session|basic --concurrency N
//                                   [--no-keep-alive] [--every K]
// reconcile: tasks/reconcile.ts on the config (on every K-th rpm, deb and container entry with --every K).
// create: reconcile (remotes, repositories) and one distribution per rpm repository, made when missing (one
// list call finds the existing ones) right after its repository, in reconcile's pipeline. promote:
// tasks/promote.ts, every published repository to `release`.
// Pulp's URL and password come from RELEASE_TRAIN_PULP_URL and RELEASE_TRAIN_PULP_PASSWORD.
import * as fs from 'node:fs';
import { parseConfig } from '../config';
import { PulpClient } from '../pulp';
import { DesiredObject, desiredObjects } from '../tasks/desired';
import { promote } from '../tasks/promote';
import { Reconciler } from '../tasks/reconcile';
import { snapshotTargets } from '../tasks/snapshot';
import { runMain } from '../cli/entry-point';
import { sampleContent } from './real-size';

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
    keepAlive: !argv.includes('--no-keep-alive'),
  });
  const parsed = parseConfig(fs.readFileSync(configFile, 'utf8'), configFile).content;
  const content = argv.includes('--every') ? sampleContent(parsed, Number(flag('every'))) : parsed;
  if (operation === 'reconcile') {
    await new Reconciler(pulp, { hashKey: password, concurrency }).run(desiredObjects(content, {}));
  } else if (operation === 'create') {
    const prefix = content.rpm[0].name.split(' ')[0];
    const distributions = await pulp.list<Named>('distributions/rpm/rpm/', {
      name__startswith: prefix,
      fields: 'pulp_href,name',
    });
    const have = new Set(distributions.map((d) => d.name));
    const basePaths = new Map(content.rpm.map((repo) => [repo.name, repo.publication!.basePath]));
    // Each repository's distribution as soon as the repository exists (one pipeline, no phase barrier).
    const andThen = async (object: DesiredObject, href: string) => {
      if (object.kind !== 'rpm-repository' || have.has(object.key)) return;
      await pulp.createHref('distributions/rpm/rpm/', {
        name: object.key,
        base_path: basePaths.get(object.key)!.replace(/\/$/, ''), // a prefix for snapshots; a path here
        repository: href,
      });
    };
    await new Reconciler(pulp, { hashKey: password, concurrency, andThen }).run(desiredObjects(content, {}));
  } else {
    const targets = snapshotTargets(content);
    const pins = new Map(targets.map((t) => [t.publication.shortName, SNAPSHOT]));
    await promote(pulp, targets, pins, { guard: 'release', concurrency });
  }
  await pulp.close();
  console.log(JSON.stringify({ logins: pulp.logins, authentication: pulp.authentication }));
}

runMain(module, main);
