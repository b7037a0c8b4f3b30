// The base side of a review: a temporary git worktree of the head's repository at the base ref, ready to
// synthesise with its own code and config. Its npm dependencies are the head's (node_modules linked) when
// both lock files are the same, else its own (`npm ci`, said on stderr). Its compiled app is the head's
// when no file tsc reads differs between the base and the head's working tree (a config-only change), else
// it is compiled (`tsc`) in the worktree.
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class BaseRefError extends Error {}

/** What tsc and the app read besides YAML and Markdown: a change to one of these needs the base compiled. */
const CODE_PATHSPECS = [':(glob)**/*.ts', ':(glob)**/*.js', ':(glob)**/*.json'];

function git(cwd: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions, what: string): void {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
}

export interface BaseCheckout {
  readonly root: string;
  /** The commit the ref named. */
  readonly commit: string;
  /** How the base was made ready, for the report's stderr notes. */
  readonly notes: readonly string[];
  dispose(): void;
}

/** The base ref checked out beside the head (`headRoot`, a git work tree), compiled and with its dependencies. */
export function checkoutBase(headRoot: string, ref: string, log: (line: string) => void): BaseCheckout {
  const resolved = git(headRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (resolved.status !== 0) throw new BaseRefError(`--base ${JSON.stringify(ref)} names no commit of this repository`);
  const commit = resolved.stdout.trim();
  const top = git(headRoot, ['rev-parse', '--show-toplevel']).stdout.trim();
  // The project may sit in a subfolder of its repository: the base's project is at the same place.
  const prefix = path.relative(fs.realpathSync(top), fs.realpathSync(headRoot));
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-review-base-'));
  const worktree = path.join(parent, 'checkout');
  const added = git(headRoot, ['worktree', 'add', '--detach', '--quiet', worktree, commit]);
  if (added.status !== 0) {
    fs.rmSync(parent, { recursive: true, force: true });
    throw new Error(`git worktree add failed:\n${added.stderr}`);
  }
  const dispose = () => {
    git(headRoot, ['worktree', 'remove', '--force', worktree]);
    fs.rmSync(parent, { recursive: true, force: true });
    git(headRoot, ['worktree', 'prune']);
  };
  try {
    const root = path.join(worktree, prefix);
    const notes = [...prepareDependencies(headRoot, root, log), ...prepareCompiled(headRoot, root, commit, log)];
    return { root, commit, notes, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function prepareDependencies(headRoot: string, root: string, log: (line: string) => void): string[] {
  const lock = (dir: string) => {
    const file = path.join(dir, 'package-lock.json');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  };
  if (lock(headRoot) !== undefined && lock(headRoot) === lock(root)) {
    fs.symlinkSync(fs.realpathSync(path.join(headRoot, 'node_modules')), path.join(root, 'node_modules'), 'dir');
    return ['base dependencies: the same package-lock.json as the head, its node_modules reused'];
  }
  const note = 'base dependencies: package-lock.json differs from the head, installing its own with npm ci';
  log(note);
  run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: root }, 'npm ci in the base');
  return [note];
}

function prepareCompiled(headRoot: string, root: string, commit: string, log: (line: string) => void): string[] {
  const same = git(headRoot, ['diff', '--quiet', commit, '--', ...CODE_PATHSPECS]).status === 0;
  const headDist = path.join(headRoot, 'dist');
  if (same && fs.existsSync(path.join(headDist, 'main.js'))) {
    // A copy, not a link: the app finds its project root (config, versions file) from where its files are.
    fs.cpSync(headDist, path.join(root, 'dist'), { recursive: true });
    return ['base code: no TypeScript, JavaScript or JSON file differs from the head, its compiled app reused'];
  }
  const note = 'base code: differs from the head, compiling it';
  log(note);
  run(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')],
    { cwd: root },
    'tsc in the base',
  );
  return [note];
}
