// Installing the Pulp harness: one virtualenv per instance from PyPI, test-only keys, and a migrated
// template PostgreSQL cluster in the cache, so that a warm start only copies it.
import { SpawnSyncOptions } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderPulpSettings } from '../../pulp/settings';
import { buildInto, isCurrent, Log, runLogged, writeAtomically, writeStamp } from '../../scripts/cache';
import { PulpVersion, readVersions, Versions } from '../../scripts/versions';
import { freePortSync, makeRunDir } from '../processes';
import { ensurePostgres, giveToPostgres, Postgres, runPg, startPostgres, stopPostgres } from './postgres';
import { layout, pulpInstances } from './state';

const HARNESS_WORKER_TTL_SECONDS = 5;

export function venvBin(name: string, tool: string): string {
  return path.join(layout().venv(name), 'bin', tool);
}

function installVenv(name: string, entry: PulpVersion, log: Log): void {
  const requirements = Object.entries(entry.requirements).map(([pkg, spec]) =>
    /^[<>=!~]/.test(spec) ? `${pkg}${spec}` : `${pkg}==${spec}`,
  );
  log(`installing Pulp "${name}" from PyPI: ${requirements.join(' ')} (about a minute)`);
  // Built in place (a venv records its own path in its scripts); only the stamp, written last, marks it done.
  const venv = layout().venv(name);
  fs.rmSync(venv, { recursive: true, force: true });
  runLogged('python3', ['-m', 'venv', venv], {}, log);
  runLogged(venvBin(name, 'pip'), ['install', '-q', '--upgrade', 'pip'], {}, log);
  runLogged(venvBin(name, 'pip'), ['install', '-q', ...requirements], {}, log);
  fs.writeFileSync(
    path.join(venv, 'freeze.txt'),
    runLogged(venvBin(name, 'pip'), ['freeze'], {}, () => undefined),
  );
}

export interface Keys {
  readonly secretKey: string;
  readonly dbEncryptionKey: string;
  readonly tokenPrivate: string;
  readonly tokenPublic: string;
  readonly adminPassword: string;
}

function keyFiles(): Keys {
  const dir = layout().keysDir;
  return {
    secretKey: path.join(dir, 'secret-key'),
    dbEncryptionKey: path.join(dir, 'database_fields.symmetric.key'),
    tokenPrivate: path.join(dir, 'token-private.pem'),
    tokenPublic: path.join(dir, 'token-public.pem'),
    adminPassword: path.join(dir, 'admin-password'),
  };
}

/** Test-only keys, made once per cache: the template databases were migrated with them. */
export function ensureKeys(): Keys {
  const keys = keyFiles();
  fs.mkdirSync(layout().keysDir, { recursive: true, mode: 0o700 });
  const write = (file: string, content: () => string) => {
    if (!fs.existsSync(file)) writeAtomically(file, content());
    fs.chmodSync(file, 0o644); // read by Pulp processes; the whole cache is the harness's own
  };
  write(keys.secretKey, () => randomBytes(48).toString('base64url'));
  // A Fernet key: 32 random bytes in URL-safe base64, padding included.
  write(keys.dbEncryptionKey, () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'));
  write(keys.adminPassword, () => randomBytes(18).toString('base64url'));
  if (!fs.existsSync(keys.tokenPrivate) || !fs.existsSync(keys.tokenPublic)) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeAtomically(keys.tokenPrivate, pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString());
    writeAtomically(keys.tokenPublic, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  return keys;
}

export function databaseName(instance: string): string {
  return `pulp_${instance}`;
}

export function settingsFor(
  instance: string,
  runDir: string,
  keys: Keys,
  postgresPort: number,
  ports?: { api: number; content: number },
): string {
  const api = ports ? `http://127.0.0.1:${ports.api}` : 'http://127.0.0.1:24817';
  return renderPulpSettings({
    database: { name: databaseName(instance), user: 'postgres', host: '127.0.0.1', port: postgresPort },
    secretKeyFile: keys.secretKey,
    dbEncryptionKeyFile: keys.dbEncryptionKey,
    contentOrigin: ports ? `http://127.0.0.1:${ports.content}` : 'http://127.0.0.1:24816',
    dataDir: path.join(runDir, instance, 'data'),
    tokenAuth:
      instance === 'ark'
        ? { server: `${api}/token/`, publicKeyFile: keys.tokenPublic, privateKeyFile: keys.tokenPrivate }
        : undefined,
    // A short TTL makes Pulp clear a killed worker's task within about two minutes instead of up to about
    // seventeen (the worker fault test waits for it); 5 s still tolerates seconds of CPU starvation.
    workerTtlSeconds: HARNESS_WORKER_TTL_SECONDS,
  });
}

export function prepareInstanceDirs(runDir: string, instance: string, settings: string): string {
  const dir = path.join(runDir, instance);
  for (const sub of ['data/media', 'data/tmp', 'data/assets', 'log'])
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const settingsFile = path.join(dir, 'settings.py');
  fs.writeFileSync(settingsFile, settings);
  return settingsFile;
}

/** initdb, then one migrated database (with its admin user) per instance; the stopped cluster goes to the cache. */
function buildCluster(pg: Postgres, instances: Readonly<Record<string, PulpVersion>>, keys: Keys, log: Log): void {
  const work = makeRunDir('rt-pulp-template-');
  try {
    const dataDir = path.join(work, 'pgdata');
    const socketDir = path.join(work, 'pg');
    fs.mkdirSync(socketDir);
    giveToPostgres(work);
    runPg(pg, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], log, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = freePortSync();
    startPostgres(pg, dataDir, socketDir, port, log);
    try {
      for (const name of Object.keys(instances)) {
        log(`migrating Pulp "${name}" into its template database (about 30 s)`);
        runPg(pg, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', databaseName(name)], log);
        const settingsFile = prepareInstanceDirs(work, name, settingsFor(name, work, keys, port));
        const env = { ...process.env, PULP_SETTINGS: settingsFile };
        const quiet: SpawnSyncOptions = { env, stdio: ['ignore', 'pipe', 'pipe'] };
        runLogged(venvBin(name, 'pulpcore-manager'), ['migrate', '--noinput'], quiet, log);
        runLogged(
          venvBin(name, 'pulpcore-manager'),
          ['reset-admin-password', '--password', fs.readFileSync(keys.adminPassword, 'utf8')],
          quiet,
          () => log(`$ pulpcore-manager reset-admin-password (${name})`),
        );
      }
    } finally {
      stopPostgres(pg, dataDir, log);
    }
    buildInto(layout().clusterDir, (tmp) => fs.cpSync(dataDir, tmp, { recursive: true }));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** What each install step is keyed by: its versions.json entries. */
function stampEntries(versions: Versions) {
  const instances = pulpInstances(versions);
  return {
    venvs: Object.fromEntries(Object.entries(instances).map(([name, entry]) => [name, entry])),
    cluster: { instances, postgresql: versions.postgresql },
  };
}

export function missingPulpComponents(versions: Versions = readVersions()): string[] {
  const entries = stampEntries(versions);
  const missing = Object.entries(entries.venvs)
    .filter(([name, entry]) => !isCurrent(`pulp-venv-${name}`, entry, layout().venv(name)))
    .map(([name]) => `pulp-venv-${name}`);
  // The template databases were migrated with the keys (and admin password) in the cache: both go together.
  const keysComplete = Object.values(keyFiles()).every((file) => fs.existsSync(file));
  if (!keysComplete || !isCurrent('pulp-cluster', entries.cluster, layout().clusterDir)) missing.push('pulp-cluster');
  return missing;
}

/** Installs whatever is missing; idempotent. */
export function ensurePulpInstalled(log: Log = (line) => console.error(`[pulp-harness] ${line}`)): void {
  const versions = readVersions();
  const missing = missingPulpComponents(versions);
  const pg = ensurePostgres(versions, log);
  if (missing.length === 0) return;
  log(`cache ${layout().root}; to install: ${missing.join(', ')} (PostgreSQL ${pg.major})`);
  const entries = stampEntries(versions);
  for (const [name, entry] of Object.entries(entries.venvs)) {
    if (missing.includes(`pulp-venv-${name}`)) {
      installVenv(name, entry, log);
      writeStamp(`pulp-venv-${name}`, entry);
    }
  }
  // Whatever changed, the template cluster follows: new virtualenvs may carry new migrations.
  buildCluster(pg, pulpInstances(versions), ensureKeys(), log);
  writeStamp('pulp-cluster', entries.cluster);
}
