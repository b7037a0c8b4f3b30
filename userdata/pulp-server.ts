// The cloud-init user data of a PulpServer: Pulp's upstream all-in-one image (pulp/pulp) under podman and
// systemd, its settings from the same generator the test harness runs (pulp/settings.ts), and its state on
// the data volume. Every secret Pulp makes for itself (SECRET_KEY, the database encryption key, the token
// signing keys, a first TLS certificate) is generated on the server at first boot: none passes through
// Terraform. What only the operator has (the admin password, object storage keys) comes from sensitive
// variables, base64-encoded into files readable by root only.
import { stringify } from 'yaml';
import { renderPulpSettings } from '../pulp/settings';
import { Base64Encoder, CloudConfigFile, secretFile } from './secret-files';

/** S3-compatible object storage; the keys are expressions of sensitive variables, never literals. */
export interface ObjectStorageInput {
  readonly endpointUrl: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** What every Pulp node's user data needs, whatever its layout. */
export interface PulpNodeInput {
  /** Public DNS name: CONTENT_ORIGIN is `https://<hostname>` (http without TLS), the token server is on it. */
  readonly hostname: string;
  /** Image reference with a pinned tag, e.g. `docker.io/pulp/pulp:3.85`. */
  readonly image: string;
  readonly tokenAuth: boolean;
  /** Whether clients reach Pulp over HTTPS (false only behind a TLS-terminating proxy, see RULES.md). */
  readonly tls: boolean;
  /** Expression of the sensitive admin password variable; absent leaves the image's own admin user alone. */
  readonly adminPassword?: string;
  readonly objectStorage?: ObjectStorageInput;
  /** Turns a secret's expression into its base64 form inside the user data (see secret-files.ts). */
  readonly base64: Base64Encoder;
}

export interface PulpUserDataInput extends PulpNodeInput {
  /** Block device of the data volume, e.g. `/dev/disk/by-id/virtio-<first 20 characters of its ID>`. */
  readonly dataDevice: string;
  readonly apiWorkers: number;
  readonly contentWorkers: number;
  readonly workers: number;
}

/** Where the server keeps what must survive a rebuild of the instance: the data volume. */
export const PULP_DATA_MOUNT = '/var/lib/pulp-data';
/** The container's /etc/pulp, on the data volume: a rebuilt instance keeps the keys the database needs. */
const CONFIG_DIR = `${PULP_DATA_MOUNT}/config`;
/** Where cloud-init writes the settings; the first-boot script installs them into the config folder. */
const SETTINGS_FROM_USER_DATA = '/etc/release-train/pulp-settings.py';
/** Secret inputs as cloud-init writes them (root only); installed into the config folder, then removed. */
const SECRET_INPUTS = '/etc/release-train/secrets';
/** The user and group the pulp/pulp image runs Pulp as (pulp-oci-images: `s6-setuidgid pulp`). */
export const PULP_UID = 700;
/** /etc/pulp as the container sees it. */
export const CONTAINER_CONFIG = '/etc/pulp';
const CERTS = `${CONTAINER_CONFIG}/certs`;

/** The settings.py a Pulp node writes (paths as the container sees them). */
export function pulpServerSettings(
  input: Pick<PulpNodeInput, 'hostname' | 'tokenAuth'> &
    Partial<Pick<PulpNodeInput, 'tls' | 'objectStorage'>> & {
      readonly database?: {
        readonly host: string;
        readonly port: number;
        readonly name: string;
        readonly user: string;
      };
    },
): string {
  const origin = `${input.tls === false ? 'http' : 'https'}://${input.hostname}`;
  return renderPulpSettings({
    secretKeyFile: `${CONTAINER_CONFIG}/secret_key`,
    dbEncryptionKeyFile: `${CERTS}/database_fields.symmetric.key`,
    contentOrigin: origin,
    dataDir: '/var/lib/pulp',
    database: input.database && { ...input.database, passwordFile: `${CONTAINER_CONFIG}/database_password` },
    objectStorage: input.objectStorage && {
      endpointUrl: input.objectStorage.endpointUrl,
      bucket: input.objectStorage.bucket,
      region: input.objectStorage.region,
      accessKeyFile: `${CONTAINER_CONFIG}/object_storage_access_key`,
      secretKeyFile: `${CONTAINER_CONFIG}/object_storage_secret_key`,
    },
    tokenAuth: input.tokenAuth
      ? {
          server: `${origin}/token/`,
          publicKeyFile: `${CERTS}/token_public_key.pem`,
          privateKeyFile: `${CERTS}/token_private_key.pem`,
        }
      : undefined,
  });
}

/** Secret inputs by file name in the config folder: expressions of sensitive variables. */
export function secretInputs(
  input: PulpNodeInput,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const inputs: Record<string, string> = { ...extra };
  if (input.adminPassword !== undefined) inputs.admin_password = input.adminPassword;
  if (input.objectStorage) {
    inputs.object_storage_access_key = input.objectStorage.accessKey;
    inputs.object_storage_secret_key = input.objectStorage.secretKey;
  }
  return inputs;
}

/**
 * Generates each secret once, on the server, into `configDir`; reruns, reboots and rebuilt instances keep
 * what exists. The settings (no secret in them) always come from the current user data; secret inputs are
 * moved from where cloud-init wrote them into `configDir`.
 */
export function firstBootScript(
  hostname: string,
  configDir: string,
  dirs: { readonly extra?: readonly string[]; readonly pulpOwned?: readonly string[] } = {},
): string {
  const certs = `${configDir}/certs`;
  const extraDirs = dirs.extra ?? [];
  return `#!/bin/sh
# Written by release-train (userdata/pulp-server.ts): secrets are made here, never by Terraform.
set -eu
umask 077
mkdir -p ${[certs, ...extraDirs].join(' ')}
install -m 0644 ${SETTINGS_FROM_USER_DATA} ${configDir}/settings.py
for input in ${SECRET_INPUTS}/*; do
  [ -f "$input" ] || continue
  install -m 0600 "$input" ${configDir}/"$(basename "$input")" && rm -f "$input"
done
[ -s ${configDir}/secret_key ] || openssl rand -base64 48 | tr -d '\\n' > ${configDir}/secret_key
[ -s ${certs}/database_fields.symmetric.key ] || openssl rand 32 | base64 | tr '+/' '-_' > ${certs}/database_fields.symmetric.key
if [ ! -s ${certs}/token_private_key.pem ]; then
  openssl ecparam -genkey -name prime256v1 -noout -out ${certs}/token_private_key.pem
  openssl ec -in ${certs}/token_private_key.pem -pubout -out ${certs}/token_public_key.pem
fi
# A first self-signed certificate, so that the server starts; replace it with one from your CA.
[ -s ${certs}/pulp_webserver.crt ] || openssl req -x509 -newkey rsa:3072 -nodes -days 825 \\
  -subj "/CN=${hostname}" -addext "subjectAltName=DNS:${hostname}" \\
  -keyout ${certs}/pulp_webserver.key -out ${certs}/pulp_webserver.crt
${
  extraDirs.length
    ? `chmod 0755 ${extraDirs.join(' ')}
`
    : ''
}# The image runs Pulp as user pulp (uid and gid ${PULP_UID}): it must read its settings and keys.
chown -R ${PULP_UID}:${PULP_UID} ${[configDir, ...(dirs.pulpOwned ?? [])].join(' ')}
`;
}

/**
 * Sets the admin password from the file the first-boot script installed, then removes the file. `manager`
 * runs pulpcore-manager where Pulp's database is reachable; it is retried until Pulp has migrated.
 */
export function adminPasswordScript(manager: string, configDir: string): string {
  const python = [
    'from pathlib import Path',
    'from django.contrib.auth import get_user_model',
    'user, _ = get_user_model().objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})',
    `user.set_password(Path("${CONTAINER_CONFIG}/admin_password").read_text().strip())`,
    'user.save()',
  ].join('; ');
  return `#!/bin/sh
# Written by release-train: the admin password comes from a sensitive variable, once, at first boot.
set -eu
[ -s ${configDir}/admin_password ] || exit 0
for attempt in $(seq 60); do
  if ${manager} shell -c '${python}'; then
    rm -f ${configDir}/admin_password
    exit 0
  fi
  sleep 10
done
echo "admin password not set: Pulp did not become ready" >&2
exit 1
`;
}

/** A systemd unit running one container of `image` (podman, removed on stop, restarted on failure). */
export function podmanUnit(unit: {
  readonly description: string;
  readonly container: string;
  readonly runArgs: readonly string[];
  readonly image: string;
  readonly command?: string;
  readonly requiresMountsFor?: string;
}): string {
  const run = [
    `/usr/bin/podman run --rm --name ${unit.container}`,
    ...unit.runArgs,
    unit.command ? `${unit.image} ${unit.command}` : unit.image,
  ].join(' \\\n  ');
  return `[Unit]
Description=${unit.description}
After=network-online.target
Wants=network-online.target
${unit.requiresMountsFor ? `RequiresMountsFor=${unit.requiresMountsFor}\n` : ''}
[Service]
ExecStartPre=-/usr/bin/podman rm --force ${unit.container}
ExecStart=${run}
ExecStop=/usr/bin/podman stop --time 60 ${unit.container}
Restart=on-failure
RestartSec=10

[Install]
WantedBy=multi-user.target
`;
}

export type { CloudConfigFile } from './secret-files';

/** `#cloud-config` from its parts; secret inputs are written base64-encoded, readable by root only. */
export function cloudConfig(parts: {
  readonly settings: string;
  readonly secrets: Readonly<Record<string, string>>;
  readonly files: readonly CloudConfigFile[];
  readonly runcmd: readonly (readonly string[])[];
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly base64: Base64Encoder;
}): string {
  const secretFiles = Object.entries(parts.secrets).map(([name, value]) =>
    secretFile(`${SECRET_INPUTS}/${name}`, value, parts.base64),
  );
  const config = {
    package_update: true,
    packages: ['podman', 'openssl'],
    ...parts.extra,
    write_files: [
      { path: SETTINGS_FROM_USER_DATA, permissions: '0644', content: parts.settings },
      ...secretFiles,
      ...parts.files,
    ],
    runcmd: parts.runcmd,
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}

/** `#cloud-config` for an all-in-one PulpServer. */
export function pulpServerUserData(input: PulpUserDataInput): string {
  const port = input.tls ? 443 : 80;
  const unit = podmanUnit({
    description: `Pulp (${input.image})`,
    container: 'pulp',
    requiresMountsFor: PULP_DATA_MOUNT,
    image: input.image,
    runArgs: [
      `--publish ${port}:${port} --device /dev/fuse`,
      `--volume ${CONFIG_DIR}:${CONTAINER_CONFIG}:Z`,
      `--volume ${PULP_DATA_MOUNT}/storage:/var/lib/pulp:Z`,
      `--volume ${PULP_DATA_MOUNT}/pgsql:/var/lib/pgsql:Z`,
      `--volume ${PULP_DATA_MOUNT}/containers:/var/lib/containers:Z`,
      `--env PULP_HTTPS=${input.tls}`,
      `--env PULP_API_WORKERS=${input.apiWorkers}`,
      `--env PULP_CONTENT_WORKERS=${input.contentWorkers}`,
      `--env PULP_WORKERS=${input.workers}`,
    ],
  });
  const runcmd = [
    ['/usr/local/sbin/release-train-pulp-first-boot'],
    ['systemctl', 'daemon-reload'],
    ['systemctl', 'enable', '--now', 'pulp.service'],
  ];
  const files: CloudConfigFile[] = [
    {
      path: '/usr/local/sbin/release-train-pulp-first-boot',
      permissions: '0700',
      content: firstBootScript(input.hostname, CONFIG_DIR, {
        extra: ['storage', 'pgsql', 'containers'].map(onDataVolume),
        pulpOwned: [onDataVolume('storage')],
      }),
    },
    { path: '/etc/systemd/system/pulp.service', permissions: '0644', content: unit },
  ];
  if (input.adminPassword !== undefined) {
    files.push({
      path: '/usr/local/sbin/release-train-pulp-admin-password',
      permissions: '0700',
      content: adminPasswordScript('/usr/bin/podman exec pulp pulpcore-manager', CONFIG_DIR),
    });
    runcmd.push(['/usr/local/sbin/release-train-pulp-admin-password']);
  }
  return cloudConfig({
    settings: pulpServerSettings(input),
    secrets: secretInputs(input),
    files,
    runcmd,
    base64: input.base64,
    extra: {
      fs_setup: [{ label: 'pulp-data', filesystem: 'ext4', device: input.dataDevice, overwrite: false }],
      mounts: [['LABEL=pulp-data', PULP_DATA_MOUNT, 'ext4', 'defaults,nofail', '0', '2']],
    },
  });
}

function onDataVolume(name: string): string {
  return `${PULP_DATA_MOUNT}/${name}`;
}
