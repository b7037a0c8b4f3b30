// Debian packages that the tests need, installed with apt-get (as root) when missing.
import { spawnSync } from 'node:child_process';
import { Log, runLogged } from './cache';

export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function installDebianPackages(packages: readonly string[], log: Log): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian package(s) ${packages.join(', ')}: install them (apt-get install ${packages.join(' ')})`,
    );
  }
  log(`installing Debian package(s) ${packages.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runLogged('apt-get', ['update', '-q'], { env }, log);
  runLogged('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env }, log);
}

/** `commands`: command -> Debian package; installs the packages of the missing commands. */
export function ensureDebianCommands(commands: Readonly<Record<string, string>>, log: Log): void {
  const missing = Object.entries(commands).filter(([command]) => !commandExists(command));
  if (missing.length > 0) installDebianPackages([...new Set(missing.map(([, pkg]) => pkg))], log);
}
