// Debian's cloud-init for validating user data with `cloud-init schema`, installed into the cache by the
// one install script: the .deb is unpacked (installing it would enable cloud-init's units on this machine)
// and runs from a virtualenv holding its Python dependencies, all at the versions in versions.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInto, cacheRoot, isCurrent, Log, runLogged, writeStamp } from './cache';
import { readVersions, Versions } from './versions';

const COMPONENT = 'cloud-init';

function cloudInitDir(): string {
  return path.join(cacheRoot(), 'cloud-init');
}

export function missingCloudInit(versions: Versions = readVersions()): string[] {
  return isCurrent(COMPONENT, versions.cloudInit, cloudInitDir()) ? [] : [COMPONENT];
}

export function ensureCloudInit(log: Log, versions: Versions = readVersions()): void {
  if (missingCloudInit(versions).length === 0) return;
  const entry = versions.cloudInit;
  fs.rmSync(cloudInitDir(), { recursive: true, force: true });
  buildInto(cloudInitDir(), (tmp) => {
    fs.mkdirSync(tmp, { recursive: true });
    try {
      runLogged('apt-get', ['download', `${entry.debianPackage}=${entry.version}`], { cwd: tmp }, log);
    } catch {
      // Debian drops a point release's package once a security update replaces it: validating user data
      // with the newer one is better than not at all, and the log says so.
      log(`${entry.debianPackage} ${entry.version} is no longer served; using the version apt offers now`);
      runLogged('apt-get', ['download', entry.debianPackage], { cwd: tmp }, log);
    }
    const deb = fs.readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${entry.debianPackage}=${entry.version} left no .deb`);
    runLogged('dpkg-deb', ['-x', path.join(tmp, deb), path.join(tmp, 'root')], {}, log);
    fs.rmSync(path.join(tmp, deb));
    runLogged(entry.python, ['-m', 'venv', path.join(tmp, 'venv')], {}, log);
    const requirements = Object.entries(entry.requirements).map(([name, version]) => `${name}==${version}`);
    runLogged(path.join(tmp, 'venv', 'bin', 'pip'), ['install', '--quiet', ...requirements], {}, log);
  });
  writeStamp(COMPONENT, entry);
}

export interface SchemaResult {
  readonly valid: boolean;
  readonly output: string;
}

/** `cloud-init schema --config-file <file>` with the cached cloud-init. */
export function cloudInitSchema(file: string): SchemaResult {
  const dir = cloudInitDir();
  // The interpreter, not the virtualenv's scripts: those name the temporary path it was built at.
  const python = path.join(dir, 'venv', 'bin', 'python');
  const script =
    'import sys; from cloudinit.cmd.main import main; sys.argv = ["cloud-init"] + sys.argv[1:]; sys.exit(main())';
  const result = spawnSync(python, ['-c', script, 'schema', '--config-file', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, PYTHONPATH: path.join(dir, 'root', 'usr', 'lib', 'python3', 'dist-packages') },
  });
  if (result.error) throw new Error(`cannot run cloud-init from ${dir}: ${result.error.message}`);
  return { valid: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}
