// The cloud-init user data of a PulpServer: Pulp's upstream all-in-one image (pulp/pulp) under podman and
// systemd, its settings from the same generator the test harness runs (pulp/settings.ts), and its state on
// the data volume. Every secret (SECRET_KEY, the database encryption key, the token signing keys, a first
// TLS certificate) is generated on the server at first boot: none passes through Terraform.
import { stringify } from 'yaml';
import { renderPulpSettings } from '../pulp/settings';

export interface PulpUserDataInput {
  /** Public DNS name: CONTENT_ORIGIN is `https://<hostname>`, and the registry's token server is on it. */
  readonly hostname: string;
  /** Image reference with a pinned tag, e.g. `docker.io/pulp/pulp:3.85`. */
  readonly image: string;
  /** Block device of the data volume, e.g. `/dev/disk/by-id/virtio-<first 20 characters of its ID>`. */
  readonly dataDevice: string;
  readonly tokenAuth: boolean;
  readonly apiWorkers: number;
  readonly contentWorkers: number;
  readonly workers: number;
}

/** Where the server keeps what must survive a rebuild of the instance: the data volume. */
export const PULP_DATA_MOUNT = '/var/lib/pulp-data';
/** The container's /etc/pulp, on the data volume: a rebuilt instance keeps the keys the database needs. */
const CONFIG_DIR = `${PULP_DATA_MOUNT}/config`;
/** Where cloud-init writes the settings; the first-boot script installs them into CONFIG_DIR. */
const SETTINGS_FROM_USER_DATA = '/etc/release-train/pulp-settings.py';
const CERTS = '/etc/pulp/certs';
const HOST_CERTS = `${CONFIG_DIR}/certs`;

/** The settings.py a PulpServer writes (paths as the container sees them). */
export function pulpServerSettings(input: Pick<PulpUserDataInput, 'hostname' | 'tokenAuth'>): string {
  const origin = `https://${input.hostname}`;
  return renderPulpSettings({
    secretKeyFile: '/etc/pulp/secret_key',
    dbEncryptionKeyFile: `${CERTS}/database_fields.symmetric.key`,
    contentOrigin: origin,
    dataDir: '/var/lib/pulp',
    tokenAuth: input.tokenAuth
      ? {
          server: `${origin}/token/`,
          publicKeyFile: `${CERTS}/token_public_key.pem`,
          privateKeyFile: `${CERTS}/token_private_key.pem`,
        }
      : undefined,
  });
}

/**
 * Generates each secret once, on the server, onto the data volume; reruns, reboots and rebuilt instances
 * keep what exists. The settings (no secret in them) always come from the current user data.
 */
function firstBootScript(hostname: string): string {
  return `#!/bin/sh
# Written by release-train (constructs/pulp-user-data.ts): secrets are made here, never by Terraform.
set -eu
umask 077
mkdir -p ${HOST_CERTS} ${PULP_DATA_MOUNT}/storage ${PULP_DATA_MOUNT}/pgsql ${PULP_DATA_MOUNT}/containers
install -m 0644 ${SETTINGS_FROM_USER_DATA} ${CONFIG_DIR}/settings.py
[ -s ${CONFIG_DIR}/secret_key ] || openssl rand -base64 48 | tr -d '\\n' > ${CONFIG_DIR}/secret_key
[ -s ${HOST_CERTS}/database_fields.symmetric.key ] || openssl rand 32 | base64 | tr '+/' '-_' > ${HOST_CERTS}/database_fields.symmetric.key
if [ ! -s ${HOST_CERTS}/token_private_key.pem ]; then
  openssl ecparam -genkey -name prime256v1 -noout -out ${HOST_CERTS}/token_private_key.pem
  openssl ec -in ${HOST_CERTS}/token_private_key.pem -pubout -out ${HOST_CERTS}/token_public_key.pem
fi
# A first self-signed certificate, so that the server starts; replace it with one from your CA.
[ -s ${HOST_CERTS}/pulp_webserver.crt ] || openssl req -x509 -newkey rsa:3072 -nodes -days 825 \\
  -subj "/CN=${hostname}" -addext "subjectAltName=DNS:${hostname}" \\
  -keyout ${HOST_CERTS}/pulp_webserver.key -out ${HOST_CERTS}/pulp_webserver.crt
`;
}

function systemdUnit(input: PulpUserDataInput): string {
  const volumes = [
    `${CONFIG_DIR}:/etc/pulp:Z`,
    `${PULP_DATA_MOUNT}/storage:/var/lib/pulp:Z`,
    `${PULP_DATA_MOUNT}/pgsql:/var/lib/pgsql:Z`,
    `${PULP_DATA_MOUNT}/containers:/var/lib/containers:Z`,
  ];
  const run = [
    '/usr/bin/podman run --rm --name pulp --publish 443:443 --device /dev/fuse',
    ...volumes.map((v) => `--volume ${v}`),
    '--env PULP_HTTPS=true',
    `--env PULP_API_WORKERS=${input.apiWorkers}`,
    `--env PULP_CONTENT_WORKERS=${input.contentWorkers}`,
    `--env PULP_WORKERS=${input.workers}`,
    input.image,
  ].join(' \\\n  ');
  return `[Unit]
Description=Pulp (${input.image})
After=network-online.target
RequiresMountsFor=${PULP_DATA_MOUNT}

[Service]
ExecStartPre=-/usr/bin/podman rm --force pulp
ExecStart=${run}
ExecStop=/usr/bin/podman stop --time 60 pulp
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;
}

/** `#cloud-config` for a PulpServer. */
export function pulpServerUserData(input: PulpUserDataInput): string {
  const config = {
    package_update: true,
    packages: ['podman', 'openssl'],
    fs_setup: [{ label: 'pulp-data', filesystem: 'ext4', device: input.dataDevice, overwrite: false }],
    mounts: [['LABEL=pulp-data', PULP_DATA_MOUNT, 'ext4', 'defaults,nofail', '0', '2']],
    write_files: [
      { path: SETTINGS_FROM_USER_DATA, permissions: '0644', content: pulpServerSettings(input) },
      {
        path: '/usr/local/sbin/release-train-pulp-first-boot',
        permissions: '0700',
        content: firstBootScript(input.hostname),
      },
      { path: '/etc/systemd/system/pulp.service', permissions: '0644', content: systemdUnit(input) },
    ],
    runcmd: [
      ['/usr/local/sbin/release-train-pulp-first-boot'],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'pulp.service'],
    ],
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}
