// Pulp credentials come from the environment or a file, never from the command line, and are never printed.
import * as fs from 'node:fs';
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
