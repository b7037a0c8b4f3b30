// User data of the nodes of a Pulp cluster (Ark at scale): the same pinned image run as single processes
// (`pulp-api`, `pulp-content`, `pulp-worker`), an external PostgreSQL and shared object storage. All nodes
// must share SECRET_KEY, the database encryption key and the token keys: the leader (API node 01) makes them
// at first boot exactly as a single server does and stores them in the bucket under a private prefix;
// every other node waits for them there. A rebuilt leader adopts what the bucket holds, so nothing is ever
// regenerated under a running cluster, and no secret passes through Terraform.
import {
  adminPasswordScript,
  CloudConfigFile,
  cloudConfig,
  CONTAINER_CONFIG,
  firstBootScript,
  ObjectStorageInput,
  PulpNodeInput,
  podmanUnit,
  PULP_UID,
  pulpServerSettings,
  secretInputs,
} from './pulp-server';

export interface ExternalDatabaseInput {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  /** Expression of the sensitive database password variable. */
  readonly password: string;
}

export interface PulpClusterNodeInput extends PulpNodeInput {
  readonly objectStorage: ObjectStorageInput;
  readonly database: ExternalDatabaseInput;
  /** `api` nodes serve the REST API and the content app; `worker` nodes run tasks. */
  readonly role: 'api' | 'worker';
  /** The one API node that migrates the database, sets the admin password and seeds the shared secrets. */
  readonly leader: boolean;
  /** Gunicorn workers per API or content process, or task workers per worker node. */
  readonly processes: number;
}

/** On a cluster node the host's /etc/pulp is the container's: no data volume, nothing local to keep. */
const HOST_CONFIG = CONTAINER_CONFIG;
export const PULP_API_PORT = 24817;
export const PULP_CONTENT_PORT = 24816;

/** Files every node must hold identically, relative to /etc/pulp. */
const SHARED_SECRETS = [
  'secret_key',
  'certs/database_fields.symmetric.key',
  'certs/token_private_key.pem',
  'certs/token_public_key.pem',
];

function sharedSecretsScript(storage: ObjectStorageInput): string {
  return `# Written by release-train (userdata/pulp-cluster-node.ts); runs in the Pulp image (boto3).
import sys, time
from pathlib import Path
import boto3

role = sys.argv[1]
config = Path("${CONTAINER_CONFIG}")
s3 = boto3.client(
    "s3",
    endpoint_url=${JSON.stringify(storage.endpointUrl)},
    region_name=${JSON.stringify(storage.region)},
    aws_access_key_id=(config / "object_storage_access_key").read_text().strip(),
    aws_secret_access_key=(config / "object_storage_secret_key").read_text().strip(),
)
bucket = ${JSON.stringify(storage.bucket)}
prefix = "release-train/shared-secrets/"
names = ${JSON.stringify(SHARED_SECRETS)}

def fetch(name):
    try:
        return s3.get_object(Bucket=bucket, Key=prefix + name)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None

if role == "leader":
    for name in names:
        if fetch(name) is None:
            s3.put_object(Bucket=bucket, Key=prefix + name, Body=(config / name).read_bytes())
deadline = time.time() + 1800
for name in names:
    body = fetch(name)
    while body is None:
        if time.time() > deadline:
            sys.exit(f"shared secret {name} not in s3://{bucket}/{prefix} after 30 min: is the leader up?")
        time.sleep(10)
        body = fetch(name)
    target = config / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(body)
    partial.chmod(0o600)
    partial.replace(target)
`;
}

/** `podman run` arguments shared by every container of a node. */
function containerArgs(image: string): { image: string; runArgs: string[] } {
  return { image, runArgs: ['--network host', `--volume ${HOST_CONFIG}:${CONTAINER_CONFIG}:Z`] };
}

function serviceUnits(input: PulpClusterNodeInput): { files: CloudConfigFile[]; services: string[] } {
  const shared = containerArgs(input.image);
  const unit = (name: string, command: string, env: string[]): CloudConfigFile => ({
    path: `/etc/systemd/system/${name}.service`,
    permissions: '0644',
    content: podmanUnit({
      description: `Pulp ${command} (${input.image})`,
      container: name,
      image: shared.image,
      runArgs: [...shared.runArgs, ...env],
      command,
    }),
  });
  if (input.role === 'api') {
    return {
      files: [
        unit('pulp-api', 'pulp-api', [`--env PULP_API_WORKERS=${input.processes}`]),
        unit('pulp-content', 'pulp-content', [`--env PULP_CONTENT_WORKERS=${input.processes}`]),
      ],
      services: ['pulp-api.service', 'pulp-content.service'],
    };
  }
  const workers = Array.from({ length: input.processes }, (_, i) => `pulp-worker-${i + 1}`);
  return { files: workers.map((name) => unit(name, 'pulp-worker', [])), services: workers.map((w) => `${w}.service`) };
}

/** `#cloud-config` for one node of a Pulp cluster. */
export function pulpClusterNodeUserData(input: PulpClusterNodeInput): string {
  const oneShot = `/usr/bin/podman run --rm --network host --volume ${HOST_CONFIG}:${CONTAINER_CONFIG}:Z ${input.image}`;
  const { files, services } = serviceUnits(input);
  const runcmd: string[][] = [
    ['/usr/local/sbin/release-train-pulp-first-boot'],
    [...oneShot.split(' '), 'python3', `${CONTAINER_CONFIG}/shared_secrets.py`, input.leader ? 'leader' : 'follower'],
  ];
  if (input.leader) {
    runcmd.push([...oneShot.split(' '), 'pulpcore-manager', 'migrate', '--noinput']);
    if (input.adminPassword !== undefined) runcmd.push(['/usr/local/sbin/release-train-pulp-admin-password']);
  }
  runcmd.push(['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', ...services]);
  const scripts: CloudConfigFile[] = [
    { path: '/usr/local/sbin/release-train-pulp-first-boot', permissions: '0700', content: firstBoot(input) },
    {
      path: `/etc/release-train/shared_secrets.py`,
      permissions: '0600',
      content: sharedSecretsScript(input.objectStorage),
    },
  ];
  if (input.leader && input.adminPassword !== undefined) {
    scripts.push({
      path: '/usr/local/sbin/release-train-pulp-admin-password',
      permissions: '0700',
      content: adminPasswordScript(`${oneShot} pulpcore-manager`, HOST_CONFIG),
    });
  }
  return cloudConfig({
    settings: pulpServerSettings(input),
    secrets: secretInputs(input, { database_password: input.database.password }),
    files: [...scripts, ...files],
    runcmd,
    base64: input.base64,
  });
}

/** The single server's first-boot script, plus the shared-secrets script moved next to the settings. */
function firstBoot(input: PulpClusterNodeInput): string {
  return (
    firstBootScript(input.hostname, HOST_CONFIG) +
    `install -m 0600 -o ${PULP_UID} -g ${PULP_UID} /etc/release-train/shared_secrets.py ${HOST_CONFIG}/shared_secrets.py\n`
  );
}
