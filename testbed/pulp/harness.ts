// The real Pulp test harness: pulpcore and its plugins from PyPI in one virtualenv per instance, PostgreSQL
// from Debian, and a migrated template cluster in the cache so that a warm start takes seconds.
//
//   node dist/testbed/pulp/harness.js install   install what is missing (also done by scripts/install.ts)
//   node dist/testbed/pulp/harness.js start     start every instance on loopback; prints the state file
//   node dist/testbed/pulp/harness.js stop      stop the running harness (idempotent); keeps the logs
//
// Cache layout (scripts/cache.ts; testbed/pulp/install.ts): pulp/venvs/<instance>/, pulp/keys/ (test-only keys, made once),
// pulp/cluster/ (a stopped PostgreSQL data dir holding one migrated database per instance).
// A run lives in /tmp/rt-pulp-*/ and is described by its state.json.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../config/project-root';
import { Log } from '../../scripts/cache';
import { readVersions } from '../../scripts/versions';
import { freePort, makeRunDir, stopProcessGroups } from '../processes';
import {
  databaseName,
  ensureKeys,
  ensurePulpInstalled,
  Keys,
  prepareInstanceDirs,
  settingsFor,
  venvBin,
} from './install';
import { startKeepAliveFront } from './keep-alive-front';
import { ensurePostgres, findPostgres, giveToPostgres, Postgres, runPg, startPostgres, stopPostgres } from './postgres';
import {
  HarnessState,
  layout,
  PULP_ADMIN_USER,
  PulpInstanceState,
  pulpInstances,
  readState,
  writeState,
} from './state';
import { runMain } from '../../cli/entry-point';

export { PULP_ADMIN_USER, pulpInstances, readState } from './state';
export type { HarnessState, PulpInstanceState } from './state';
export { ensurePulpInstalled, missingPulpComponents, venvBin } from './install';

const API_WORKERS = 2;
const TASK_WORKERS = 2;
const READY_TIMEOUT_MS = 120_000;

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

runMain(module, main);
