// The one install script: builds or installs what the tests need, at the versions in versions.json, into the
// cache (scripts/cache.ts). Idempotent: a second run finds everything cached and only prints the versions.
//   node dist/scripts/install.js            install what is missing, then print versions
//   node dist/scripts/install.js --check    exit 1 and list what is missing, install nothing
//   node dist/scripts/install.js --quiet    print only when something had to be installed
import { ensureAnsible, missingAnsible } from './ansible';
import { ensureCloudInit, missingCloudInit } from './cloud-init';
import { commandExists, ensureDebianCommands } from './debian';
import { ensureOpenStackPackages, missingOpenStackPackages } from '../testbed/openstack/packages';
import { ensurePulpInstalled, missingPulpComponents } from '../testbed/pulp/install';
import { pulpInstances } from '../testbed/pulp/state';
import { ensureToolchain, missingComponents, toolchainLayout, tofuVersion } from './toolchain';
import { readVersions } from './versions';
import { runMain } from '../cli/entry-point';

function main(argv: readonly string[]): number {
  const unknown = argv.filter((arg) => arg !== '--check' && arg !== '--quiet');
  if (unknown.length > 0) {
    console.error(`install: unknown argument ${unknown[0]} (expected --check or --quiet)`);
    return 2;
  }
  if (argv.includes('--check')) {
    const fixtureCommands = Object.keys(readVersions().fixtureTools.commands).filter((c) => !commandExists(c));
    const missing = [
      ...missingComponents(toolchainLayout()),
      ...missingPulpComponents(),
      ...fixtureCommands,
      ...missingCloudInit(),
      ...missingOpenStackPackages(),
      ...missingAnsible(),
    ];
    if (missing.length > 0) console.error(`install: missing ${missing.join(', ')}`);
    return missing.length === 0 ? 0 : 1;
  }
  const started = Date.now();
  const layout = ensureToolchain();
  ensurePulpInstalled();
  ensureDebianCommands(readVersions().fixtureTools.commands, (line) => console.error(`[install] ${line}`));
  ensureCloudInit((line) => console.error(`[install] ${line}`));
  ensureOpenStackPackages((line) => console.error(`[install] ${line}`));
  ensureAnsible((line) => console.error(`[install] ${line}`));
  const seconds = (Date.now() - started) / 1000;
  if (!argv.includes('--quiet') || seconds > 2) {
    const providers = Object.values(layout.providers)
      .filter((p) => !p.blocked)
      .map((p) => `${p.source} ${p.version}`);
    const pulps = Object.entries(pulpInstances()).map(
      ([name, entry]) => `${name} (pulpcore ${entry.requirements.pulpcore})`,
    );
    console.error(
      `[install] ready in ${seconds.toFixed(1)} s: OpenTofu ${tofuVersion(layout).terraform_version}; providers ${providers.join(', ')}; actionlint ${layout.actionlint.version}; Pulp ${pulps.join(', ')}`,
    );
  }
  return 0;
}

runMain(module, main);
