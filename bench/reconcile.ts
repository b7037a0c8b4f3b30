// bench:reconcile — on the real "ark" Pulp of the harness: reconcile of N rpm repository definitions with
// real-length names (each a remote and a repository), first run and no-op rerun, for the bulk lookup (one
// list call per type) and the one-object-at-a-time lookup, in the same run. API calls are counted from
// Pulp's own access log. A benchmark: it prints figures and asserts nothing.
//   npm run bench:reconcile [-- N]      (default N = 200)
import * as fs from 'node:fs';
import { parseConfig } from '../config';
import { PulpClient } from '../pulp';
import { startHarness, stopHarness } from '../testbed/pulp/harness';
import { desiredObjects } from '../tasks/desired';
import { Reconciler } from '../tasks/reconcile';
import { runMain } from '../cli/entry-point';

const RELEASES = ['8.10', '9.6', '9.7', '9.8', '10.1', '10.2'];
const REPOS = [
  'BaseOS',
  'AppStream',
  'CRB',
  'HighAvailability',
  'Extras',
  'NFV',
  'RT',
  'ResilientStorage',
  'SAP',
  'SAPHANA',
];
const ARCHES = ['x86_64', 'aarch64', 'source', 'ppc64le'];

function configText(prefix: string, count: number): string {
  const entries: string[] = [];
  for (let i = 0; entries.length < count; i++) {
    const release = RELEASES[i % RELEASES.length];
    const repo = REPOS[Math.floor(i / RELEASES.length) % REPOS.length];
    const arch = ARCHES[Math.floor(i / (RELEASES.length * REPOS.length)) % ARCHES.length];
    const round = Math.floor(i / (RELEASES.length * REPOS.length * ARCHES.length));
    const id = `${release.replace('.', '_')}_${repo.toLowerCase()}_${arch}${round ? `_${round}` : ''}`;
    entries.push(`    - name: ${prefix} Rocky Linux ${release} - ${repo} (${arch})${round ? ` ${round}` : ''}
      url: https://mirrors.rockylinux.org/mirrorlist?repo=rocky-${repo}-${release}&arch=${arch}&country=NL&protocol=https
      syncGroup: rocky_${release.split('.')[0]}_${arch}
      basePath: ${prefix}/rocky/${release}/${repo}/${arch}/os${round ? round : ''}/
      shortName: ${prefix.replace(/-/g, '_')}_rocky_${id}
      distributionName: ${prefix}-rocky-${id.replace(/_/g, '-')}-`);
  }
  return `content:\n  rpm:\n${entries.join('\n')}\n`;
}

function accessLog(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.includes(' /pulp/api/v3/status/'));
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const state = await startHarness(() => undefined);
  try {
    const ark = state.instances.ark;
    const password = fs.readFileSync(ark.passwordFile, 'utf8').trim();
    console.log(
      `bench:reconcile — ${count} rpm repository definitions (${2 * count} Pulp objects) on the real "ark" Pulp (pulpcore ${ark.versions.core})`,
    );
    console.log(
      `${'lookup'.padEnd(12)} ${'run'.padEnd(8)} ${'API calls'.padStart(9)} ${'writes'.padStart(7)} ${'seconds'.padStart(8)}`,
    );
    for (const lookup of ['bulk', 'per-object'] as const) {
      const prefix = `bench-${lookup}`;
      const desired = desiredObjects(parseConfig(configText(prefix, count), 'bench.yaml').content, {});
      for (const run of ['first', 'rerun']) {
        const before = accessLog(ark.apiAccessLog).length;
        const pulp = new PulpClient({ baseUrl: ark.apiUrl, username: ark.username, password });
        const started = process.hrtime.bigint();
        await new Reconciler(pulp, { hashKey: password, lookup }).run(desired);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const calls = accessLog(ark.apiAccessLog).slice(before);
        const writes = calls.filter((line) => / (POST|PATCH|PUT|DELETE) /.test(line)).length;
        console.log(
          `${lookup.padEnd(12)} ${run.padEnd(8)} ${String(calls.length).padStart(9)} ${String(writes).padStart(7)} ${seconds.toFixed(1).padStart(8)}`,
        );
      }
    }
  } finally {
    await stopHarness(() => undefined);
  }
}

runMain(module, main);
