#!/usr/bin/env node
'use strict';
// bench:synth — prints wall time and peak RSS of synthesising the example config, for the precompiled app
// (what cdktf.json runs) and for the same app through plain ts-node, and of a generated config with 100
// client sites and 10 test environments (bench/scale-config.js); then the wall time of one
// `release-train review --base HEAD~1` of the whole example. A benchmark, not a test: it prints figures and
// asserts nothing. `npm run bench:synth` compiles first. Usage: node bench/synth.js [runs]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const runs = Number(process.argv[2] ?? 3);
const probe = path.join(__dirname, 'rss-probe.js');
const { writeScaleConfig } = require('./scale-config');
const scaleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-scale-'));
process.on('exit', () => fs.rmSync(scaleDir, { recursive: true, force: true }));
const scaleConfig = writeScaleConfig(scaleDir, 100, 10);

/** The real release train's content at its real size, with Ark, a test Pulp and a client mirror. */
function writeRealSizeConfig(dir) {
  const { realSizeContentYaml } = require(path.join(root, 'dist', 'testbed', 'fixtures', 'real-size-config.js'));
  fs.writeFileSync(path.join(dir, 'pins.yml'), 'stackhpc_pulp_repo_rt_rpm_rocky_9_0_version: 20260101T000000\n');
  const mirror = (name, set) =>
    `  - name: ${name}\n    upstream: ark\n    versionsFile: pins.yml\n    content: ${set}\n    existingHost: { url: 'https://${name}.example.org' }\n`;
  const file = path.join(dir, 'real-size.yaml');
  fs.writeFileSync(
    file,
    `ark:\n  name: ark\n  existingHost: { url: 'https://ark.example.org' }\nmirrors:\n  - name: whole\n    upstream: ark\n    existingHost: { url: 'https://whole.example.org' }\n${mirror('test-pulp', 'development')}${mirror('client', 'released')}content:\n${realSizeContentYaml({ prefix: 'rt' })}`,
  );
  return file;
}
const realSizeConfig = writeRealSizeConfig(scaleDir);

const variants = [
  { name: 'precompiled JS (node dist/main.js)', args: ['-r', probe, path.join(root, 'dist', 'main.js')] },
  {
    name: 'ts-node main.ts (type-checking)',
    args: ['-r', 'ts-node/register', '-r', probe, path.join(root, 'main.ts')],
  },
  {
    name: 'precompiled JS, 100 sites + 10 envs',
    args: ['-r', probe, path.join(root, 'dist', 'main.js')],
    env: { RELEASE_TRAIN_CONFIG: scaleConfig },
  },
  {
    name: 'precompiled JS, real-size content (1302 repositories; 3 Pulp stacks)',
    args: ['-r', probe, path.join(root, 'dist', 'main.js')],
    env: { RELEASE_TRAIN_CONFIG: realSizeConfig },
  },
];

function measure(variant) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-synth-'));
  try {
    const rssFile = path.join(work, 'rss');
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, variant.args, {
      cwd: root,
      env: { ...process.env, ...variant.env, CDKTF_OUTDIR: path.join(work, 'out'), RT_BENCH_RSS_FILE: rssFile },
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${variant.name} failed:\n${result.stderr}`);
    const stacks = Object.keys(JSON.parse(fs.readFileSync(path.join(work, 'out', 'manifest.json'), 'utf8')).stacks);
    return { seconds, rssMiB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, stacks: stacks.length };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(
  `bench:synth — example config, median of ${runs} run(s), ${os.cpus().length} CPUs, node ${process.version}`,
);
console.log(`${'variant'.padEnd(36)} ${'stacks'.padStart(6)} ${'wall s'.padStart(8)} ${'peak RSS MiB'.padStart(13)}`);
for (const variant of variants) {
  const samples = Array.from({ length: runs }, () => measure(variant));
  const seconds = median(samples.map((s) => s.seconds));
  const rss = median(samples.map((s) => s.rssMiB));
  console.log(
    `${variant.name.padEnd(36)} ${String(samples[0].stacks).padStart(6)} ${seconds.toFixed(2).padStart(8)} ${rss.toFixed(0).padStart(13)}`,
  );
}

// The review of the whole example against the previous commit (`release-train review --base HEAD~1`), with the
// project-built tofu as the tests run it: one run, wall time (the base compiled when its code differs).
function measureReview() {
  const { missingComponents, toolchainEnv } = require('../dist/scripts/toolchain');
  const missing = missingComponents();
  if (missing.length > 0) return { skipped: `toolchain not built (${missing.join(', ')}): npm run tools` };
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli', 'main.js'), 'review', '--base', 'HEAD~1'],
    {
      cwd: root,
      env: { ...toolchainEnv(), RELEASE_TRAIN_CONFIG: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`review failed (exit ${result.status}):\n${result.stderr}`);
  const stacks = result.stdout.split('\n').filter((line) => line.startsWith('- **')).length;
  const compiled = /base code: differs from the head, compiling it/.test(result.stderr);
  return { seconds, stacks, compiled };
}

const review = measureReview();
const reviewName = 'review --base HEAD~1 (whole example)';
if (review.skipped) console.log(`${reviewName.padEnd(36)} skipped: ${review.skipped}`);
else {
  console.log(
    `${reviewName.padEnd(36)} ${String(review.stacks).padStart(6)} ${review.seconds.toFixed(2).padStart(8)} ${'-'.padStart(13)}  (1 run; base ${review.compiled ? 'compiled' : 'reused the compiled app'})`,
  );
}
