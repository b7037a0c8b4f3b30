// The one-time initialisation of a state folder (a cold start): MariaDB's data folder and one database per
// service, the RabbitMQ user, every schema migration (side by side), Keystone's keys and bootstrap, Nova's
// cells, and the throwaway CA Octavia's worker insists on. A warm start skips all of it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configPath, DATABASES, dbUrl, Secrets } from './config';
import { API_URLS, OpenStackLayout, REGION } from './layout';
import { runStep, runStepAsync } from './processes';
import { rabbitEnv } from './services';

export function initMariadbDataDir(layout: OpenStackLayout): void {
  if (fs.existsSync(path.join(layout.mysqlDir, 'mysql'))) return;
  fs.rmSync(layout.mysqlDir, { recursive: true, force: true });
  runStep(
    '/usr/bin/mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${layout.mysqlDir}`,
      '--user=root',
      '--skip-test-db',
      '--auth-root-authentication-method=socket',
    ],
    path.join(layout.logDir, 'init.log'),
  );
}

export function createDatabases(layout: OpenStackLayout, secrets: Secrets): void {
  const statements = [
    ...DATABASES.map((db) => `CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET utf8mb3;`),
    `CREATE USER IF NOT EXISTS 'openstack'@'127.0.0.1' IDENTIFIED BY '${secrets.dbPassword}';`,
    `GRANT ALL PRIVILEGES ON *.* TO 'openstack'@'127.0.0.1';`,
  ];
  // The init log keeps the commands: never the password in it.
  const logFile = path.join(layout.logDir, 'init.log');
  fs.appendFileSync(logFile, `creating ${DATABASES.length} databases and the openstack user\n`);
  const result = spawnSync('/usr/bin/mariadb', ['--no-defaults', `--socket=${layout.mysqlSocket}`, '-uroot'], {
    input: statements.join('\n'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`openstack-harness: creating the databases failed: ${result.stderr}`);
}

export function createRabbitUser(layout: OpenStackLayout, secrets: Secrets): void {
  const env = rabbitEnv(layout);
  const ctl = '/usr/lib/rabbitmq/bin/rabbitmqctl';
  const logFile = path.join(layout.logDir, 'init.log');
  runStep(ctl, ['await_startup'], logFile, env);
  // add_user takes the password on stdin when it is not an argument: keep it out of the log and of ps.
  const add = spawnSync(ctl, ['add_user', 'openstack'], {
    env: { ...process.env, ...env },
    input: secrets.rabbitPassword,
    encoding: 'utf8',
  });
  if (add.status !== 0 && !/already exists/.test(`${add.stdout}${add.stderr}`))
    throw new Error(`openstack-harness: rabbitmqctl add_user failed: ${add.stderr}`);
  runStep(ctl, ['set_permissions', '-p', '/', 'openstack', '.*', '.*', '.*'], logFile, env);
}

/** Keystone's schema, keys and bootstrap (admin user, project, roles, the identity endpoint). */
export function initKeystone(layout: OpenStackLayout, secrets: Secrets): void {
  const conf = ['--config-file', configPath(layout, 'keystone')];
  const logFile = path.join(layout.logDir, 'init-keystone.log');
  const manage = '/usr/bin/keystone-manage';
  runStep(manage, [...conf, 'db_sync'], logFile);
  runStep(manage, [...conf, 'fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root'], logFile);
  runStep(manage, [...conf, 'credential_setup', '--keystone-user', 'root', '--keystone-group', 'root'], logFile);
  runStep(
    manage,
    [
      ...conf,
      'bootstrap',
      '--bootstrap-username',
      'admin',
      '--bootstrap-project-name',
      'admin',
      '--bootstrap-role-name',
      'admin',
      '--bootstrap-admin-url',
      API_URLS.keystone,
      '--bootstrap-internal-url',
      API_URLS.keystone,
      '--bootstrap-public-url',
      API_URLS.keystone,
      '--bootstrap-region-id',
      REGION,
    ],
    logFile,
    { OS_BOOTSTRAP_PASSWORD: secrets.adminPassword },
  );
}

/** Every other service's schema, side by side (each is a few hundred migrations). */
export async function migrateServices(layout: OpenStackLayout, secrets: Secrets): Promise<void> {
  const log = (name: string) => path.join(layout.logDir, `init-${name}.log`);
  const nova = ['--config-file', configPath(layout, 'nova')];
  const novaCells = async () => {
    await runStepAsync('/usr/bin/nova-manage', [...nova, 'api_db', 'sync'], log('nova'));
    await runStepAsync('/usr/bin/nova-manage', [...nova, 'cell_v2', 'map_cell0'], log('nova'));
    await runStepAsync('/usr/bin/nova-manage', [...nova, 'cell_v2', 'create_cell', '--name', 'cell1'], log('nova'));
    await runStepAsync('/usr/bin/nova-manage', [...nova, 'db', 'sync'], log('nova'));
  };
  await Promise.all([
    runStepAsync(
      '/usr/bin/placement-manage',
      ['--config-file', configPath(layout, 'placement'), 'db', 'sync'],
      log('placement'),
    ),
    novaCells(),
    runStepAsync(
      '/usr/bin/neutron-db-manage',
      ['--config-file', configPath(layout, 'neutron'), '--config-file', configPath(layout, 'ml2'), 'upgrade', 'head'],
      log('neutron'),
    ),
    runStepAsync('/usr/bin/glance-manage', ['--config-file', configPath(layout, 'glance'), 'db_sync'], log('glance')),
    runStepAsync(
      '/usr/bin/cinder-manage',
      ['--config-file', configPath(layout, 'cinder'), 'db', 'sync'],
      log('cinder'),
    ),
    runStepAsync(
      '/usr/bin/octavia-db-manage',
      ['--config-file', configPath(layout, 'octavia'), 'upgrade', 'head'],
      log('octavia'),
    ),
    runStepAsync(
      '/usr/bin/barbican-manage',
      ['db', 'upgrade', '--db-url', dbUrl(secrets, 'barbican')],
      log('barbican'),
    ),
  ]);
}

/** A throwaway CA and the client certificate Octavia's worker loads at start (no amphora ever uses them). */
export function makeOctaviaCa(layout: OpenStackLayout, secrets: Secrets): void {
  const dir = path.join(layout.stateDir, 'octavia', 'ca');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(layout.logDir, 'init-octavia.log');
  const pass = `pass:${secrets.octaviaCertPassphrase}`;
  const at = (file: string) => path.join(dir, file);
  runStep('openssl', ['genrsa', '-aes256', '-passout', pass, '-out', at('ca.key'), '2048'], logFile);
  runStep(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      at('ca.key'),
      '-passin',
      pass,
      '-days',
      '3650',
      '-subj',
      '/CN=release-train test bed CA',
      '-out',
      at('ca.pem'),
    ],
    logFile,
  );
  runStep('openssl', ['genrsa', '-out', at('client.key'), '2048'], logFile);
  runStep(
    'openssl',
    ['req', '-new', '-key', at('client.key'), '-subj', '/CN=octavia-worker', '-out', at('client.csr')],
    logFile,
  );
  runStep(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      at('client.csr'),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca.key'),
      '-passin',
      pass,
      '-CAcreateserial',
      '-days',
      '3650',
      '-out',
      at('client.crt'),
    ],
    logFile,
  );
  fs.writeFileSync(
    at('client.pem'),
    fs.readFileSync(at('client.crt'), 'utf8') + fs.readFileSync(at('client.key'), 'utf8'),
  );
}
