#!/usr/bin/env node
// `release-train <command>`: the task layer from the command line, without Terraform.
import { ConfigError } from '../config/errors';
import { closePulpClients } from './credentials';
import { exitCodeOf, EXIT, UsageError } from './exit-codes';
import { promoteContainersCommand } from './containers';
import { deployCommand } from './deploy/command';
import { imageCommand } from './image';
import { importReleaseTrainCommand } from './import-release-train';
import { kayobeHandoffCommand } from './kayobe-handoff';
import { mirrorCommand } from './mirror';
import { reconcileCommand } from './reconcile';
import { reviewCommand } from './review';
import { cleanupCommand, distributeCommand, promoteCommand, publishCommand, versionsCommand } from './snapshot';
import { syncCommand } from './sync';
import { testCloud } from './test-cloud/command';
import { waitReadyCommand } from './wait-ready';
import { runMain } from './entry-point';

const COMMANDS: Record<string, (argv: readonly string[], out: (line: string) => void) => Promise<number>> = {
  reconcile: reconcileCommand,
  sync: syncCommand,
  publish: publishCommand,
  distribute: distributeCommand,
  versions: versionsCommand,
  promote: promoteCommand,
  'promote-containers': promoteContainersCommand,
  'cleanup-publications': cleanupCommand,
  image: imageCommand,
  mirror: mirrorCommand,
  'kayobe-handoff': kayobeHandoffCommand,
  'wait-ready': waitReadyCommand,
  'test-cloud': testCloud,
  deploy: deployCommand,
  review: reviewCommand,
  'import-release-train': importReleaseTrainCommand,
};

const HELP = `usage: release-train <command> [options]

Commands:
  reconcile   converge a Pulp towards the content config (repositories, remotes, guards, groups, users)
  sync        sync the config's repositories from their remotes, showing Pulp's progress
  publish     publish each repository's latest version, never twice
  distribute  give each new publication its timestamped snapshot distribution, guarded development
  versions    the latest snapshot of each repository (read-only); --write updates pulp-repo-versions.yml
  promote     move the snapshots pinned in a pulp-repo-versions.yml from development to release
  promote-containers
              copy image tags from the development namespace (stackhpc-dev) to the release one (stackhpc)
  cleanup-publications
              report duplicate publications of a repository version; delete them with --yes
  image       upload (resumable, in chunks), promote and list disk and deployment images, a tag per build
  mirror      make a client Pulp mirror Ark's pinned snapshots (and released images), on_demand
  wait-ready  wait until a Pulp's database, task workers and content app are up
  kayobe-handoff
              write Kayobe's inventory and admin network files from a test environment's outputs
  import-release-train
              write this project's content config from a checkout of the original release train's inventory
  test-cloud  CI's throw-away test clouds: up, sync, smoke, down one environment under a per-run prefix;
              sweep what runs that are gone left behind
  deploy      apply a synthesised stack as cdktf deploy --skip-synth does, each error one line naming the
              stack and the resource; finds servers an interrupted apply left behind
  review      what applying this working tree would do to what a base git ref made, per stack (offline)

Run \`release-train <command> --help\` for a command's options and exit codes.
`;

export async function main(argv: readonly string[], out = (line: string) => console.log(line)): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === 'help') {
      out(HELP);
      return command ? EXIT.ok : EXIT.usage;
    }
    const run = COMMANDS[command];
    if (!run)
      throw new UsageError(
        `unknown command ${JSON.stringify(command)} (expected one of: ${Object.keys(COMMANDS).join(', ')})`,
      );
    return await run(rest, out);
  } catch (error) {
    // One line per error (config errors: one per issue, in the file:line:col format), never a stack or a
    // request config (which would hold credentials).
    console.error(error instanceof ConfigError ? error.message : `release-train: ${(error as Error).message}`);
    return exitCodeOf(error);
  } finally {
    await closePulpClients();
  }
}

runMain(module, main);
