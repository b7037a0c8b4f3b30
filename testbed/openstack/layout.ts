// Where the test bed's OpenStack lives: one folder under the cache per set of installed package versions (the
// "state": MariaDB and RabbitMQ data, Keystone keys, Glance images, the throwaway CA, rendered config), so that a
// warm start finds everything initialised and a package upgrade starts from a fresh state. Every service listens
// on 127.0.0.1 on a fixed port, which the Keystone catalogue records at init.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot } from '../../scripts/cache';
import { installedVersions, pinnedPackages } from './packages';

export const HOST = '127.0.0.1';
export const REGION = 'RegionOne';

// Below the kernel's ephemeral range (32768-60999 here): a port from that range may be taken at any moment by
// a test's listener on port 0 (the Pulp harness's) or an outgoing connection, which made Keystone's bind fail.
export const PORTS = {
  mariadb: 23306,
  rabbitmq: 25672,
  rabbitmqDist: 25673,
  epmd: 24369,
  keystone: 25000,
  placement: 28778,
  nova: 28774,
  neutron: 29696,
  glance: 29292,
  cinder: 28776,
  octavia: 29876,
  octaviaHealthManager: 25555,
  barbican: 29311,
} as const;

export type ApiService = 'keystone' | 'placement' | 'nova' | 'neutron' | 'glance' | 'cinder' | 'octavia' | 'barbican';

export const API_URLS: Readonly<Record<ApiService, string>> = {
  keystone: `http://${HOST}:${PORTS.keystone}/v3`,
  placement: `http://${HOST}:${PORTS.placement}`,
  nova: `http://${HOST}:${PORTS.nova}/v2.1`,
  neutron: `http://${HOST}:${PORTS.neutron}`,
  glance: `http://${HOST}:${PORTS.glance}`,
  cinder: `http://${HOST}:${PORTS.cinder}/v3/%(project_id)s`,
  octavia: `http://${HOST}:${PORTS.octavia}`,
  barbican: `http://${HOST}:${PORTS.barbican}`,
};

/** Bump when the rendered config or the init steps change in a way an existing state cannot follow. */
const INIT_FORMAT = 2;

export interface OpenStackLayout {
  /** The cache folder of every OpenStack state. */
  readonly root: string;
  /** This package set's state. */
  readonly stateDir: string;
  readonly etcDir: string;
  readonly logDir: string;
  readonly runDir: string;
  readonly mysqlDir: string;
  readonly mysqlSocket: string;
  readonly rabbitDir: string;
  /** Written once init finished: its presence is what makes a start warm. */
  readonly initStamp: string;
  readonly secretsFile: string;
  readonly cloudsYaml: string;
  /** The running harness's PIDs and facts; present only while it runs. */
  readonly runFile: string;
  readonly shimsDir: string;
}

/** The state key: the installed version of every pinned package, the init format and the ports (the catalogue records them). */
export function stateKey(): string {
  const installed = installedVersions(Object.keys(pinnedPackages()));
  return createHash('sha256').update(JSON.stringify({ installed, INIT_FORMAT, PORTS })).digest('hex').slice(0, 16);
}

export function openstackLayout(key: string = stateKey()): OpenStackLayout {
  const root = path.join(cacheRoot(), 'openstack');
  const stateDir = path.join(root, key);
  return {
    root,
    stateDir,
    etcDir: path.join(stateDir, 'etc'),
    logDir: path.join(stateDir, 'log'),
    runDir: path.join(stateDir, 'run'),
    mysqlDir: path.join(stateDir, 'mysql'),
    mysqlSocket: path.join(stateDir, 'run', 'mysqld.sock'),
    rabbitDir: path.join(stateDir, 'rabbitmq'),
    initStamp: path.join(stateDir, 'initialised.json'),
    secretsFile: path.join(stateDir, 'secrets.json'),
    cloudsYaml: path.join(stateDir, 'clouds.yaml'),
    runFile: path.join(root, 'running.json'),
    shimsDir: shimsDir(),
  };
}

/** The shims' source folder, found from the compiled or the ts-jest-run file alike. */
export function shimsDir(): string {
  const candidates = [
    path.join(__dirname, 'shims'),
    path.join(__dirname, '..', '..', '..', 'testbed', 'openstack', 'shims'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'release_train_testbed_shims')));
  if (!found) throw new Error(`openstack-harness: test-bed shims not found (looked in ${candidates.join(', ')})`);
  return found;
}
