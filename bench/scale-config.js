'use strict';
// A generated config at the scale of a busy release train: Ark, 100 client sites (half on their own
// OpenStack, half existing hosts) and 10 test environments, from the example's entries. Used by
// bench:synth and by a test that it synthesises.
const fs = require('node:fs');
const path = require('node:path');
const { parse, stringify } = require('yaml');

const EXAMPLE = path.resolve(__dirname, '..', 'config', 'examples', 'release-train.yaml');

function scaleConfig(sites = 100, environments = 10) {
  const config = parse(fs.readFileSync(EXAMPLE, 'utf8'));
  const [onOpenStack, existing] = config.mirrors;
  config.mirrors = Array.from({ length: sites }, (_, i) => {
    const name = `site-${String(i + 1).padStart(3, '0')}`;
    if (i % 2 === 1) return { name, upstream: 'ark', existingHost: { url: `https://pulp.${name}.example.net` } };
    const server = {
      ...onOpenStack.openstack,
      cloud: name,
      name: `${name}-pulp`,
      hostname: `pulp.${name}.example.net`,
    };
    return { name, upstream: 'ark', openstack: server };
  });
  void existing;
  // The generated sites have no pins, so the environments name no test Pulp (pulpMirror).
  const { pulpMirror, ...multinode } = config.testEnvironments.find((env) => env.kind === 'multinode');
  void pulpMirror;
  config.testEnvironments = Array.from({ length: environments }, (_, i) => ({
    ...multinode,
    name: `env-${String(i + 1).padStart(2, '0')}`,
    prefix: `rt-env-${i + 1}`,
  }));
  return stringify(config);
}

/** Writes the generated config into `dir`; returns its path. */
function writeScaleConfig(dir, sites, environments) {
  const file = path.join(dir, 'scale.yaml');
  fs.writeFileSync(file, scaleConfig(sites, environments));
  return file;
}

module.exports = { scaleConfig, writeScaleConfig };
