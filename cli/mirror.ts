// `release-train mirror`: make a client Pulp a mirror of Ark's pinned snapshots and released images.
import { loadConfig } from '../config';
import { selectContent } from '../tasks/content-scope';
import { imageTarget, tagDistribution, upsertDistribution } from '../tasks/image';
import { readImageVersions, readRepoVersions } from '../tasks/kayobe-versions';
import {
  localDistribution,
  LocalDistributionResult,
  MirrorContent,
  mirrorPlan,
  pointDistribution,
  testPulpDistribution,
} from '../tasks/mirror';
import { describeChange, Reconciler } from '../tasks/reconcile';
import { mapConcurrent } from '../tasks/concurrency';
import { publish, SnapshotTarget } from '../tasks/snapshot';
import {
  CONCURRENCY_FLAG,
  concurrencyOf,
  CONFIG_FLAG,
  DRY_RUN_FLAG,
  flagsOrHelp,
  FlagSpec,
  HELP_FLAG,
  helpText,
  JSON_FLAG,
  ONLY_FLAG,
  PULP_URL_FLAG,
  selectionOf,
  SHORT_NAME_FLAG,
  SYNC_GROUP_FLAG,
} from './args';
import { selectEntries } from '../tasks/select';
import { credentialsFromEnv, credentialsHashKey, pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';
import { ProgressView } from './progress';
import { readPins, VERSIONS_FILE } from './snapshot';
import { syncWithProgress } from './sync';

const FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  { ...PULP_URL_FLAG, description: 'the client Pulp API origin (or RELEASE_TRAIN_PULP_URL)' },
  {
    ...VERSIONS_FILE,
    description: 'the pulp-repo-versions.yml pinning which Ark snapshots (and image tags) to mirror',
  },
  {
    name: 'ark-content-url',
    takesValue: true,
    description: "Ark's content prefix, e.g. https://ark.example.org/pulp/content/",
  },
  {
    name: 'ark-registry-url',
    takesValue: true,
    description: "Ark's registry, e.g. https://ark.example.org (without it, no image is mirrored)",
  },
  { name: 'production', takesValue: false, description: 'also point the production distributions at development' },
  {
    name: 'content',
    takesValue: true,
    description:
      "released (default: a client site) or development (the test Pulp: <name> (ark) repositories synced mirror_complete, snapshots served as <distributionName><V>-ark at Ark's path, the development images)",
  },
  { ...ONLY_FLAG, description: 'mirror one repository only, TYPE/NAME, e.g. rpm/rocky-9-baseos' },
  SHORT_NAME_FLAG,
  SYNC_GROUP_FLAG,
  CONCURRENCY_FLAG,
  DRY_RUN_FLAG,
  JSON_FLAG,
  HELP_FLAG,
];

const MIRROR_HELP = helpText(
  'usage: release-train mirror --versions FILE --ark-content-url URL [--ark-registry-url URL] [--config FILE] --pulp-url URL [--content released|development] [--production] [--only TYPE/NAME] [--short-name "REGEX..."] [--sync-group GROUP] [--concurrency N] [--dry-run] [--json]',
  [
    "Points the client Pulp's remotes at Ark's pinned snapshot distributions (never latest) and, with",
    "--ark-registry-url, at Ark's release images, all on_demand with the client's Ark credentials; syncs them,",
    'publishes each new version once and serves it at <basePath>development (with --production, also at',
    '<basePath>production). An image series pinned as stackhpc_<shortName>_version: <tag> (the form of',
    "Kayobe's pulp-host-image-versions.yml, in the same file) is mirrored from Ark's <name>_<tag>, never",
    '<name>_latest, and served as <name>_<tag> at <basePath>/<tag>, as on Ark. Credentials: the client Pulp as',
    'for reconcile; Ark from RELEASE_TRAIN_ARK_USERNAME and RELEASE_TRAIN_ARK_PASSWORD or',
    'RELEASE_TRAIN_ARK_PASSWORD_FILE. Exit codes: 0 done, 3 config (also',
    'when no short name is in both the file and the config), 4 auth, 5 unreachable, 6 a task failed (e.g.',
    'Ark refused a snapshot that is not released), 7 other Pulp error, 64 usage.',
  ].join('\n'),
  FLAGS,
);

export async function mirrorCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, MIRROR_HELP, out);
  if (!flags) return EXIT.ok;
  const versionsFile = flags.get('versions') as string | undefined;
  const contentUrl = flags.get('ark-content-url') as string | undefined;
  if (!versionsFile || !contentUrl) throw new UsageError('mirror needs --versions FILE and --ark-content-url URL');
  const concurrency = concurrencyOf(flags);
  const set = (flags.get('content') as string | undefined) ?? 'released';
  if (set !== 'released' && set !== 'development')
    throw new UsageError(`--content ${set}: expected released or development`);
  const config = loadConfig(flags.get('config') as string | undefined);
  const content = selectEntries(
    selectContent(config.content, flags.get('only') as string | undefined),
    selectionOf(flags),
  );
  const pulp = pulpClientFor(flags);
  const ark = credentialsFromEnv('RELEASE_TRAIN_ARK');
  const pins = readPins(versionsFile);
  const plan = mirrorPlan(
    content,
    readRepoVersions(pins),
    { contentUrl, registryUrl: flags.get('ark-registry-url') as string | undefined, ...ark },
    readImageVersions(pins),
    set,
  );
  const dryRun = flags.has('dry-run');
  const json = flags.has('json');
  const say = (line: string) => json || out(line);
  const changes = await new Reconciler(pulp, {
    dryRun,
    hashKey: credentialsHashKey(),
    onChange: (change) => say(`${dryRun ? 'would ' : ''}${describeChange(change)}`),
  }).run(plan.objects);
  if (dryRun) {
    for (const target of plan.syncTargets) say(`would sync "${target.name}"`);
    for (const { target, version } of plan.packages)
      say(`would serve ${target.publication.basePath}${version} at ${servedAt(target, version, set).basePath}`);
    for (const { image, tag } of plan.images)
      say(`would serve ${image.name} ${tag} at ${tagDistribution(image, tag).basePath}`);
    if (json) out(JSON.stringify({ dryRun, changes, packages: plan.packages, images: plan.images }, null, 2));
    return EXIT.ok;
  }
  const synced = await syncWithProgress(pulp, plan.syncTargets, ProgressView.forCommand(out, json), concurrency);
  const stages = flags.has('production') ? (['development', 'production'] as const) : (['development'] as const);
  const served = await mapConcurrent(plan.packages, concurrency, async ({ target, version }) => {
    const published = await publish(pulp, target);
    const distributions: LocalDistributionResult[] = [];
    if (set === 'development') {
      const at = testPulpDistribution(target, version);
      distributions.push(await pointDistribution(pulp, target, at, published.publicationHref));
    } else {
      for (const stage of stages)
        distributions.push(await localDistribution(pulp, target, stage, published.publicationHref));
    }
    for (const d of distributions) say(`${d.name} (${d.basePath}): ${d.action}, serving ${version}`);
    return { shortName: target.publication.shortName, version, published: published.created, distributions };
  });
  // An image build is served at the same path as on Ark, unguarded like the site's other content.
  const images = await mapConcurrent(plan.images, concurrency, async ({ image, tag }) => {
    const published = await publish(pulp, imageTarget(image));
    const { name, basePath } = tagDistribution(image, tag);
    const distribution = await upsertDistribution(pulp, name, basePath, published.publicationHref!, null);
    say(`${distribution.name} (${distribution.basePath}): ${distribution.action}, serving ${tag}`);
    return { image: image.name, tag, published: published.created, distribution };
  });
  if (json) {
    const syncs = synced.map((s) => ({ name: s.target.name, changed: s.changed }));
    out(JSON.stringify({ dryRun, changes, synced: syncs, served, images }, null, 2));
  }
  return EXIT.ok;
}

/** Where a pinned snapshot is served: `<basePath>development` on a client site, Ark's path on the test Pulp. */
function servedAt(target: SnapshotTarget, version: string, set: MirrorContent): { basePath: string } {
  return set === 'development'
    ? testPulpDistribution(target, version)
    : { basePath: `${target.publication.basePath}development` };
}
