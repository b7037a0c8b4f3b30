// The cache shared by every install step: outside the work tree, so that a fresh clone in another folder
// (CI) reuses it. Each component records the versions.json entry it was built from (a stamp); a changed
// entry makes just that component rebuild.
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Log = (line: string) => void;

export function cacheRoot(): string {
  return process.env.RELEASE_TRAIN_CACHE || path.join(os.homedir(), '.cache', 'release-train');
}

function stampFile(component: string): string {
  return path.join(cacheRoot(), 'stamps', `${component}.json`);
}

/** Whether `artifact` exists and was built from exactly `entry`. */
export function isCurrent(component: string, entry: unknown, artifact: string): boolean {
  try {
    return fs.existsSync(artifact) && fs.readFileSync(stampFile(component), 'utf8') === JSON.stringify(entry);
  } catch {
    return false;
  }
}

export function writeStamp(component: string, entry: unknown): void {
  fs.mkdirSync(path.dirname(stampFile(component)), { recursive: true });
  writeAtomically(stampFile(component), JSON.stringify(entry));
}

export function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Runs a command, echoing it to the log; its stderr streams through as progress; throws on failure. */
export function runLogged(command: string, args: readonly string[], options: SpawnSyncOptions, log: Log): string {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${String(options.cwd)})` : ''}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return String(result.stdout);
}

/** Builds into a temporary path beside the target, then renames: a killed build leaves nothing half-made. */
export function buildInto(target: string, build: (tmp: string) => void): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    build(tmp);
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
