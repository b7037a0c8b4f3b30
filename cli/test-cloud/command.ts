// `release-train test-cloud <up|sync|smoke|down> <env> [--plan-only]` and `release-train test-cloud sweep`
// (also `npm run test-cloud -- ...`): the only commands the test-cloud workflow
// (.github/workflows/test-cloud.yml) runs. See docs/test-cloud.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FLAG, DRY_RUN_FLAG, flagsOrHelp, FlagSpec, HELP_FLAG, helpText, wholeNumberFlag } from '../args';
import { EXIT, UsageError } from '../exit-codes';
import { loadConfig } from '../../config/load';
import { formatIssue } from '../../config/errors';
import { configErrorAt } from '../../config/locate';
import { GitHubRuns } from './github-runs';
import { OpenStackApi } from './openstack-api';
import { smoke, sync } from './checks';
import { runPrefix } from './prefix';
import { cloudsYamlFromEnv, down, RunContext, testCloudRoot, up } from './run';
import { sweep } from './sweep';

const RUN_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  { name: 'plan-only', takesValue: false, description: 'no cloud: plan and print what would run (what npm test does)' },
  {
    name: 'prefix',
    takesValue: true,
    description: 'the run prefix (default ci-<GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT>-<env>)',
  },
  HELP_FLAG,
];
const SWEEP_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  { ...DRY_RUN_FLAG, description: 'list what would be deleted; delete nothing' },
  {
    name: 'max-age-hours',
    takesValue: true,
    description: 'also sweep runs whose resources are older than this, 1-8760 (default: no age limit)',
  },
  {
    name: 'repository',
    takesValue: true,
    description: 'OWNER/REPO whose runs made the resources (default GITHUB_REPOSITORY)',
  },
  HELP_FLAG,
];
const COMMANDS = ['up', 'sync', 'smoke', 'down', 'sweep'] as const;

const TEST_CLOUD_HELP = helpText(
  'usage: release-train test-cloud <up|sync|smoke|down> <env> [--plan-only] [--prefix PREFIX] [--config FILE]\n' +
    '       release-train test-cloud sweep [--dry-run] [--max-age-hours N] [--repository OWNER/REPO] [--config FILE]',
  [
    'A throw-away test cloud per CI run: up deploys test-<env> under the run prefix into its own state (the',
    'workspace <prefix> of the config s3 or pg backend), sync mirrors the pins of its pulpMirror into that',
    'test Pulp, smoke checks the Kayobe hand-off, SSH to the control host and the test Pulp, down destroys',
    'the run (also after a failed up). up and down run cdktf deploy/destroy again, at most 3 attempts, only on',
    'errors known to be transient (Nova "No valid host was found", HTTP 409, HTTP 5xx), each retry reported.',
    'sweep deletes what runs that are gone left behind (GitHub Actions API',
    'with GITHUB_TOKEN; OpenStack from clouds.yaml, or RELEASE_TRAIN_CLOUDS_YAML). The config is --config,',
    'else RELEASE_TRAIN_CONFIG, else the example. Exit codes: 0 done, 1 a step failed (or sweep left',
    'something), 3 config, 64 usage.',
  ].join('\n'),
  [...RUN_FLAGS, ...SWEEP_FLAGS.filter((s) => !RUN_FLAGS.includes(s))],
);

function configOf(flags: ReadonlyMap<string, string | true>) {
  return loadConfig((flags.get('config') as string | undefined) ?? (process.env.RELEASE_TRAIN_CONFIG || undefined));
}

async function runSweep(argv: readonly string[], out: (line: string) => void): Promise<number> {
  // --help prints the help and sweeps nothing (it used to be accepted and then ignored: a sweep ran).
  const flags = flagsOrHelp(argv, SWEEP_FLAGS, TEST_CLOUD_HELP, out);
  if (!flags) return EXIT.ok;
  const maxAgeHours = flags.has('max-age-hours') ? wholeNumberFlag(flags, 'max-age-hours', 0, 8760) : undefined;
  const repository = (flags.get('repository') as string | undefined) ?? process.env.GITHUB_REPOSITORY;
  if (!repository) throw new UsageError('no repository: pass --repository OWNER/REPO or set GITHUB_REPOSITORY');
  const config = configOf(flags);
  if (!config.openstack) throw configErrorAt(config.sourceFile, ['openstack'], 'missing (expected the cloud to sweep)');
  const github = new GitHubRuns({
    repository,
    apiUrl: process.env.GITHUB_API_URL || undefined,
    token: process.env.GITHUB_TOKEN || undefined,
  });
  const dir = path.join(testCloudRoot(), `sweep-${process.pid}`);
  try {
    const result = await sweep({
      openstack: new OpenStackApi(config.openstack.cloud, cloudsYamlFromEnv(dir)),
      github,
      dryRun: flags.has('dry-run'),
      maxAgeHours,
      out,
    });
    return result.problems === 0 ? EXIT.ok : EXIT.internal;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function testCloud(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === 'help') {
    out(TEST_CLOUD_HELP);
    return EXIT.ok;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command ?? '')} (expected one of: ${COMMANDS.join(', ')})`);
  }
  if (command === 'sweep') return runSweep(rest, out);
  const [envName, ...flagArgs] = rest;
  if (!envName || envName.startsWith('--'))
    throw new UsageError(`${command} needs an environment: release-train test-cloud ${command} <env>`);
  const flags = flagsOrHelp(flagArgs, RUN_FLAGS, TEST_CLOUD_HELP, out);
  if (!flags) return EXIT.ok;
  const config = configOf(flags);
  const environment = config.testEnvironments.find((e) => e.name === envName);
  if (!environment) {
    const known = config.testEnvironments.map((e) => e.name).join(', ') || 'none';
    throw new UsageError(`unknown environment ${JSON.stringify(envName)} (${config.sourceFile} has: ${known})`);
  }
  const ctx: RunContext = {
    config,
    environment,
    stack: `test-${environment.name}`,
    prefix: runPrefix(environment.name, flags.get('prefix') as string | undefined),
    planOnly: flags.has('plan-only'),
    out,
  };
  out(
    `test-cloud ${command} ${envName}${ctx.planOnly ? ' (plan-only)' : ''}: stack ${ctx.stack}, prefix ${ctx.prefix}`,
  );
  if (command === 'up') {
    // What Kayobe cannot deploy in this environment (e.g. no controllers) goes up anyway, said first.
    const at = `testEnvironments[${config.testEnvironments.indexOf(environment)}].`;
    for (const warning of config.warnings ?? []) if (warning.keyPath.startsWith(at)) out(formatIssue(warning));
    await up(ctx);
  } else if (command === 'down') await down(ctx);
  else if (command === 'sync') sync(ctx);
  else await smoke(ctx);
  return EXIT.ok;
}
