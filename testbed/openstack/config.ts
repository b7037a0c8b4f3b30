// The config files of the test bed's OpenStack, rendered under the state folder (never /etc) on every start:
// cheap, and a changed renderer takes effect without a new state. Only the packaged paste/policy files are
// read from /etc, as the packages installed them.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from '../../scripts/cache';
import { HOST, OpenStackLayout, PORTS, REGION } from './layout';

export interface Secrets {
  readonly dbPassword: string;
  readonly rabbitPassword: string;
  readonly adminPassword: string;
  readonly servicePassword: string;
  readonly memberPassword: string;
  /** Barbican's simple_crypto key-encryption key (32 bytes, base64). */
  readonly barbicanKek: string;
  readonly octaviaCertPassphrase: string;
}

export function ensureSecrets(layout: OpenStackLayout): Secrets {
  if (fs.existsSync(layout.secretsFile)) return JSON.parse(fs.readFileSync(layout.secretsFile, 'utf8'));
  const word = () => randomBytes(18).toString('base64url');
  const secrets: Secrets = {
    dbPassword: word(),
    rabbitPassword: word(),
    adminPassword: word(),
    servicePassword: word(),
    memberPassword: word(),
    barbicanKek: randomBytes(32).toString('base64'),
    octaviaCertPassphrase: randomBytes(16).toString('hex'),
  };
  fs.mkdirSync(layout.stateDir, { recursive: true, mode: 0o700 });
  writeAtomically(layout.secretsFile, JSON.stringify(secrets, null, 2));
  return secrets;
}

type Ini = Record<string, Record<string, string | number | boolean>>;

function renderIni(ini: Ini): string {
  return Object.entries(ini)
    .map(
      ([section, keys]) =>
        `[${section}]\n${Object.entries(keys)
          .map(([k, v]) => `${k} = ${v}\n`)
          .join('')}`,
    )
    .join('\n');
}

/** The service users (project `service`, roles admin + service), one per service that calls another. */
export const SERVICE_USERS = ['nova', 'neutron', 'glance', 'cinder', 'placement', 'octavia', 'barbican'] as const;

export function dbUrl(secrets: Secrets, database: string): string {
  return `mysql+pymysql://openstack:${secrets.dbPassword}@${HOST}:${PORTS.mariadb}/${database}?charset=utf8`;
}

export const DATABASES = [
  'keystone',
  'placement',
  'nova_api',
  'nova',
  'nova_cell0',
  'neutron',
  'glance',
  'cinder',
  'octavia',
  'barbican',
] as const;

function authFor(user: string, secrets: Secrets): Record<string, string> {
  return {
    auth_url: `http://${HOST}:${PORTS.keystone}`,
    auth_type: 'password',
    project_domain_name: 'Default',
    user_domain_name: 'Default',
    project_name: 'service',
    username: user,
    password: secrets.servicePassword,
    region_name: REGION,
  };
}

function authtoken(user: string, secrets: Secrets): Record<string, string> {
  return { www_authenticate_uri: `http://${HOST}:${PORTS.keystone}`, ...authFor(user, secrets) };
}

function common(layout: OpenStackLayout, secrets: Secrets, service: string): Ini {
  return {
    DEFAULT: {
      transport_url: `rabbit://openstack:${secrets.rabbitPassword}@${HOST}:${PORTS.rabbitmq}/`,
      state_path: path.join(layout.stateDir, service),
    },
    oslo_concurrency: { lock_path: path.join(layout.stateDir, service, 'lock') },
    oslo_messaging_rabbit: { rabbit_ha_queues: false, heartbeat_timeout_threshold: 0 },
  };
}

function merge(...inis: Ini[]): Ini {
  const out: Ini = {};
  for (const ini of inis) for (const [s, keys] of Object.entries(ini)) out[s] = { ...(out[s] ?? {}), ...keys };
  return out;
}

/** The file names under etcDir, by service. */
const CONFIG_FILES = {
  keystone: 'keystone.conf',
  placement: 'placement/placement.conf',
  nova: 'nova/nova.conf',
  novaCompute: 'nova-compute.conf',
  neutron: 'neutron.conf',
  ml2: 'ml2_conf.ini',
  glance: 'glance-api.conf',
  cinder: 'cinder.conf',
  octavia: 'octavia.conf',
  barbican: 'barbican.conf',
} as const;

export function configPath(layout: OpenStackLayout, name: keyof typeof CONFIG_FILES): string {
  return path.join(layout.etcDir, CONFIG_FILES[name]);
}

/** Renders every config file; returns nothing, the paths are fixed by CONFIG_FILES. */
export function renderConfig(layout: OpenStackLayout, secrets: Secrets): void {
  const files: Record<keyof typeof CONFIG_FILES, Ini> = {
    keystone: {
      DEFAULT: { max_token_size: 255 },
      database: { connection: dbUrl(secrets, 'keystone') },
      token: { provider: 'fernet', expiration: 86400 },
      fernet_tokens: { key_repository: path.join(layout.stateDir, 'keystone', 'fernet-keys') },
      credential: { key_repository: path.join(layout.stateDir, 'keystone', 'credential-keys') },
    },
    placement: {
      placement_database: { connection: dbUrl(secrets, 'placement') },
      api: { auth_strategy: 'keystone' },
      keystone_authtoken: authtoken('placement', secrets),
    },
    nova: merge(common(layout, secrets, 'nova'), {
      DEFAULT: {
        compute_driver: 'fake.FakeDriver',
        my_ip: HOST,
        host: 'testbed-compute',
        vif_plugging_is_fatal: false,
        vif_plugging_timeout: 0,
        enabled_apis: 'osapi_compute',
        osapi_compute_workers: 1,
        metadata_workers: 1,
        instances_path: path.join(layout.stateDir, 'nova', 'instances'),
      },
      api: { auth_strategy: 'keystone' },
      api_database: { connection: dbUrl(secrets, 'nova_api') },
      database: { connection: dbUrl(secrets, 'nova') },
      conductor: { workers: 1 },
      scheduler: { workers: 1, discover_hosts_in_cells_interval: 5 },
      keystone_authtoken: authtoken('nova', secrets),
      // Debian's CVE-2023-2088 backport: Cinder refuses a detach that does not carry Nova's service token.
      service_user: { send_service_user_token: true, ...authFor('nova', secrets) },
      placement: authFor('placement', secrets),
      neutron: { ...authFor('neutron', secrets), service_metadata_proxy: false },
      cinder: { ...authFor('cinder', secrets), os_region_name: REGION, catalog_info: 'volumev3::publicURL' },
      glance: { api_servers: `http://${HOST}:${PORTS.glance}` },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
      vnc: { enabled: false },
      wsgi: { api_paste_config: '/etc/nova/api-paste.ini' },
    }),
    novaCompute: {},
    neutron: merge(common(layout, secrets, 'neutron'), {
      DEFAULT: {
        bind_host: HOST,
        bind_port: PORTS.neutron,
        core_plugin: 'ml2',
        service_plugins: 'router',
        auth_strategy: 'keystone',
        api_workers: 1,
        rpc_workers: 1,
        rpc_state_report_workers: 0,
        notify_nova_on_port_status_changes: true,
        notify_nova_on_port_data_changes: true,
        api_paste_config: '/etc/neutron/api-paste.ini',
        allow_overlapping_ips: true,
      },
      database: { connection: dbUrl(secrets, 'neutron') },
      keystone_authtoken: authtoken('neutron', secrets),
      nova: authFor('nova', secrets),
      placement: authFor('placement', secrets),
      agent: { root_helper: 'true' },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
    }),
    ml2: {
      ml2: {
        type_drivers: 'flat,vlan,vxlan',
        tenant_network_types: 'vxlan',
        mechanism_drivers: 'testbed_bind_every_port',
        extension_drivers: 'port_security',
      },
      ml2_type_flat: { flat_networks: '*' },
      ml2_type_vxlan: { vni_ranges: '1:10000' },
      ml2_type_vlan: { network_vlan_ranges: 'physnet1' },
    },
    glance: {
      DEFAULT: {
        bind_host: HOST,
        bind_port: PORTS.glance,
        workers: 1,
        enabled_backends: 'file:file',
        show_image_direct_url: false,
      },
      database: { connection: dbUrl(secrets, 'glance') },
      glance_store: { default_backend: 'file' },
      file: { filesystem_store_datadir: path.join(layout.stateDir, 'glance', 'images') },
      os_glance_staging_store: { filesystem_store_datadir: path.join(layout.stateDir, 'glance', 'staging') },
      os_glance_tasks_store: { filesystem_store_datadir: path.join(layout.stateDir, 'glance', 'tasks') },
      keystone_authtoken: authtoken('glance', secrets),
      paste_deploy: { flavor: 'keystone', config_file: '/etc/glance/glance-api-paste.ini' },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
    },
    cinder: merge(common(layout, secrets, 'cinder'), {
      DEFAULT: {
        osapi_volume_listen: HOST,
        osapi_volume_listen_port: PORTS.cinder,
        osapi_volume_workers: 1,
        auth_strategy: 'keystone',
        my_ip: HOST,
        host: 'testbed-volume',
        enabled_backends: 'testbed',
        default_volume_type: '__DEFAULT__',
        glance_api_servers: `http://${HOST}:${PORTS.glance}`,
        api_paste_config: '/etc/cinder/api-paste.ini',
      },
      database: { connection: dbUrl(secrets, 'cinder') },
      keystone_authtoken: authtoken('cinder', secrets),
      service_user: { send_service_user_token: true, ...authFor('cinder', secrets) },
      nova: authFor('nova', secrets),
      testbed: {
        volume_driver: 'release_train_testbed_shims.cinder_volume.TestbedMetadataOnlyVolumeDriver',
        volume_backend_name: 'testbed',
      },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
    }),
    octavia: merge(common(layout, secrets, 'octavia'), {
      api_settings: {
        bind_host: HOST,
        bind_port: PORTS.octavia,
        auth_strategy: 'keystone',
        enabled_provider_drivers: 'amphora:The test bed amphora provider (noop drivers)',
        default_provider_driver: 'amphora',
      },
      database: { connection: dbUrl(secrets, 'octavia') },
      keystone_authtoken: authtoken('octavia', secrets),
      service_auth: authFor('octavia', secrets),
      neutron: { ...authFor('octavia', secrets), endpoint_type: 'public' },
      nova: { region_name: REGION },
      glance: { region_name: REGION },
      cinder: { region_name: REGION },
      controller_worker: {
        amphora_driver: 'amphora_noop_driver',
        compute_driver: 'compute_noop_driver',
        network_driver: 'testbed_real_vip_port_driver',
        image_driver: 'image_noop_driver',
        volume_driver: 'volume_noop_driver',
        distributor_driver: 'distributor_noop_driver',
        loadbalancer_topology: 'SINGLE',
        client_ca: path.join(layout.stateDir, 'octavia', 'ca', 'ca.pem'),
        amp_boot_network_list: '00000000-0000-0000-0000-000000000000',
        amp_secgroup_list: '00000000-0000-0000-0000-000000000000',
        amp_flavor_id: 'noop',
        amp_image_owner_id: 'noop',
      },
      task_flow: { jobboard_enabled: false },
      certificates: {
        cert_manager: 'barbican_cert_manager',
        ca_certificate: path.join(layout.stateDir, 'octavia', 'ca', 'ca.pem'),
        ca_private_key: path.join(layout.stateDir, 'octavia', 'ca', 'ca.key'),
        ca_private_key_passphrase: secrets.octaviaCertPassphrase,
        server_certs_key_passphrase: secrets.octaviaCertPassphrase,
      },
      haproxy_amphora: {
        client_cert: path.join(layout.stateDir, 'octavia', 'ca', 'client.pem'),
        server_ca: path.join(layout.stateDir, 'octavia', 'ca', 'ca.pem'),
      },
      health_manager: { bind_ip: HOST, controller_ip_port_list: `${HOST}:${PORTS.octaviaHealthManager}` },
      oslo_messaging: { topic: 'octavia_prov' },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
    }),
    barbican: {
      DEFAULT: {
        // Zed reads its database from here; [database] connection is ignored (and a sqlite file appears).
        sql_connection: dbUrl(secrets, 'barbican'),
        host_href: `http://${HOST}:${PORTS.barbican}`,
        transport_url: `rabbit://openstack:${secrets.rabbitPassword}@${HOST}:${PORTS.rabbitmq}/`,
      },
      keystone_authtoken: authtoken('barbican', secrets),
      secretstore: { enabled_secretstore_plugins: 'store_crypto' },
      crypto: { enabled_crypto_plugins: 'simple_crypto' },
      simple_crypto_plugin: { kek: secrets.barbicanKek },
      oslo_policy: { enforce_new_defaults: false, enforce_scope: false },
    },
  };
  for (const [name, ini] of Object.entries(files)) {
    writeAtomically(configPath(layout, name as keyof typeof CONFIG_FILES), renderIni(ini));
  }
  // nova-api's WSGI app reads nova.conf and api-paste.ini from one folder (OS_NOVA_CONFIG_DIR).
  fs.copyFileSync('/etc/nova/api-paste.ini', path.join(layout.etcDir, 'nova', 'api-paste.ini'));
  for (const dir of ['nova/instances', 'glance/images', 'glance/staging', 'glance/tasks', 'octavia/ca', 'keystone'])
    fs.mkdirSync(path.join(layout.stateDir, dir), { recursive: true });
  for (const service of ['nova', 'neutron', 'cinder', 'octavia'])
    fs.mkdirSync(path.join(layout.stateDir, service, 'lock'), { recursive: true });
}
