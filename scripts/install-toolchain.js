#!/usr/bin/env node
'use strict';
// Installs (builds) what the tests need, at the versions in versions.json; see scripts/toolchain.js.
// Idempotent: a second run finds everything cached and only prints the versions.
//   node scripts/install-toolchain.js            build what is missing, then print versions
//   node scripts/install-toolchain.js --check    exit 1 and list what is missing, build nothing
const { ensureToolchain, missingComponents, buildableProviders, tofuVersion } = require('./toolchain');

function main(argv) {
  const unknown = argv.filter((arg) => arg !== '--check' && arg !== '--quiet');
  if (unknown.length > 0) {
    console.error(`install-toolchain: unknown argument ${unknown[0]} (expected --check or --quiet)`);
    return 2;
  }
  if (argv.includes('--check')) {
    const missing = missingComponents();
    if (missing.length === 0) return 0;
    console.error(`install-toolchain: missing ${missing.join(', ')}`);
    return 1;
  }
  const started = Date.now();
  const layout = ensureToolchain();
  const version = tofuVersion(layout);
  if (!argv.includes('--quiet') || Date.now() - started > 2000) {
    const providers = Object.values(buildableProviders(layout))
      .map((p) => `${p.source} ${p.version}`)
      .join(', ');
    console.error(
      `[toolchain] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: OpenTofu ${version.terraform_version} (${layout.tofu.binary}); providers ${providers}`,
    );
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
