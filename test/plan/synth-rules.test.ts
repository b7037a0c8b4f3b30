// The security rule pack through the real entry point (`node dist/main.js`, as `cdktf synth` runs it): a
// config that opens SSH to the world fails synth with the rule id and the fix and writes nothing; the same
// finding suppressed in the config with a reason synthesises.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-synth-rules-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let runs = 0;

function synth(arkExtra: string, adminCidr: string, outdir = path.join(work, `out-${++runs}`)) {
  const configFile = path.join(work, `config-${++runs}.yaml`);
  fs.writeFileSync(
    configFile,
    `openstack:
  cloud: site-cloud
ark:
  name: ark
  hostname: ark.example.org
  flavorId: c4
  imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
  network:
    existing:
      networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
      subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b
  adminCidrs: [${adminCidr}]
  contentCidrs: [203.0.113.0/24]
${arkExtra}`,
  );
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'main.js')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, RELEASE_TRAIN_CONFIG: configFile, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

test('SSH open to the world fails synth with the rule id and the fix, and writes no stack', () => {
  const result = synth('', '0.0.0.0/0');
  expect(result.status).toBe(1);
  // In the one error format, at the world-open CIDR of the config, naming the resource.
  expect(result.stderr).toMatch(
    /^\S+config-\d+\.yaml:12:16 ark\.adminCidrs\[0\]: RT-SG1 \(resource ark\/SecurityGroup\/tcp-22-22-from-0\.0\.0\.0_0\): SSH or the Pulp API is open to the whole Internet .*Fix: list the operators/m,
  );
  expect(result.stderr).toContain('RT-SG2');
  expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(result.stderr).not.toContain('CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS');
  expect(fs.existsSync(path.join(result.outdir, 'manifest.json'))).toBe(false);
});

test('suppressed in the config with reasons, the same config synthesises', () => {
  const result = synth(
    `  suppressions:
    - id: RT-SG1
      reason: lab cloud behind the site firewall; SSH is filtered upstream
    - id: RT-SG2
      reason: same lab cloud, filtered upstream
`,
    '0.0.0.0/0',
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(fs.existsSync(path.join(result.outdir, 'stacks', 'ark', 'cdk.tf.json'))).toBe(true);
});

test('a suppression without a real reason is a config error at its position', () => {
  const result = synth(
    `  suppressions:
    - id: RT-SG1
      reason: ok
`,
    '0.0.0.0/0',
  );
  expect(result.status).toBe(1);
  expect(result.stderr.trim()).toMatch(
    /:16:15 ark\.suppressions\[0\]\.reason: invalid value \(expected a reason of at least 10 characters, got "ok"\)$/,
  );
});

test('a Pulp without TLS, whose registry tokens would travel in clear, fails synth with RT-TLS1 and RT-TLS2', () => {
  const result = synth('  tls: false\n', '198.51.100.0/28');
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(
    /^\S+\.yaml:14:8 ark\.tls: RT-TLS1 \(resource ark\/Pulp\/Server\/Resource\): a Pulp server serves its API and content over plain HTTP.*Fix: keep tls: true/m,
  );
  expect(result.stderr).toMatch(
    /ark\.tls: RT-TLS2 \(resource [^)]+\): registry token authentication runs over plain HTTP/,
  );
  expect(fs.existsSync(path.join(result.outdir, 'manifest.json'))).toBe(false);
});

test('a synth that fails on a finding leaves the previous output exactly as it was', () => {
  const good = synth('', '198.51.100.0/28');
  expect(good.status).toBe(0);
  const snapshot = (dir: string) =>
    Object.fromEntries(
      fs.readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), entry.isFile() ? fs.readFileSync(file, 'utf8') : 'dir'];
      }),
    );
  const before = snapshot(good.outdir);
  const bad = synth('', '0.0.0.0/0', good.outdir);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('RT-SG1');
  expect(snapshot(good.outdir)).toEqual(before);
  expect(fs.readdirSync(work).filter((f) => f.includes('staging'))).toEqual([]);
});
