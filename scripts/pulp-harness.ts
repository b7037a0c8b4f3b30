// The real Pulp test harness: pulpcore and its plugins from PyPI in one virtualenv per instance, PostgreSQL
// from Debian, and a migrated template cluster in the cache so that a warm start takes seconds.
//
//   node dist/scripts/pulp-harness.js install   install what is missing (also done by scripts/install.ts)
//   node dist/scripts/pulp-harness.js start     start every instance on loopback; prints the state file
//   node dist/scripts/pulp-harness.js stop      stop the running harness (idempotent); keeps the logs
//
// Cache layout (scripts/cache.ts): pulp/venvs/<instance>/, pulp/keys/ (test-only keys, made once),
// pulp/cluster/ (a stopped PostgreSQL data dir holding one migrated database per instance).
// A run lives in /tmp/rt-pulp-*/ and is described by its state.json.
import { ChildProcess, spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { renderPulpSettings } from '../pulp/settings';
import { buildInto, cacheRoot, isCurrent, Log, runLogged, writeAtomically, writeStamp } from './cache';
import { installDebianPackages } from './debian';
import { startKeepAliveFront } from './keep-alive-front';
import { PulpVersion, readVersions, Versions } from './versions';

const API_WORKERS = 2;
const TASK_WORKERS = 2;
const HARNESS_WORKER_TTL_SECONDS = 5;
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
export const PULP_ADMIN_USER = 'admin';

export interface PulpInstanceState {
  readonly name: string;
  readonly apiUrl: string;
  /** The API behind a keep-alive front (nginx), as clients of a deployment reach it; apiUrl without nginx. */
  readonly keepAliveUrl: string;
  readonly contentUrl: string;
  readonly username: string;
  /** File holding the admin password (test-only, made once per cache). */
  readonly passwordFile: string;
  /** `component version` pairs as the running server reports them. */
  readonly versions: Readonly<Record<string, string>>;
  readonly logDir: string;
  /** Gunicorn access log of the API, one line per request: `[time] METHOD /path?query STATUS seconds`. */
  readonly apiAccessLog: string;
  readonly tokenAuth: boolean;
}

export interface HarnessState {
  readonly runDir: string;
  readonly postgresPort: number;
  /** Process group ids to signal on stop (each process is its own group leader). */
  readonly pids: readonly number[];
  readonly instances: Readonly<Record<string, PulpInstanceState>>;
}

interface Layout {
  readonly root: string;
  readonly keysDir: string;
  readonly clusterDir: string;
  readonly venv: (name: string) => string;
  readonly currentRunFile: string;
}

function layout(): Layout {
  const root = path.join(cacheRoot(), 'pulp');
  return {
    root,
    keysDir: path.join(root, 'keys'),
    clusterDir: path.join(root, 'cluster'),
    venv: (name) => path.join(root, 'venvs', name),
    currentRunFile: path.join(root, 'current-run'),
  };
}

export function pulpInstances(versions: Versions = readVersions()): Readonly<Record<string, PulpVersion>> {
  return versions.pulp.instances;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

interface Postgres {
  readonly bin: string;
  readonly major: number;
}

function findPostgres(minimumMajor: number): Postgres | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const majors = fs
    .readdirSync(base)
    .map(Number)
    .filter((major) => major >= minimumMajor && fs.existsSync(path.join(base, String(major), 'bin', 'initdb')))
    .sort((a, b) => b - a);
  return majors.length > 0 ? { bin: path.join(base, String(majors[0]), 'bin'), major: majors[0] } : undefined;
}

function ensurePostgres(versions: Versions, log: Log): Postgres {
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

function runPg(pg: Postgres, tool: string, args: readonly string[], log: Log, options: SpawnSyncOptions = {}): string {
  const [command, argv] = asPostgres(path.join(pg.bin, tool), args);
  return runLogged(command, argv, { cwd: '/', ...options }, log);
}

/** Makes `dir` (and its contents) owned by the user PostgreSQL runs as. */
function giveToPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const result = spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  if (result.status !== 0) throw new Error(`pulp-harness: chown postgres ${dir} failed: ${result.stderr}`);
}

function startPostgres(pg: Postgres, dataDir: string, socketDir: string, port: number, log: Log): void {
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

function stopPostgres(pg: Postgres, dataDir: string, log: Log): void {
  runPg(pg, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], log, { stdio: ['ignore', 'pipe', 'pipe'] });
}

// ---------------------------------------------------------------------------------------------------------
// Install: virtualenvs, keys, the migrated template cluster

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

interface Keys {
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
function ensureKeys(): Keys {
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

function databaseName(instance: string): string {
  return `pulp_${instance}`;
}

function settingsFor(
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

function prepareInstanceDirs(runDir: string, instance: string, settings: string): string {
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

// ---------------------------------------------------------------------------------------------------------
// Start and stop

function makeRunDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755); // PostgreSQL, running as its own user, must reach its data below
  return dir;
}

function freePortSync(): number {
  // A throw-away listener in a child process: node has no synchronous listen.
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim());
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function spawnPulpProcess(
  name: string,
  tool: string,
  args: readonly string[],
  settingsFile: string,
  logFile: string,
): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(venvBin(name, tool), args, {
    env: { ...process.env, PULP_SETTINGS: settingsFile, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so stop can signal it with every gunicorn worker
  });
  fs.closeSync(out);
  child.unref();
  return child;
}

function supportsNoControlSocket(name: string): boolean {
  // gunicorn 26 (pulpcore 3.123) opens ~/.gunicorn/gunicorn.ctl per server; api and content would collide.
  const help = spawnSync(venvBin(name, 'pulpcore-api'), ['--help'], {
    encoding: 'utf8',
    env: { ...process.env, PULP_SETTINGS: '/dev/null' },
  });
  return `${help.stdout}${help.stderr}`.includes('--no-control-socket');
}

async function waitReady(
  instance: string,
  apiUrl: string,
  children: readonly ChildProcess[],
  logDir: string,
): Promise<Record<string, string>> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.exitCode !== null);
    if (dead)
      throw new Error(
        `pulp-harness: a "${instance}" process (${dead.spawnfile}) exited with ${dead.exitCode}; logs in ${logDir}`,
      );
    try {
      const response = await fetch(`${apiUrl}/pulp/api/v3/status/`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) {
        const status: any = await response.json();
        const workers = status.online_workers?.length ?? 0;
        const contentApps = status.online_content_apps?.length ?? 0;
        last = `database connected ${status.database_connection?.connected}, ${workers} worker(s), ${contentApps} content app(s)`;
        if (status.database_connection?.connected && workers >= TASK_WORKERS && contentApps >= 1) {
          return Object.fromEntries(
            status.versions.map((v: { component: string; version: string }) => [v.component, v.version]),
          );
        }
      } else {
        last = `status answered HTTP ${response.status}`;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `pulp-harness: "${instance}" not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); logs in ${logDir}`,
  );
}

/** Spawns the API server, content app and task workers of one Pulp from `venv` (not yet ready). */
function spawnPulpServers(
  venv: string,
  settingsFile: string,
  logDir: string,
  ports: { api: number; content: number },
): ChildProcess[] {
  const gunicornExtra = supportsNoControlSocket(venv) ? ['--no-control-socket'] : [];
  const apiArgs = ['-b', `127.0.0.1:${ports.api}`, '-w', String(API_WORKERS), ...gunicornExtra];
  const accessLog = [
    '--access-logfile',
    path.join(logDir, 'api-access.log'),
    '--access-logformat',
    '%(t)s %(m)s %(U)s?%(q)s %(s)s %(L)s',
  ];
  const contentArgs = ['-b', `127.0.0.1:${ports.content}`, '-w', '1', ...gunicornExtra];
  return [
    spawnPulpProcess(venv, 'pulpcore-api', [...apiArgs, ...accessLog], settingsFile, path.join(logDir, 'api.log')),
    spawnPulpProcess(
      venv,
      'pulpcore-content',
      [...contentArgs, '--access-logfile', path.join(logDir, 'content-access.log')],
      settingsFile,
      path.join(logDir, 'content.log'),
    ),
    ...Array.from({ length: TASK_WORKERS }, (_, i) =>
      spawnPulpProcess(venv, 'pulpcore-worker', [], settingsFile, path.join(logDir, `worker-${i + 1}.log`)),
    ),
  ];
}

/** Spawns one instance's API server, content app and workers (not yet ready). */
function launchInstance(
  name: string,
  runDir: string,
  keys: Keys,
  postgresPort: number,
  ports: { api: number; content: number; front: number },
): { instance: Omit<PulpInstanceState, 'versions'>; children: ChildProcess[] } {
  const settingsFile = prepareInstanceDirs(runDir, name, settingsFor(name, runDir, keys, postgresPort, ports));
  const logDir = path.join(runDir, name, 'log');
  const children = spawnPulpServers(name, settingsFile, logDir, ports);
  const front = startKeepAliveFront(path.join(runDir, name, 'front'), ports.front, ports.api);
  if (front) children.push(front.child);
  const instance = {
    name,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    keepAliveUrl: front?.url ?? `http://127.0.0.1:${ports.api}`,
    contentUrl: `http://127.0.0.1:${ports.content}`,
    username: PULP_ADMIN_USER,
    passwordFile: keys.adminPassword,
    logDir,
    apiAccessLog: path.join(logDir, 'api-access.log'),
    tokenAuth: name === 'ark',
  };
  return { instance, children };
}

/** Starts PostgreSQL and every Pulp instance on loopback; resolves once all are ready. */
export async function startHarness(
  log: Log = (line) => console.error(`[pulp-harness] ${line}`),
): Promise<HarnessState> {
  const started = Date.now();
  ensurePulpInstalled(log);
  const versions = readVersions();
  const pg = ensurePostgres(versions, log);
  const keys = ensureKeys();
  const runDir = makeRunDir('rt-pulp-');
  const pids: number[] = [];
  const dataDir = path.join(runDir, 'pgdata');
  const socketDir = path.join(runDir, 'pg');
  try {
    fs.cpSync(layout().clusterDir, dataDir, { recursive: true });
    fs.chmodSync(dataDir, 0o700);
    fs.mkdirSync(socketDir);
    giveToPostgres(dataDir);
    giveToPostgres(socketDir);
    const postgresPort = await freePort();
    startPostgres(pg, dataDir, socketDir, postgresPort, () => undefined);
    const names = Object.keys(pulpInstances(versions));
    const ports = new Map<string, { api: number; content: number; front: number }>();
    for (const name of names)
      ports.set(name, { api: await freePort(), content: await freePort(), front: await freePort() });
    // Every process is spawned and recorded before any wait, so that `stop` can clean up a failed start.
    const launched = names.map((name) => launchInstance(name, runDir, keys, postgresPort, ports.get(name)!));
    pids.push(...launched.flatMap((instance) => instance.children.map((child) => child.pid!)));
    const instances: Record<string, PulpInstanceState> = {};
    const state: HarnessState = { runDir, postgresPort, pids, instances };
    writeState(state);
    const results = await Promise.allSettled(
      launched.map(async ({ instance, children }) => {
        const componentVersions = await waitReady(instance.name, instance.apiUrl, children, instance.logDir);
        await waitReady(instance.name, instance.keepAliveUrl, children, instance.logDir);
        instances[instance.name] = { ...instance, versions: componentVersions };
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    writeState(state);
    for (const instance of Object.values(instances)) {
      const shown = ['core', 'rpm', 'deb', 'container', 'file']
        .map((c) => `${c} ${instance.versions[c] ?? '?'}`)
        .join(', ');
      log(`"${instance.name}" ready at ${instance.apiUrl} (content ${instance.contentUrl}): ${shown}`);
    }
    log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s; state ${path.join(runDir, 'state.json')}`);
    return state;
  } catch (error) {
    await stopHarness(() => undefined);
    throw error;
  }
}

/**
 * Starts one more task worker for a running instance (a fault test replaces the worker it killed) and
 * waits until the instance counts its full complement again. The new process is recorded, so `stop` ends it.
 */
export async function addWorker(instanceName: string): Promise<number> {
  const state = readState();
  const instance = state?.instances[instanceName];
  if (!state || !instance) throw new Error(`pulp-harness: no running instance "${instanceName}"`);
  const settingsFile = path.join(state.runDir, instanceName, 'settings.py');
  const logFile = path.join(instance.logDir, `worker-${state.pids.length + 1}.log`);
  const child = spawnPulpProcess(instanceName, 'pulpcore-worker', [], settingsFile, logFile);
  writeState({ ...state, pids: [...state.pids, child.pid!] });
  // The status may still list the killed worker until its heartbeat expires: wait for this one by name.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pulp-harness: the new worker exited; logs in ${instance.logDir}`);
    const status: any = await fetch(`${instance.apiUrl}/pulp/api/v3/status/`).then(
      (r) => r.json(),
      () => ({}),
    );
    if ((status.online_workers ?? []).some((w: { name: string }) => w.name.startsWith(`${child.pid}@`)))
      return child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`pulp-harness: the new "${instanceName}" worker did not come online; logs in ${instance.logDir}`);
}

export interface ExtraPulp {
  readonly apiUrl: string;
  readonly contentUrl: string;
  readonly logDir: string;
  /** Process group ids, as in the harness state. */
  readonly pids: readonly number[];
  readonly versions: Readonly<Record<string, string>>;
}

/**
 * Boots one more Pulp (API, content app, task workers) from an instance's virtualenv with a settings file of
 * the caller's, e.g. the one a PulpServer writes. Its processes join the harness state, so that `stop` ends
 * them even if the caller cannot; its logs go to the run folder, so that `stop` keeps them.
 */
export async function bootExtraPulp(name: string, venv: string, settingsFile: string): Promise<ExtraPulp> {
  const state = readState();
  if (!state) throw new Error('pulp-harness: not running');
  const logDir = path.join(state.runDir, name, 'log');
  fs.mkdirSync(logDir, { recursive: true });
  const ports = { api: await freePort(), content: await freePort() };
  const children = spawnPulpServers(venv, settingsFile, logDir, ports);
  const pulp = {
    apiUrl: `http://127.0.0.1:${ports.api}`,
    contentUrl: `http://127.0.0.1:${ports.content}`,
    logDir,
    pids: children.map((child) => child.pid!),
  };
  writeState({ ...state, pids: [...state.pids, ...pulp.pids] });
  try {
    return { ...pulp, versions: await waitReady(name, pulp.apiUrl, children, logDir) };
  } catch (error) {
    await stopExtraPulp(pulp);
    throw error;
  }
}

export async function stopExtraPulp(pulp: Pick<ExtraPulp, 'pids'>): Promise<void> {
  await stopProcessGroups(pulp.pids);
  const state = readState();
  if (state) writeState({ ...state, pids: state.pids.filter((pid) => !pulp.pids.includes(pid)) });
}

function harnessPostgres(): { pg: Postgres; port: number } {
  const state = readState();
  const pg = findPostgres(readVersions().postgresql.minimumMajor);
  if (!state || !pg) throw new Error('pulp-harness: not running');
  return { pg, port: state.postgresPort };
}

/** An empty database in the running harness's PostgreSQL (user postgres, trust authentication on 127.0.0.1). */
export function createHarnessDatabase(name: string): void {
  const { pg, port } = harnessPostgres();
  runPg(pg, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], () => undefined);
}

export function dropHarnessDatabase(name: string): void {
  const { pg, port } = harnessPostgres();
  const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '--if-exists', '--force', name];
  runPg(pg, 'dropdb', args, () => undefined);
}

/** Runs SQL in an instance's database (tests act on the server as an operator would, e.g. delete sessions). */
export function harnessSql(instance: string, sql: string): string {
  const { pg, port } = harnessPostgres();
  const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', databaseName(instance), '-tAc', sql];
  return runPg(pg, 'psql', args, () => undefined);
}

function writeState(state: HarnessState): void {
  writeAtomically(path.join(state.runDir, 'state.json'), JSON.stringify(state, null, 2));
  writeAtomically(layout().currentRunFile, state.runDir);
}

/** The state of the running harness, if any. */
export function readState(): HarnessState | undefined {
  try {
    const runDir = fs.readFileSync(layout().currentRunFile, 'utf8').trim();
    return JSON.parse(fs.readFileSync(path.join(runDir, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to each process group, SIGKILL to what is left after STOP_TIMEOUT_MS. */
async function stopProcessGroups(pids: readonly number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Stops every process of the running harness and PostgreSQL, copies the logs to test-reports/pulp/. */
export async function stopHarness(log: Log = (line) => console.error(`[pulp-harness] ${line}`)): Promise<void> {
  const state = readState();
  if (!state) return;
  await stopProcessGroups(state.pids);
  const pg = findPostgres(readVersions().postgresql.minimumMajor);
  const dataDir = path.join(state.runDir, 'pgdata');
  if (pg && fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
    try {
      stopPostgres(pg, dataDir, () => undefined);
    } catch (error) {
      log(`stopping PostgreSQL: ${(error as Error).message}`);
    }
  }
  const reports = path.join(PROJECT_ROOT, 'test-reports', 'pulp');
  fs.rmSync(reports, { recursive: true, force: true });
  for (const name of fs.existsSync(state.runDir) ? fs.readdirSync(state.runDir) : []) {
    const logDir = path.join(state.runDir, name, 'log');
    if (fs.existsSync(logDir)) fs.cpSync(logDir, path.join(reports, name), { recursive: true });
  }
  const pgLog = path.join(state.runDir, 'pg', 'postgres.log');
  if (fs.existsSync(pgLog)) fs.cpSync(pgLog, path.join(reports, 'postgres.log'));
  fs.rmSync(state.runDir, { recursive: true, force: true });
  fs.rmSync(layout().currentRunFile, { force: true });
  log(`stopped; logs kept in ${path.relative(PROJECT_ROOT, reports)}/`);
}

async function main(argv: readonly string[]): Promise<number> {
  switch (argv[0]) {
    case 'install':
      ensurePulpInstalled();
      return 0;
    case 'start': {
      await stopHarness();
      const state = await startHarness();
      console.log(path.join(state.runDir, 'state.json'));
      return 0;
    }
    case 'stop':
      await stopHarness();
      return 0;
    default:
      console.error('usage: pulp-harness install|start|stop');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    },
  );
}
