// A harness Pulp booted from what a PulpServer writes: the synthesised ark user data's first-boot script
// makes the secrets (run for real, its paths moved into a temp folder) and Pulp runs the user data's
// settings.py, its container paths moved the way the unit's podman volumes move them. Only the database
// differs: the server's container runs its own PostgreSQL on localhost, here it is the harness's.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../config';
import { PULP_DATA_MOUNT } from '../../userdata/pulp-server';
import {
  bootExtraPulp,
  createHarnessDatabase,
  dropHarnessDatabase,
  ExtraPulp,
  pulpInstances,
  stopExtraPulp,
  venvBin,
} from '../../testbed/pulp/harness';
import { spawnCollected } from '../support/spawn';
import { harnessState } from '../support/pulp';
import { synthApp } from '../support/tofu';

const SETTINGS = '/etc/release-train/pulp-settings.py';
const SECRET_INPUTS = '/etc/release-train/secrets';
const FIRST_BOOT = '/usr/local/sbin/release-train-pulp-first-boot';
// pulp/pulp runs Pulp as user and group 700 (pulp-oci-images: Containerfile.core.base, `s6-setuidgid pulp`);
// rootful podman leaves the files the first-boot script made as root's.
const CONTAINER_PULP = { uid: 700, gid: 700 };

const hostname = loadConfig().ark!.hostname;
const files = arkUserDataFiles();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-server-boot-'));
const dataVolume = path.join(work, 'pulp-data');
const etcReleaseTrain = path.join(work, 'etc-release-train');
// Container path -> where it is here, from the unit's `--volume <host>:<container>:Z` options.
const volumes = new Map(
  [...files.get('/etc/systemd/system/pulp.service')!.matchAll(/--volume (\S+):(\S+):Z/g)].map(([, host, inside]) => [
    inside,
    host.replace(PULP_DATA_MOUNT, dataVolume),
  ]),
);
const imageTag = /docker\.io\/pulp\/pulp:([\d.]+)/.exec(files.get('/etc/systemd/system/pulp.service')!)![1];
const configDir = volumes.get('/etc/pulp')!;
const storageDir = volumes.get('/var/lib/pulp')!;
const database = `rt_server_boot_${process.pid}`;
const settingsFile = path.join(work, 'harness-settings.py');
let pulp: ExtraPulp | undefined;
let databaseCreated = false;

afterAll(async () => {
  if (pulp) await stopExtraPulp(pulp);
  if (databaseCreated) dropHarnessDatabase(database);
  fs.rmSync(work, { recursive: true, force: true });
});

/** The ark stack's `write_files`, path -> content. */
function arkUserDataFiles(): Map<string, string> {
  const app = synthApp();
  try {
    const ark = app.stacks.find((s) => s.name === 'ark')!;
    const [instance] = Object.values<any>(ark.json.resource.openstack_compute_instance_v2);
    const userData = parse(instance.user_data);
    return new Map(userData.write_files.map((f: { path: string; content: string }) => [f.path, f.content]));
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

function runFirstBoot(): void {
  const script = files
    .get(FIRST_BOOT)!
    .replaceAll(PULP_DATA_MOUNT, dataVolume)
    .replaceAll('/etc/release-train', etcReleaseTrain);
  expect(script.match(/(?<![\w.-])\/(etc|var)\/\S*/g)).toBeNull(); // nothing left to touch outside the temp folder
  fs.writeFileSync(path.join(work, 'first-boot'), script, { mode: 0o700 });
  const result = spawnSync(path.join(work, 'first-boot'), { encoding: 'utf8' });
  expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
}

/** Every file below `dir` with its mode and content. */
function snapshot(dir: string): Record<string, { mode: string; sha256: string }> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => {
        const file = path.join(dir, f);
        const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
        return [f, { mode: (fs.statSync(file).mode & 0o777).toString(8), sha256 }];
      }),
  );
}

function permits(file: string, who: { uid: number; gid: number }, bit: number): boolean {
  const stat = fs.statSync(file);
  const shift = stat.uid === who.uid ? 6 : stat.gid === who.gid ? 3 : 0;
  return ((stat.mode >> shift) & bit) !== 0;
}

/** Whether `who` may read `file` by mode bits: search on each folder from `root` down, read on the file. */
function readableBy(who: { uid: number; gid: number }, root: string, file: string): boolean {
  const below = path.relative(root, path.dirname(file)).split(path.sep).filter(Boolean);
  const folders = [root, ...below.map((_, i) => path.join(root, ...below.slice(0, i + 1)))];
  return folders.every((folder) => permits(folder, who, 1)) && permits(file, who, 4);
}

function manager(args: readonly string[]) {
  return spawnCollected(venvBin(pulpVenv(), 'pulpcore-manager'), args, {
    env: { ...process.env, PULP_SETTINGS: settingsFile },
  });
}

/** The harness virtualenv on the image's pulpcore minor (pulp/pulp:3.85 -> pulpcore 3.85.x). */
function pulpVenv(): string {
  const found = Object.entries(pulpInstances()).find(([, v]) => v.requirements.pulpcore.startsWith(`${imageTag}.`));
  if (!found) throw new Error(`no harness instance runs pulpcore ${imageTag}.x, the line of pulp/pulp:${imageTag}`);
  return found[0];
}

/** The /etc/pulp files the settings name, as they lie here. */
function filesPulpReads(): string[] {
  const named = [...files.get(SETTINGS)!.matchAll(/"\/etc\/pulp\/([^"]+)"/g)].map(([, rest]) => rest);
  return ['settings.py', ...named].map((rest) => path.join(configDir, rest));
}

test('the first-boot script makes every secret on the server, readable by no one else, and keeps them on a rerun', () => {
  expect(spawnSync('openssl', ['version']).status).toBe(0); // the user data installs it on the server
  fs.mkdirSync(path.join(etcReleaseTrain, 'secrets'), { recursive: true });
  fs.writeFileSync(path.join(etcReleaseTrain, 'pulp-settings.py'), files.get(SETTINGS)!);
  fs.writeFileSync(path.join(etcReleaseTrain, 'secrets', 'admin_password'), 'test-admin-password', { mode: 0o600 });
  expect([...files.keys()].filter((f) => f.startsWith(`${SECRET_INPUTS}/`))).toEqual([
    `${SECRET_INPUTS}/admin_password`,
  ]);
  runFirstBoot();

  const made = snapshot(configDir);
  const certs = ['database_fields.symmetric.key', 'token_private_key.pem', 'pulp_webserver.key'];
  const secrets = ['secret_key', 'admin_password', ...certs.map((f) => `certs/${f}`)];
  const published = ['settings.py', 'certs/token_public_key.pem', 'certs/pulp_webserver.crt'];
  expect(Object.keys(made).sort()).toEqual([...secrets, ...published].sort());
  // 0600, or 0640 should the group become Pulp's: nothing for others, no writer but the owner.
  for (const secret of secrets) expect([secret, Number.parseInt(made[secret].mode, 8) & 0o027]).toEqual([secret, 0]);
  expect(fs.readFileSync(path.join(configDir, 'settings.py'), 'utf8')).toBe(files.get(SETTINGS));
  expect(fs.readdirSync(path.join(etcReleaseTrain, 'secrets'))).toEqual([]); // moved, not copied
  expect(fs.readFileSync(path.join(configDir, 'admin_password'), 'utf8')).toBe('test-admin-password');

  const read = (f: string) => fs.readFileSync(path.join(configDir, f), 'utf8');
  expect(read('secret_key')).toMatch(/^[A-Za-z0-9+/=]{64}$/);
  expect(Buffer.from(read('certs/database_fields.symmetric.key').trim(), 'base64url')).toHaveLength(32); // Fernet
  const tokenKey = crypto.createPrivateKey(read('certs/token_private_key.pem'));
  expect(tokenKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1'); // ES256
  expect(crypto.createPublicKey(tokenKey).export({ type: 'spki', format: 'pem' })).toBe(
    read('certs/token_public_key.pem'),
  );
  const cert = new crypto.X509Certificate(read('certs/pulp_webserver.crt'));
  expect(cert.subjectAltName).toBe(`DNS:${hostname}`);
  expect(cert.checkPrivateKey(crypto.createPrivateKey(read('certs/pulp_webserver.key')))).toBe(true);

  runFirstBoot();
  expect(snapshot(configDir)).toEqual(made);
});

test("pulp/pulp's pulp user (uid 700, not root) can read the settings and every file they name", () => {
  const unreadable = filesPulpReads().filter((file) => !readableBy(CONTAINER_PULP, configDir, file));
  expect(unreadable.map((file) => path.relative(configDir, file))).toEqual([]);
});

test('migrates a fresh database with the server settings; Django deploy checks find no error', async () => {
  let settings = fs.readFileSync(path.join(configDir, 'settings.py'), 'utf8');
  for (const [inside, here] of volumes) settings = settings.replace(new RegExp(`"${inside}(?=[/"])`, 'g'), `"${here}`);
  expect(settings).not.toMatch(/"\/(etc|var)\//);
  const { postgresPort } = harnessState();
  createHarnessDatabase(database);
  databaseCreated = true;
  fs.writeFileSync(
    settingsFile,
    `${settings}
# The harness's PostgreSQL instead of the container's own on localhost: the only line not from the server.
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "${database}", "USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": ${postgresPort}}}
`,
  );
  // pulp/pulp makes these at start (its fix-pulp-perms init); Django's checks refuse a missing upload folder.
  for (const dir of ['media', 'scripts', 'tmp']) fs.mkdirSync(path.join(storageDir, dir), { recursive: true });

  const migrate = await manager(['migrate', '--noinput']);
  expect({ status: migrate.status, stderr: migrate.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  const check = await manager(['check', '--deploy']);
  expect({ status: check.status, stderr: check.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  const security = [...check.stderr.matchAll(/^\?: \((security\.\w+)\)/gm)].map(([, id]) => id).sort();
  // W009 weak SECRET_KEY, W018 DEBUG, W020 no ALLOWED_HOSTS: none. What is left is HTTPS hardening of Django
  // itself (HSTS, SSL redirect, secure cookies), which pulp/pulp leaves to its nginx.
  expect(security).toEqual(['security.W004', 'security.W008', 'security.W012', 'security.W016']);
}, 180_000);

test('boots: API, content app and workers report ready, with the server hostname as content origin', async () => {
  pulp = await bootExtraPulp('server-settings', pulpVenv(), settingsFile);
  const status: any = await (await fetch(`${pulp.apiUrl}/pulp/api/v3/status/`)).json();
  expect(status.database_connection).toEqual({ connected: true });
  expect(status.content_settings.content_origin).toBe(`https://${hostname}`);
  expect(status.storage).toEqual(expect.objectContaining({ total: expect.any(Number) })); // FileSystem only
  expect(pulp.versions.core.startsWith(`${imageTag}.`)).toBe(true);
}, 150_000);

test('token auth is on: the registry sends clients to https://<hostname>/token/, which signs with the first-boot key', async () => {
  const registry = await fetch(`${pulp!.apiUrl}/v2/`);
  expect(registry.status).toBe(401);
  expect(registry.headers.get('www-authenticate')).toContain(`Bearer realm="https://${hostname}/token/"`);

  const { token } = (await (await fetch(`${pulp!.apiUrl}/token/?service=${hostname}`)).json()) as { token: string };
  const [header, payload, signature] = token.split('.');
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
  expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
    iss: `https://${hostname}/token/`,
    aud: hostname,
  });
  const publicKey = fs.readFileSync(path.join(configDir, 'certs', 'token_public_key.pem'));
  const signed = Buffer.from(`${header}.${payload}`);
  expect(
    crypto.verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')),
  ).toBe(true);
});

test('the settings load as written; credentials are encrypted with the first-boot database key', async () => {
  const python = [
    'import json',
    'from django.conf import settings as s',
    'from django.db import connection',
    'from pulp_file.app.models import FileRemote',
    'remote = FileRemote.objects.create(name="key-probe", url="http://127.0.0.1:9/", password="probe-password")',
    'cursor = connection.cursor()',
    'cursor.execute("SELECT password FROM core_remote WHERE pulp_id = %s", [remote.pk])',
    'stored = cursor.fetchone()[0]',
    'read = FileRemote.objects.get(pk=remote.pk).password',
    'remote.delete()',
    'names = ["TOKEN_AUTH_DISABLED", "TOKEN_SERVER", "TOKEN_SIGNATURE_ALGORITHM", "CONTENT_ORIGIN", "MEDIA_ROOT", "DEBUG"]',
    'print(json.dumps({**{n: getattr(s, n) for n in names}, "STORAGE": s.STORAGES["default"], "stored": stored, "read": read}))',
  ].join('\n');
  const shell = await manager(['shell', '-c', python]);
  expect({ status: shell.status, stderr: shell.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  const loaded = JSON.parse(shell.stdout.trim().split('\n').pop()!);
  expect(loaded).toMatchObject({
    TOKEN_AUTH_DISABLED: false,
    TOKEN_SERVER: `https://${hostname}/token/`,
    TOKEN_SIGNATURE_ALGORITHM: 'ES256',
    CONTENT_ORIGIN: `https://${hostname}`,
    MEDIA_ROOT: path.join(storageDir, 'media'),
    DEBUG: false,
    STORAGE: {
      BACKEND: 'pulpcore.app.models.storage.FileSystem',
      OPTIONS: { location: path.join(storageDir, 'media') },
    },
    read: 'probe-password',
  });
  expect(loaded.stored).toMatch(/^gAAAAA/); // a Fernet token, not the password
  const fernetKey = fs.readFileSync(path.join(configDir, 'certs', 'database_fields.symmetric.key'), 'utf8').trim();
  expect(fernetDecrypt(fernetKey, loaded.stored)).toBe('probe-password');
});

/** Fernet (AES-128-CBC, HMAC-SHA256): proves the key on disk is the one Pulp used. */
function fernetDecrypt(key: string, token: string): string {
  const keyBytes = Buffer.from(key, 'base64url');
  const data = Buffer.from(token, 'base64url');
  const hmac = crypto.createHmac('sha256', keyBytes.subarray(0, 16)).update(data.subarray(0, -32)).digest();
  expect(hmac.equals(data.subarray(-32))).toBe(true);
  const decipher = crypto.createDecipheriv('aes-128-cbc', keyBytes.subarray(16), data.subarray(9, 25));
  return Buffer.concat([decipher.update(data.subarray(25, -32)), decipher.final()]).toString();
}
