// A child process run without blocking this one (an in-process loopback server keeps answering while it
// runs), its output collected.
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

export interface SpawnedResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function spawnCollected(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): Promise<SpawnedResult> {
  return spawnStarted(command, args, options).result;
}

/** The same, with the child at hand (to signal it part way). */
export function spawnStarted(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): { child: ChildProcess; result: Promise<SpawnedResult> } {
  const child = spawn(command, [...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const result = new Promise<SpawnedResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  return { child, result };
}
