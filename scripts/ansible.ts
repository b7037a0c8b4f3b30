// ansible-core from PyPI in a virtualenv in the cache, at the version in versions.json: the Kayobe hand-off
// test reads the kayobe-config tree it writes with `ansible-inventory`, as Kayobe's own Ansible would.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInto, cacheRoot, isCurrent, Log, runLogged, writeStamp } from './cache';
import { readVersions, Versions } from './versions';

const COMPONENT = 'ansible-core';

function ansibleDir(): string {
  return path.join(cacheRoot(), 'ansible-core');
}

export function missingAnsible(versions: Versions = readVersions()): string[] {
  return isCurrent(COMPONENT, versions.ansibleCore, ansibleDir()) ? [] : [COMPONENT];
}

export function ensureAnsible(log: Log, versions: Versions = readVersions()): void {
  if (missingAnsible(versions).length === 0) return;
  const entry = versions.ansibleCore;
  fs.rmSync(ansibleDir(), { recursive: true, force: true });
  buildInto(ansibleDir(), (tmp) => {
    runLogged(entry.python, ['-m', 'venv', path.join(tmp, 'venv')], {}, log);
    const requirements = Object.entries(entry.requirements).map(([name, version]) => `${name}==${version}`);
    runLogged(path.join(tmp, 'venv', 'bin', 'pip'), ['install', '--quiet', ...requirements], {}, log);
  });
  writeStamp(COMPONENT, entry);
}

export interface AnsibleResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ansible-inventory ARGS` with the cached ansible-core, isolated from any ansible.cfg or ~/.ansible here. */
export function ansibleInventory(args: readonly string[], cwd: string): AnsibleResult {
  // The interpreter, not the virtualenv's scripts: those name the temporary path it was built at.
  const python = path.join(ansibleDir(), 'venv', 'bin', 'python');
  const script = 'import sys; from ansible.cli.inventory import main; sys.argv[0] = "ansible-inventory"; main()';
  const result = spawnSync(python, ['-c', script, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      ANSIBLE_CONFIG: path.join(cwd, 'no-ansible.cfg'),
      ANSIBLE_LOCAL_TEMP: path.join(cwd, '.ansible-tmp'),
      LC_ALL: 'C.UTF-8',
    },
  });
  if (result.error) throw new Error(`cannot run ansible-inventory from ${ansibleDir()}: ${result.error.message}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
