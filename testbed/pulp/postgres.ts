// PostgreSQL from Debian for the Pulp harness: found or installed, run as its own user on loopback.
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log, runLogged } from '../../scripts/cache';
import { installDebianPackages } from '../../scripts/debian';
import { Versions } from '../../scripts/versions';

export interface Postgres {
  readonly bin: string;
  readonly major: number;
}

export function findPostgres(minimumMajor: number): Postgres | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const majors = fs
    .readdirSync(base)
    .map(Number)
    .filter((major) => major >= minimumMajor && fs.existsSync(path.join(base, String(major), 'bin', 'initdb')))
    .sort((a, b) => b - a);
  return majors.length > 0 ? { bin: path.join(base, String(majors[0]), 'bin'), major: majors[0] } : undefined;
}

export function ensurePostgres(versions: Versions, log: Log): Postgres {
  const found = findPostgres(versions.postgresql.minimumMajor);
  if (found) return found;
  installDebianPackages([versions.postgresql.debianPackage], log);
  const installed = findPostgres(versions.postgresql.minimumMajor);
  if (!installed)
    throw new Error('pulp-harness: apt-get installed PostgreSQL, but no initdb was found under /usr/lib/postgresql');
  return installed;
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user (made by the Debian package). */
function asPostgres(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

export function runPg(
  pg: Postgres,
  tool: string,
  args: readonly string[],
  log: Log,
  options: SpawnSyncOptions = {},
): string {
  const [command, argv] = asPostgres(path.join(pg.bin, tool), args);
  return runLogged(command, argv, { cwd: '/', ...options }, log);
}

/** Makes `dir` (and its contents) owned by the user PostgreSQL runs as. */
export function giveToPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const result = spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  if (result.status !== 0) throw new Error(`pulp-harness: chown postgres ${dir} failed: ${String(result.stderr)}`);
}

export function startPostgres(pg: Postgres, dataDir: string, socketDir: string, port: number, log: Log): void {
  const options = [
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir}`,
    // Throw-away test data: durability off makes migrations and tests faster.
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200',
  ].join(' ');
  runPg(
    pg,
    'pg_ctl',
    ['-D', dataDir, '-l', path.join(socketDir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start'],
    log,
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

export function stopPostgres(pg: Postgres, dataDir: string, log: Log): void {
  runPg(pg, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], log, { stdio: ['ignore', 'pipe', 'pipe'] });
}
