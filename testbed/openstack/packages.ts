// The OpenStack control plane's Debian packages (versions.json `openstack.debianPackages`), installed by the one
// install script. Before apt-get installs anything, every boolean debconf question of every package it is about
// to unpack is preseeded to false, so that no maintainer script configures a database, a message queue or a
// Keystone registration of its own: the harness renders its own config under the cache and /etc stays as
// the packages left it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Log, runLogged } from '../../scripts/cache';
import { readVersions } from '../../scripts/versions';

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
// Another apt-get (the lead's install, a fixture package) may hold the dpkg lock for a while: wait, do not fail.
const APT_LOCK = ['-o', 'DPkg::Lock::Timeout=900'];

export function pinnedPackages(): Readonly<Record<string, string>> {
  return readVersions().openstack.debianPackages;
}

/** The installed version of each package ('' when not installed). */
export function installedVersions(packages: readonly string[]): Record<string, string> {
  const result = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status} ${Version}\n', ...packages], {
    encoding: 'utf8',
  });
  const versions: Record<string, string> = Object.fromEntries(packages.map((p) => [p, '']));
  for (const line of String(result.stdout).split('\n')) {
    const [name, status, version] = line.split(' ');
    if (name in versions && status === 'installed') versions[name] = version;
  }
  return versions;
}

export function missingOpenStackPackages(): string[] {
  const installed = installedVersions(Object.keys(pinnedPackages()));
  return Object.keys(installed)
    .filter((name) => !installed[name])
    .map((name) => `openstack package ${name}`);
}

function candidateVersion(pkg: string): string {
  const policy = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' }).stdout ?? '';
  return /Candidate: (\S+)/.exec(policy)?.[1] ?? '(none)';
}

/** `Inst <name> (...)` lines of a simulated install: every package apt-get would unpack. */
function packagesToUnpack(requests: readonly string[]): string[] {
  const simulated = spawnSync('apt-get', ['install', '-s', '--no-install-recommends', ...requests], {
    encoding: 'utf8',
    env: APT_ENV,
  });
  if (simulated.status !== 0) throw new Error(`apt-get install -s failed: ${simulated.stderr}`);
  return [...simulated.stdout.matchAll(/^Inst (\S+)/gm)].map((m) => m[1]);
}

/** `<package> <question> boolean false` for every boolean template of the downloaded .deb files of `names`. */
function falsePreseeds(debs: readonly string[]): string[] {
  const lines: string[] = [];
  for (const deb of debs) {
    const pkg = spawnSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).stdout.trim();
    const templates = spawnSync(
      'sh',
      ['-c', 'dpkg-deb --ctrl-tarfile "$1" | tar -xO ./templates 2>/dev/null', '-', deb],
      {
        encoding: 'utf8',
      },
    ).stdout;
    for (const block of String(templates).split(/\n\s*\n/)) {
      const name = /^Template: (\S+)/m.exec(block)?.[1];
      if (name && /^Type: boolean$/m.test(block)) lines.push(`${pkg} ${name} boolean false`);
    }
  }
  return lines;
}

function downloadedDebs(names: readonly string[]): string[] {
  const archives = '/var/cache/apt/archives';
  const wanted = new Set(names);
  return fs
    .readdirSync(archives)
    .filter((file) => file.endsWith('.deb') && wanted.has(file.split('_')[0]))
    .map((file) => path.join(archives, file));
}

/** Installs the missing packages (as root), pinned when Debian still serves the pin; says so when it does not. */
export function ensureOpenStackPackages(log: Log): void {
  const pins = pinnedPackages();
  const installed = installedVersions(Object.keys(pins));
  for (const [name, version] of Object.entries(installed)) {
    if (version && version !== pins[name])
      log(`note: ${name} ${version} is installed; versions.json pins ${pins[name]}`);
  }
  const missing = Object.keys(pins).filter((name) => !installed[name]);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(`missing Debian package(s) ${missing.join(', ')}: run the install script as root`);
  runLogged('apt-get', ['update', '-q', ...APT_LOCK], { env: APT_ENV }, log);
  const requests = missing.map((name) => {
    const candidate = candidateVersion(name);
    if (candidate === pins[name]) return `${name}=${pins[name]}`;
    log(`Debian serves ${name} ${candidate}, versions.json pins ${pins[name]}: installing ${candidate}`);
    return name;
  });
  const started = Date.now();
  const toUnpack = packagesToUnpack(requests);
  log(`installing ${missing.length} OpenStack package(s), ${toUnpack.length} with dependencies`);
  const aptArgs = ['-y', '-q', '--no-install-recommends', ...APT_LOCK];
  runLogged('apt-get', ['install', '-d', ...aptArgs, ...requests], { env: APT_ENV }, log);
  const preseeds = falsePreseeds(downloadedDebs(toUnpack));
  const seedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-debconf-')), 'preseed');
  fs.writeFileSync(seedFile, preseeds.join('\n') + '\n');
  log(`preseeding ${preseeds.length} debconf question(s) to false`);
  runLogged('debconf-set-selections', [seedFile], {}, log);
  fs.rmSync(path.dirname(seedFile), { recursive: true, force: true });
  runLogged('apt-get', ['install', ...aptArgs, ...requests], { env: APT_ENV }, log);
  log(`OpenStack packages installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
