// Credentials come from the environment or a file, never from the command line, and are never printed.
import * as fs from 'node:fs';
import { PulpClient } from '../pulp';
import { concurrencyOf } from './args';
import { UsageError } from './exit-codes';

export interface PulpCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * `<prefix>_USERNAME` and `<prefix>_PASSWORD` or `<prefix>_PASSWORD_FILE`. Without `defaultUsername` the
 * username variable is required.
 */
export function credentialsFromEnv(
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
  defaultUsername?: string,
): PulpCredentials {
  const username = env[`${prefix}_USERNAME`] || defaultUsername;
  if (!username) throw new UsageError(`no username: set ${prefix}_USERNAME`);
  const password = env[`${prefix}_PASSWORD`];
  if (password) return { username, password };
  const file = env[`${prefix}_PASSWORD_FILE`];
  if (file) {
    let fromFile: string;
    try {
      fromFile = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new UsageError(
        `cannot read ${prefix}_PASSWORD_FILE ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    if (!fromFile) throw new UsageError(`${prefix}_PASSWORD_FILE ${file} is empty`);
    return { username, password: fromFile };
  }
  throw new UsageError(`no password: set ${prefix}_PASSWORD or ${prefix}_PASSWORD_FILE`);
}

/** RELEASE_TRAIN_PULP_USERNAME (default admin) and RELEASE_TRAIN_PULP_PASSWORD or RELEASE_TRAIN_PULP_PASSWORD_FILE. */
export function pulpCredentials(env: NodeJS.ProcessEnv = process.env): PulpCredentials {
  return credentialsFromEnv('RELEASE_TRAIN_PULP', env, 'admin');
}

/** The key of the remotes' credentials hash label (see tasks/reconcile.ts). */
export function credentialsHashKey(env: NodeJS.ProcessEnv = process.env): string {
  return env.RELEASE_TRAIN_CREDENTIALS_HASH_KEY || pulpCredentials(env).password;
}

/** Clients made for this run; `closePulpClients` ends their sessions when the command is done. */
const openClients = new Set<PulpClient>();

/**
 * A client for the Pulp named by --pulp-url or RELEASE_TRAIN_PULP_URL, with the environment's credentials:
 * one login per run (RELEASE_TRAIN_PULP_AUTH=basic sends the password on every request instead), and as
 * many kept-open connections as the command works on things at once (--concurrency).
 */
export function pulpClientFor(
  flags: ReadonlyMap<string, string | true>,
  env: NodeJS.ProcessEnv = process.env,
): PulpClient {
  const pulpUrl = (flags.get('pulp-url') as string | undefined) ?? env.RELEASE_TRAIN_PULP_URL;
  if (!pulpUrl) throw new UsageError('no Pulp URL: pass --pulp-url or set RELEASE_TRAIN_PULP_URL');
  const auth = env.RELEASE_TRAIN_PULP_AUTH || 'session';
  if (auth !== 'session' && auth !== 'basic')
    throw new UsageError(`RELEASE_TRAIN_PULP_AUTH must be session or basic, got ${JSON.stringify(auth)}`);
  const client = new PulpClient({ baseUrl: pulpUrl, ...pulpCredentials(env), auth, maxSockets: concurrencyOf(flags) });
  openClients.add(client);
  return client;
}

/** Logs the run's clients out (their sessions leave Pulp's database) and closes their connections. */
export async function closePulpClients(): Promise<void> {
  const clients = [...openClients];
  openClients.clear();
  await Promise.all(clients.map((client) => client.close()));
}
