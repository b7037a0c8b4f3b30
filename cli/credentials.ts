// Pulp credentials come from the environment or a file, never from the command line, and are never printed.
import * as fs from 'node:fs';
import { PulpClient } from '../pulp';
import { UsageError } from './exit-codes';

export interface PulpCredentials {
  readonly username: string;
  readonly password: string;
}

/** RELEASE_TRAIN_PULP_USERNAME (default admin) and RELEASE_TRAIN_PULP_PASSWORD or RELEASE_TRAIN_PULP_PASSWORD_FILE. */
export function pulpCredentials(env: NodeJS.ProcessEnv = process.env): PulpCredentials {
  const username = env.RELEASE_TRAIN_PULP_USERNAME || 'admin';
  if (env.RELEASE_TRAIN_PULP_PASSWORD) return { username, password: env.RELEASE_TRAIN_PULP_PASSWORD };
  const file = env.RELEASE_TRAIN_PULP_PASSWORD_FILE;
  if (file) {
    try {
      return { username, password: fs.readFileSync(file, 'utf8').trim() };
    } catch (error) {
      throw new UsageError(
        `cannot read RELEASE_TRAIN_PULP_PASSWORD_FILE ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  throw new UsageError('no Pulp password: set RELEASE_TRAIN_PULP_PASSWORD or RELEASE_TRAIN_PULP_PASSWORD_FILE');
}

/** A client for the Pulp named by --pulp-url or RELEASE_TRAIN_PULP_URL, with the environment's credentials. */
export function pulpClientFor(
  flags: ReadonlyMap<string, string | true>,
  env: NodeJS.ProcessEnv = process.env,
): PulpClient {
  const pulpUrl = (flags.get('pulp-url') as string | undefined) ?? env.RELEASE_TRAIN_PULP_URL;
  if (!pulpUrl) throw new UsageError('no Pulp URL: pass --pulp-url or set RELEASE_TRAIN_PULP_URL');
  return new PulpClient({ baseUrl: pulpUrl, ...pulpCredentials(env) });
}
