// Whether a Pulp is ready for work: its database is connected, enough task workers are online and a content
// app answers. Terraform tasks wait for it after a server is created or restarted.
import { PulpClient, PulpStatus } from '../pulp/client';
import { ConnectionError, PulpError } from '../pulp/errors';

/** What is still missing, in words; empty when ready. */
export function missingForReadiness(status: PulpStatus, minWorkers: number): string[] {
  const missing: string[] = [];
  if (!status.database_connection?.connected) missing.push('database not connected');
  const workers = status.online_workers?.length ?? 0;
  if (workers < minWorkers) missing.push(`${workers} of ${minWorkers} task workers online`);
  if ((status.online_content_apps?.length ?? 0) === 0) missing.push('no content app online');
  return missing;
}

export class NotReadyError extends PulpError {}

export interface WaitReadyOptions {
  readonly minWorkers: number;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly onWait?: (missing: readonly string[]) => void;
}

/** Polls `status/` until ready; an unreachable Pulp counts as not ready until the deadline. */
export async function waitReady(pulp: PulpClient, options: WaitReadyOptions): Promise<PulpStatus> {
  const deadline = Date.now() + options.timeoutMs;
  let missing: readonly string[];
  for (;;) {
    try {
      const status = await pulp.status();
      missing = missingForReadiness(status, options.minWorkers);
      if (missing.length === 0) return status;
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
      missing = [`unreachable (${error.message})`];
    }
    if (Date.now() >= deadline) {
      throw new NotReadyError(`not ready after ${Math.round(options.timeoutMs / 1000)} s: ${missing.join('; ')}`);
    }
    options.onWait?.(missing);
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 2000, deadline - Date.now())));
  }
}
