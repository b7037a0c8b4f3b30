// How each process of the control plane is started: MariaDB, RabbitMQ (with its own epmd), the API servers
// (uwsgi, or the packaged eventlet servers for Neutron and Glance) and the workers. Everything listens on
// 127.0.0.1; every process writes to <state>/log/<name>.log, which for the API servers is also the access log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configPath } from './config';
import { HOST, OpenStackLayout, PORTS } from './layout';
import { launch, Launched } from './processes';

export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** The port that answers once it is up. */
  readonly port?: number;
}

export function rabbitEnv(layout: OpenStackLayout): NodeJS.ProcessEnv {
  return {
    HOME: layout.rabbitDir, // the Erlang cookie of server and rabbitmqctl
    RABBITMQ_NODENAME: 'rabbit@localhost',
    RABBITMQ_NODE_IP_ADDRESS: HOST,
    RABBITMQ_NODE_PORT: String(PORTS.rabbitmq),
    RABBITMQ_DIST_PORT: String(PORTS.rabbitmqDist),
    ERL_EPMD_ADDRESS: HOST,
    ERL_EPMD_PORT: String(PORTS.epmd),
    RABBITMQ_MNESIA_BASE: path.join(layout.rabbitDir, 'mnesia'),
    RABBITMQ_LOG_BASE: layout.logDir,
    RABBITMQ_LOGS: path.join(layout.logDir, 'rabbitmq-server.log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(layout.rabbitDir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: path.join(layout.rabbitDir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(layout.rabbitDir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(layout.rabbitDir, 'rabbitmq-env.conf'),
    RABBITMQ_PID_FILE: path.join(layout.runDir, 'rabbitmq.pid'),
  };
}

export function prepareRabbitDir(layout: OpenStackLayout): void {
  fs.mkdirSync(path.join(layout.rabbitDir, 'mnesia'), { recursive: true });
  fs.writeFileSync(path.join(layout.rabbitDir, 'enabled_plugins'), '[].\n');
  fs.writeFileSync(path.join(layout.rabbitDir, 'rabbitmq.conf'), 'log.console = false\n');
  fs.writeFileSync(path.join(layout.rabbitDir, 'advanced.config'), '[].\n');
  fs.writeFileSync(path.join(layout.rabbitDir, 'rabbitmq-env.conf'), '');
}

function mariadbArgs(layout: OpenStackLayout): string[] {
  return [
    '--no-defaults',
    `--datadir=${layout.mysqlDir}`,
    `--socket=${layout.mysqlSocket}`,
    `--port=${PORTS.mariadb}`,
    `--bind-address=${HOST}`,
    '--user=root',
    `--pid-file=${path.join(layout.runDir, 'mariadb.pid')}`,
    '--skip-name-resolve',
    '--skip-log-bin',
    '--max-connections=1000',
    '--innodb-buffer-pool-size=256M',
    // The data is disposable: no fsync per commit (init's schema migrations are the bulk of a cold start).
    '--innodb-flush-log-at-trx-commit=0',
    '--character-set-server=utf8mb4',
  ];
}

/** The infrastructure under every service: the database, epmd and the message queue. */
export function infrastructureSpecs(layout: OpenStackLayout): ServiceSpec[] {
  return [
    { name: 'mariadb', command: '/usr/sbin/mariadbd', args: mariadbArgs(layout), port: PORTS.mariadb },
    {
      name: 'epmd',
      command: '/usr/bin/epmd',
      args: ['-address', HOST, '-port', String(PORTS.epmd)],
      port: PORTS.epmd,
    },
    {
      name: 'rabbitmq',
      command: '/usr/lib/rabbitmq/bin/rabbitmq-server',
      args: [],
      env: rabbitEnv(layout),
      port: PORTS.rabbitmq,
    },
  ];
}

function uwsgi(
  name: string,
  port: number,
  wsgiFile: string,
  options: { processes?: number; threads?: number; pyargv?: string; env?: NodeJS.ProcessEnv } = {},
): ServiceSpec {
  const args = [
    '--plugin',
    'python3',
    '--http-socket',
    `${HOST}:${port}`,
    '--wsgi-file',
    wsgiFile,
    '--master',
    '--processes',
    String(options.processes ?? 1),
    '--threads',
    String(options.threads ?? 1),
    '--lazy-apps',
    '--die-on-term',
    '--need-app',
    '--buffer-size',
    '65535',
    // uwsgi's HTTP socket resets keep-alive clients; the header makes them reconnect per request.
    '--add-header',
    'Connection: close',
    // One line per request: the access log the bench counts API calls from.
    '--log-format',
    'access %(method) %(uri) %(status) %(msecs)ms',
  ];
  if (options.pyargv) args.push('--pyargv', options.pyargv);
  return { name, command: '/usr/bin/uwsgi', args, env: options.env, port };
}

/** Keystone alone: the catalogue is made before the other services start. */
export function keystoneSpec(layout: OpenStackLayout): ServiceSpec {
  return uwsgi('keystone', PORTS.keystone, '/usr/bin/keystone-wsgi-public', {
    processes: 2,
    env: { OS_KEYSTONE_CONFIG_FILES: configPath(layout, 'keystone') },
  });
}

export function serviceSpecs(layout: OpenStackLayout, shimsDir: string): ServiceSpec[] {
  const conf = (name: Parameters<typeof configPath>[1]) => configPath(layout, name);
  const shims = { PYTHONPATH: shimsDir };
  const nova = ['--config-file', conf('nova')];
  const cinder = ['--config-file', conf('cinder')];
  const octavia = ['--config-file', conf('octavia')];
  return [
    uwsgi('placement', PORTS.placement, '/usr/bin/placement-api', {
      env: { OS_PLACEMENT_CONFIG_DIR: path.dirname(conf('placement')) },
    }),
    // Nova's API is eventlet-patched: one thread per process ("cannot switch to a different thread").
    uwsgi('nova-api', PORTS.nova, '/usr/bin/nova-api-wsgi', {
      processes: 2,
      env: { OS_NOVA_CONFIG_DIR: path.dirname(conf('nova')) },
    }),
    { name: 'nova-conductor', command: '/usr/bin/nova-conductor', args: nova },
    { name: 'nova-scheduler', command: '/usr/bin/nova-scheduler', args: nova },
    { name: 'nova-compute', command: '/usr/bin/nova-compute', args: nova },
    {
      name: 'neutron-server',
      command: '/usr/bin/neutron-server',
      args: ['--config-file', conf('neutron'), '--config-file', conf('ml2')],
      env: shims,
      port: PORTS.neutron,
    },
    {
      name: 'glance-api',
      command: '/usr/bin/glance-api',
      args: ['--config-file', conf('glance')],
      port: PORTS.glance,
    },
    uwsgi('cinder-api', PORTS.cinder, '/usr/bin/cinder-wsgi', { pyargv: cinder.join(' ') }),
    { name: 'cinder-scheduler', command: '/usr/bin/cinder-scheduler', args: cinder },
    { name: 'cinder-volume', command: '/usr/bin/cinder-volume', args: cinder, env: shims },
    uwsgi('octavia-api', PORTS.octavia, '/usr/bin/octavia-wsgi', { pyargv: octavia.join(' '), env: shims }),
    { name: 'octavia-worker', command: '/usr/bin/octavia-worker', args: octavia, env: shims },
    uwsgi('barbican-api', PORTS.barbican, path.join(shimsDir, 'release_train_testbed_shims', 'barbican_wsgi.py'), {
      env: { ...shims, RELEASE_TRAIN_BARBICAN_CONFIG: conf('barbican') },
    }),
  ];
}

export function launchSpec(spec: ServiceSpec, layout: OpenStackLayout): Launched {
  return launch(spec.name, spec.command, spec.args, layout.logDir, spec.env);
}
