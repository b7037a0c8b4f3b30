// Runs the built release-train CLI (dist/cli/main.js) as a user would, against a harness Pulp.
import { ChildProcess, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PulpInstanceState } from '../../testbed/pulp/harness';
import { projectRoot } from '../../scripts/toolchain';
import { adminPassword } from './pulp';
import { spawnCollected, spawnStarted } from './spawn';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAIN = path.join(projectRoot, 'dist', 'cli', 'main.js');
const TIMEOUT_MS = 300_000;

/** Only PATH, the Pulp's URL and admin password, and `extra`: nothing else of the test's environment. */
export function cliEnv(instance: PulpInstanceState, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    RELEASE_TRAIN_PULP_URL: instance.apiUrl,
    RELEASE_TRAIN_PULP_PASSWORD: adminPassword(instance),
    ...extra,
  };
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same without blocking this process: needed when the test itself serves the fixture upstream, which a
 * synchronous spawn would starve while Pulp downloads from it.
 */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return spawnCollected(process.execPath, [MAIN, ...args], { env, timeout: TIMEOUT_MS });
}

/** The same on a pseudo-terminal (util-linux `script`), as a person at a terminal runs it; stdout and stderr merged. */
export function runCliOnTty(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, MAIN, ...args].map(quote).join(' ');
  return spawnCollected('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    env: { ...env, TERM: 'xterm' },
    timeout: TIMEOUT_MS,
  });
}

/** The CLI started in the background, for a test that stops it part way (e.g. SIGKILL), and its result. */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; result: Promise<CliResult> } {
  return spawnStarted(process.execPath, [MAIN, ...args], { env, timeout: TIMEOUT_MS });
}
