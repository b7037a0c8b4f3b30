// A small PostgreSQL cluster of its own for one test file (the `pg` state backend of test-cloud's real mode):
// the harness's PostgreSQL binaries, a fresh data folder, trust authentication on 127.0.0.1 only, stopped and
// removed by the test. The Pulp harness's server is not used, so its lock is not needed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readVersions } from '../scripts/toolchain';
import { findPostgres, giveToPostgres, Postgres, runPg, startPostgres, stopPostgres } from './pulp/postgres';
import { freePort, makeRunDir } from './processes';

const quiet = () => undefined;

export class ScratchPostgres {
  private constructor(
    private readonly pg: Postgres,
    private readonly dir: string,
    readonly port: number,
    readonly database: string,
  ) {}

  static async start(database: string): Promise<ScratchPostgres> {
    const pg = findPostgres(readVersions().postgresql.minimumMajor);
    if (!pg) throw new Error('no PostgreSQL under /usr/lib/postgresql: run `npm run tools`');
    const dir = makeRunDir('rt-scratch-pg-');
    const socketDir = path.join(dir, 'socket');
    fs.mkdirSync(socketDir);
    giveToPostgres(dir);
    const dataDir = path.join(dir, 'data');
    runPg(pg, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], quiet, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await freePort();
    startPostgres(pg, dataDir, socketDir, port, quiet);
    const scratch = new ScratchPostgres(pg, dir, port, database);
    runPg(pg, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database], quiet);
    return scratch;
  }

  /** What the pg backend reads from PG_CONN_STR. */
  get connStr(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${this.database}?sslmode=disable`;
  }

  /** One query's rows, tab-separated (psql -At). */
  query(sql: string): string[] {
    const out = runPg(
      this.pg,
      'psql',
      ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', this.database, '-At', '-c', sql],
      quiet,
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    return String(out).split('\n').filter(Boolean);
  }

  stop(): void {
    try {
      stopPostgres(this.pg, path.join(this.dir, 'data'), quiet);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
