// A child process run without blocking this one (an in-process loopback server keeps answering while it
// runs), its output collected.
import { spawn, SpawnOptions } from 'node:child_process';

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
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
