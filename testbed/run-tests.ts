// `npm test`'s jest run: two jest processes side by side, each one test file at a time, because the tiers
// share neither a server nor a folder. One holds the Pulp harness (unit, then integration); the other the
// OpenStack test bed (plan, then cloud: plan and cloud both run test-cloud, which writes the project's
// cdktf.out, so they stay in one process). Run one after the other they took 1,656 s of CI's 1,764 s.
// Their lines stream through, each marked with its group; the run ends with one closing line that adds up
// both (a group that ends without one counts as 1 failed), and exits non-zero when either group failed.
//   node dist/testbed/run-tests.js [jest options given to both groups]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../scripts/toolchain';
import { runMain } from '../cli/entry-point';

/** Two groups of jest projects (jest.config.js) that can run at the same time. */
export const TEST_GROUPS: readonly (readonly string[])[] = [
  ['unit', 'integration'],
  ['plan', 'cloud'],
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The file closing-line-reporter.js writes its counts to instead of printing them (see there). */
export const COUNTS_FILE_VARIABLE = 'RELEASE_TRAIN_CLOSING_COUNTS';

/** What one group's jest is given: --ci always, so that a missing or changed snapshot fails. */
export function jestArguments(projects: readonly string[], jestArgs: readonly string[]): string[] {
  return ['--ci', '--selectProjects', ...projects, ...jestArgs];
}

export interface RunTestGroupsOptions {
  /** Default TEST_GROUPS. */
  readonly groups?: readonly (readonly string[])[];
  /** Where the lines go; default the process's stdout and stderr. */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

function runGroup(
  projects: readonly string[],
  jestArgs: readonly string[],
  countsFile: string,
  write: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  const label = `[${projects.join('+')}] `;
  const jest = path.join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js');
  const child = spawn(process.execPath, [jest, ...jestArguments(projects, jestArgs)], {
    cwd: projectRoot,
    env: { ...process.env, [COUNTS_FILE_VARIABLE]: countsFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const [stream, to] of [
    [child.stdout, write.stdout],
    [child.stderr, write.stderr],
  ] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => to(`${label}${line}\n`));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      write.stderr(`${label}cannot run jest: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
}

function readCounts(file: string): Counts | undefined {
  try {
    const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as Counts;
    return [counts.passed, counts.failed, counts.skipped].every(Number.isInteger) ? counts : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the groups side by side; resolves to the exit code (0 when every group passed). */
export async function runTestGroups(jestArgs: readonly string[], options: RunTestGroupsOptions = {}): Promise<number> {
  const groups = options.groups ?? TEST_GROUPS;
  const write = {
    stdout: options.stdout ?? ((text: string) => void process.stdout.write(text)),
    stderr: options.stderr ?? ((text: string) => void process.stderr.write(text)),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-test-groups-'));
  try {
    const files = groups.map((_, i) => path.join(dir, `counts-${i}.json`));
    const statuses = await Promise.all(groups.map((projects, i) => runGroup(projects, jestArgs, files[i], write)));
    const total: Counts = { passed: 0, failed: 0, skipped: 0 };
    groups.forEach((projects, i) => {
      const counts = readCounts(files[i]) ?? { passed: 0, failed: 1, skipped: 0 };
      // jest failing with every test passed (a teardown that threw): still a failure on the line.
      if (statuses[i] !== 0 && counts.failed === 0) counts.failed = 1;
      write.stdout(
        `[${projects.join('+')}] exit ${statuses[i]}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
      );
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    });
    write.stdout(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
    return statuses.every((status) => status === 0) && total.failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(module, (argv) => runTestGroups(argv));
