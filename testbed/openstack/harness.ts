// The test bed's OpenStack control plane (Zed, from Debian 12's packages): Keystone, Placement, Nova with the
// fake virt driver, Neutron ML2, Glance, Cinder, Octavia with noop amphorae and Barbican, on MariaDB and
// RabbitMQ, all on 127.0.0.1, all children of this process, stopped by PID.
//   node dist/testbed/openstack/harness.js start    start (cold: install and init first); prints the clouds.yaml
//   node dist/testbed/openstack/harness.js status   what runs, its PIDs and its memory (PSS)
//   node dist/testbed/openstack/harness.js stop     stop every process it started (SIGTERM, SIGKILL after 20 s)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { Log, writeAtomically } from '../../scripts/cache';
import { PROJECT_ROOT } from '../../config/project-root';
import {
  adminCredentials,
  APP_CREDENTIAL,
  CatalogueFacts,
  ensureDefaultSecurityGroups,
  makeIdentityCatalogue,
  makeResourceCatalogue,
  MEMBER_PROJECT,
  memberCredentials,
  MEMBER_USER,
} from './catalogue';
import { TestbedClient } from './client';
import { ensureSecrets, renderConfig, Secrets } from './config';
import {
  createDatabases,
  createRabbitUser,
  initKeystone,
  initMariadbDataDir,
  makeOctaviaCa,
  migrateServices,
} from './init';
import { HOST, openstackLayout, OpenStackLayout, PORTS, REGION, shimsDir, stateKey } from './layout';
import { ensureOpenStackPackages, installedVersions, pinnedPackages } from './packages';
import { alive, stopProcessGroups } from '../processes';
import { Launched, portOpen, runStep, waitFor } from './processes';
import { infrastructureSpecs, keystoneSpec, launchSpec, prepareRabbitDir, rabbitEnv, serviceSpecs } from './services';
import { runMain } from '../../cli/entry-point';

const READY_TIMEOUT_MS = 300_000;
const defaultLog: Log = (line) => console.error(`[openstack-harness] ${line}`);

export const CLOUD_MEMBER = 'testbed';
const CLOUD_APP_CREDENTIAL = 'testbed-appcred';
const CLOUD_ADMIN = 'testbed-admin';

export interface OpenStackHarnessState {
  readonly stateDir: string;
  readonly logDir: string;
  readonly pids: number[];
  readonly cloudsYaml: string;
  readonly cold: boolean;
  readonly versions: Readonly<Record<string, string>>;
  readonly catalogue?: CatalogueFacts;
}

function writeRunFile(layout: OpenStackLayout, state: OpenStackHarnessState): void {
  writeAtomically(layout.runFile, JSON.stringify(state, null, 2));
}

export function readOpenStackState(): OpenStackHarnessState | undefined {
  try {
    return JSON.parse(fs.readFileSync(openstackLayout('none').runFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The admin client of the running harness (tests list and clean up with it). */
export async function adminClient(state: OpenStackHarnessState = mustRun()): Promise<TestbedClient> {
  const secrets: Secrets = JSON.parse(fs.readFileSync(path.join(state.stateDir, 'secrets.json'), 'utf8'));
  return new TestbedClient(adminCredentials(secrets)).login();
}

/** The member user's client (what the stacks deploy as). */
export async function memberClient(state: OpenStackHarnessState = mustRun()): Promise<TestbedClient> {
  const secrets: Secrets = JSON.parse(fs.readFileSync(path.join(state.stateDir, 'secrets.json'), 'utf8'));
  return new TestbedClient(memberCredentials(secrets)).login();
}

function mustRun(): OpenStackHarnessState {
  const state = readOpenStackState();
  if (!state) throw new Error('openstack-harness: not running (node dist/testbed/openstack/harness.js start)');
  return state;
}

function writeCloudsYaml(layout: OpenStackLayout, secrets: Secrets, facts: CatalogueFacts): void {
  const common = { region_name: REGION, interface: 'public', identity_api_version: 3 };
  const authUrl = `http://${HOST}:${PORTS.keystone}/v3`;
  const password = (username: string, pw: string, project: string) => ({
    ...common,
    auth: {
      auth_url: authUrl,
      username,
      password: pw,
      project_name: project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
  });
  const clouds = {
    clouds: {
      [CLOUD_MEMBER]: password(MEMBER_USER, secrets.memberPassword, MEMBER_PROJECT),
      [CLOUD_ADMIN]: password('admin', secrets.adminPassword, 'admin'),
      [CLOUD_APP_CREDENTIAL]: {
        ...common,
        auth_type: 'v3applicationcredential',
        auth: {
          auth_url: authUrl,
          application_credential_id: facts.appCredentialId,
          application_credential_secret: facts.appCredentialSecret,
        },
      },
    },
  };
  writeAtomically(
    layout.cloudsYaml,
    `# The test bed's OpenStack (${APP_CREDENTIAL}); written by testbed/openstack/harness.ts\n${stringify(clouds)}`,
  );
  fs.chmodSync(layout.cloudsYaml, 0o600);
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.status < 500;
}

/** Nova's compute service is up, its hypervisor registered and its host mapped to the cell. */
async function waitForCompute(secrets: Secrets, watched: readonly Launched[], layout: OpenStackLayout, cold: boolean) {
  const admin = new TestbedClient(adminCredentials(secrets));
  await waitFor(
    'nova-compute (service up, hypervisor registered)',
    async () => {
      const services = await admin.list('compute', '/os-services?binary=nova-compute', 'services');
      const hypervisors = await admin.list('compute', '/os-hypervisors', 'hypervisors');
      return services.some((s) => s.state === 'up') && hypervisors.length > 0;
    },
    watched,
    READY_TIMEOUT_MS,
  );
  if (cold)
    runStep(
      '/usr/bin/nova-manage',
      ['--config-file', path.join(layout.etcDir, 'nova', 'nova.conf'), 'cell_v2', 'discover_hosts'],
      path.join(layout.logDir, 'init-nova.log'),
    );
  await waitFor(
    'cinder-volume (service up)',
    async () =>
      (await admin.list('volumev3', '/os-services?binary=cinder-volume', 'services')).some((s) => s.state === 'up'),
    watched,
    READY_TIMEOUT_MS,
  );
}

/** The versions printed at start: the main package of each service. */
function serviceVersions(): Record<string, string> {
  const names = [
    'keystone',
    'placement-api',
    'nova-api',
    'neutron-server',
    'glance-api',
    'cinder-api',
    'octavia-api',
    'barbican-api',
    'mariadb-server',
    'rabbitmq-server',
  ];
  const installed = installedVersions(names.filter((n) => n in pinnedPackages()));
  return Object.fromEntries(
    Object.entries(installed).map(([name, v]) => [name, v.replace(/^\d+:/, '').replace(/-.*$/, '')]),
  );
}

/** Starts the control plane; a cold state is initialised first (once per set of package versions). */
export async function startOpenStack(log: Log = defaultLog): Promise<OpenStackHarnessState> {
  const started = Date.now();
  ensureOpenStackPackages(log);
  await stopOpenStack(() => undefined);
  const layout = openstackLayout(stateKey());
  const cold = !fs.existsSync(layout.initStamp);
  if (cold) {
    // A state folder without the stamp is a failed init: start it over.
    fs.rmSync(layout.stateDir, { recursive: true, force: true });
    log(`cold start: initialising ${layout.stateDir}`);
  }
  fs.rmSync(layout.logDir, { recursive: true, force: true });
  for (const dir of [layout.etcDir, layout.logDir, layout.runDir]) fs.mkdirSync(dir, { recursive: true });
  const secrets = ensureSecrets(layout);
  renderConfig(layout, secrets);
  prepareRabbitDir(layout);
  const launched: Launched[] = [];
  const state: OpenStackHarnessState = {
    stateDir: layout.stateDir,
    logDir: layout.logDir,
    pids: [],
    cloudsYaml: layout.cloudsYaml,
    cold,
    versions: serviceVersions(),
  };
  const record = (l: Launched) => {
    launched.push(l);
    state.pids.push(l.child.pid!);
    writeRunFile(layout, state);
    return l;
  };
  try {
    if (cold) initMariadbDataDir(layout);
    killStrayEpmd(layout);
    for (const spec of infrastructureSpecs(layout)) record(launchSpec(spec, layout));
    await waitFor(
      'MariaDB and RabbitMQ',
      async () => (await portOpen(PORTS.mariadb)) && (await portOpen(PORTS.rabbitmq)),
      launched,
      READY_TIMEOUT_MS,
    );
    if (cold) {
      createDatabases(layout, secrets);
      createRabbitUser(layout, secrets);
      makeOctaviaCa(layout, secrets);
      const t = Date.now();
      initKeystone(layout, secrets);
      await migrateServices(layout, secrets);
      log(`schemas migrated in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    record(launchSpec(keystoneSpec(layout), layout));
    await waitFor('Keystone', () => httpOk(`http://${HOST}:${PORTS.keystone}/v3`), launched, READY_TIMEOUT_MS);
    if (cold) await makeIdentityCatalogue(secrets);
    const specs = serviceSpecs(layout, shimsDir());
    for (const spec of specs) record(launchSpec(spec, layout));
    for (const spec of specs.filter((s) => s.port))
      await waitFor(spec.name, () => httpOk(`http://${HOST}:${spec.port}/`), launched, READY_TIMEOUT_MS);
    await waitForCompute(secrets, launched, layout, cold);
    let catalogue: CatalogueFacts;
    if (cold) {
      catalogue = await makeResourceCatalogue(secrets);
      writeAtomically(path.join(layout.stateDir, 'catalogue.json'), JSON.stringify(catalogue, null, 2));
      writeAtomically(
        layout.initStamp,
        JSON.stringify({ initialisedAt: new Date().toISOString(), versions: state.versions }),
      );
    } else {
      catalogue = JSON.parse(fs.readFileSync(path.join(layout.stateDir, 'catalogue.json'), 'utf8'));
    }
    await ensureDefaultSecurityGroups(secrets);
    writeCloudsYaml(layout, secrets, catalogue);
    const ready = { ...state, catalogue };
    writeRunFile(layout, ready);
    const shown = Object.entries(state.versions)
      .map(([n, v]) => `${n} ${v}`)
      .join(', ');
    log(`ready (${cold ? 'cold' : 'warm'}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${shown}`);
    log(`clouds.yaml ${layout.cloudsYaml} (clouds ${CLOUD_MEMBER}, ${CLOUD_APP_CREDENTIAL}, ${CLOUD_ADMIN})`);
    return ready;
  } catch (error) {
    await stopOpenStack(() => undefined);
    throw error;
  }
}

/**
 * Ends an epmd daemon on the harness's own epmd port. rabbitmqctl starts one (`epmd -daemon`, outside every
 * process group the harness records) when it finds none, e.g. when it runs after epmd was killed; left
 * behind, it holds the port and the next start's epmd exits at once.
 */
function killStrayEpmd(layout: OpenStackLayout): void {
  spawnSync('/usr/bin/epmd', ['-kill'], {
    env: { ...process.env, ...rabbitEnv(layout) },
    stdio: 'ignore',
    timeout: 10_000,
  });
}

/** Stops every process the harness started, by PID; copies the logs to test-reports/openstack/. */
export async function stopOpenStack(log: Log = defaultLog): Promise<void> {
  const state = readOpenStackState();
  if (!state) return;
  const layout = openstackLayout(path.basename(state.stateDir));
  if (state.pids.some(alive)) {
    // RabbitMQ first, gracefully: its node then shuts down cleanly and the next start is quick.
    const ctl = '/usr/lib/rabbitmq/bin/rabbitmqctl';
    spawnSync(ctl, ['stop'], {
      env: { ...process.env, ...rabbitEnv(layout) },
      timeout: 30_000,
      stdio: 'ignore',
    });
    await stopProcessGroups(state.pids);
  }
  killStrayEpmd(layout);
  const reports = path.join(PROJECT_ROOT, 'test-reports', 'openstack');
  fs.rmSync(reports, { recursive: true, force: true });
  if (fs.existsSync(state.logDir)) fs.cpSync(state.logDir, reports, { recursive: true });
  fs.rmSync(layout.runFile, { force: true });
  log(`stopped ${state.pids.length} process groups; logs kept in ${path.relative(PROJECT_ROOT, reports)}/`);
}

/** PSS of every process in the harness's process groups, in MiB (from /proc/<pid>/smaps_rollup). */
function memoryMiB(state: OpenStackHarnessState): { pssMiB: number; rssMiB: number; processes: number } {
  const groups = new Set(state.pids);
  let pss = 0;
  let rss = 0;
  let processes = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (!groups.has(pgid)) continue;
      const rollup = fs.readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      processes++;
    } catch {
      // gone meanwhile
    }
  }
  return { pssMiB: Math.round(pss / 1024), rssMiB: Math.round(rss / 1024), processes };
}

async function main(argv: readonly string[]): Promise<number> {
  switch (argv[0]) {
    case 'start': {
      const state = await startOpenStack();
      console.log(state.cloudsYaml);
      return 0;
    }
    case 'stop':
      await stopOpenStack();
      return 0;
    case 'status': {
      const state = readOpenStackState();
      if (!state) {
        console.log('not running');
        return 1;
      }
      const living = state.pids.filter(alive).length;
      const memory = memoryMiB(state);
      console.log(
        `${living}/${state.pids.length} process groups alive, ${memory.processes} processes, PSS ${memory.pssMiB} MiB, RSS ${memory.rssMiB} MiB; state ${state.stateDir}; clouds.yaml ${state.cloudsYaml}`,
      );
      return living === state.pids.length ? 0 : 1;
    }
    default:
      console.error('usage: harness start|stop|status');
      return 2;
  }
}

runMain(module, main);
