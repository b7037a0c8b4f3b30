// Debian's skopeo against the harness registries (plain HTTP on loopback), with credentials in an auth file
// rather than on its command line.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SkopeoResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** An auth file (containers-auth.json) for `registry` (host:port), or undefined for anonymous access. */
export function authFile(registry: string, user: string, password: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-skopeo-auth-'));
  const file = path.join(dir, 'auth.json');
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  fs.writeFileSync(file, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  return file;
}

export function skopeo(args: readonly string[]): Promise<SkopeoResult> {
  return new Promise((resolve) => {
    execFile('skopeo', [...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** `docker://host:port/<name>:<tag>` of a harness Pulp's registry (served by its API process). */
export function registryRef(apiUrl: string, name: string, tag: string): string {
  return `docker://${new URL(apiUrl).host}/${name}:${tag}`;
}
