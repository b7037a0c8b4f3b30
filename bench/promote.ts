// bench:promote — on the real "ark" Pulp of the harness, side by side in one run: promotion of N package
// snapshot distributions (development -> release guard) and of a tag on M images (stackhpc-dev -> stackhpc),
// each with --concurrency 1 and 8, on separate but identical sets so that every row does the real work.
// Wall time, and API calls counted from Pulp's own access log. A benchmark: it prints figures and asserts
// nothing. Setup (not timed) pushes one tiny OCI image with skopeo and creates the sets through the API.
//   npm run bench:promote [-- N M]      (default N = 100, M = 50)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../config';
import { PulpClient } from '../pulp';
import { startHarness, stopHarness } from '../testbed/pulp/harness';
import { OciFixtureImage } from '../testbed/fixtures/oci-image';
import { authFile, registryRef } from '../test/support/skopeo';
import { containerPromotionTargets, promoteContainers } from '../tasks/container-promote';
import { mapConcurrent } from '../tasks/concurrency';
import { desiredObjects } from '../tasks/desired';
import { promote } from '../tasks/promote';
import { Reconciler } from '../tasks/reconcile';
import { snapshotTargets } from '../tasks/snapshot';
import { runMain } from '../cli/entry-point';

const SNAPSHOT = '20261128T000000';
const TAG = '2024.1-rocky-9-20261128T000000';
const CONCURRENCIES = [1, 8];

function configText(packages: number, images: number): string {
  const rpm: string[] = [];
  const container: string[] = [];
  for (const c of CONCURRENCIES) {
    for (let i = 1; i <= packages; i++) {
      rpm.push(`    - name: bench-c${c} Rocky Linux 9.8 - repository ${i}
      sync: false
      basePath: bench-c${c}/rocky/9.8/repo${i}/
      shortName: bench_c${c}_repo_${i}
      distributionName: bench-c${c}-repo-${i}-`);
    }
    for (let i = 1; i <= images; i++) container.push(`    - name: bench-c${c}/image-${i}`);
  }
  return `content:
  rpm:
${rpm.join('\n')}
  container:
${container.join('\n')}
  contentGuards:
    - name: development
    - name: release
`;
}

function accessLogLength(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

function callsSince(file: string, since: number): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(since)
    .filter((line) => !line.includes(' /pulp/api/v3/status/'));
}

/** One tiny image pushed to `bench-source/image` as the admin; returns the repository it made. */
async function pushSourceImage(pulp: PulpClient, apiUrl: string, password: string): Promise<string> {
  const image = new OciFixtureImage();
  const auth = authFile(new URL(apiUrl).host, 'admin', password);
  try {
    image.addTag(TAG, 'bench');
    execFileSync(
      'skopeo',
      [
        'copy',
        '--dest-tls-verify=false',
        '--authfile',
        auth,
        image.ref(TAG),
        registryRef(apiUrl, 'bench-source/image', TAG),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } finally {
    image.dispose();
    fs.rmSync(path.dirname(auth), { recursive: true, force: true });
  }
  const [distribution] = await pulp.list<{ repository: string }>('distributions/container/container/', {
    name: 'bench-source/image',
  });
  return distribution.repository;
}

async function main(): Promise<void> {
  const packages = Number(process.argv[2] ?? 100);
  const images = Number(process.argv[3] ?? 50);
  const state = await startHarness(() => undefined);
  try {
    const ark = state.instances.ark;
    const password = fs.readFileSync(ark.passwordFile, 'utf8').trim();
    const pulp = new PulpClient({ baseUrl: ark.apiUrl, username: ark.username, password });
    const started = Date.now();
    const content = parseConfig(configText(packages, images), 'bench.yaml').content;
    await new Reconciler(pulp, { hashKey: password }).run(desiredObjects(content, {}));
    const [repository] = await pulp.list<{ pulp_href: string }>('repositories/rpm/rpm/', {
      name: 'bench-c1 Rocky Linux 9.8 - repository 1',
    });
    const publication = await pulp.create<{ pulp_href: string }>('publications/rpm/rpm/', {
      repository: repository.pulp_href,
    });
    const [development] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: 'development' });
    const source = await pushSourceImage(pulp, ark.apiUrl, password);
    const targets = snapshotTargets(content);
    await mapConcurrent(targets, 4, (t) =>
      pulp.create('distributions/rpm/rpm/', {
        name: `${t.publication.distributionName}${SNAPSHOT}`,
        base_path: `${t.publication.basePath}${SNAPSHOT}`,
        publication: publication.pulp_href,
        content_guard: development.pulp_href,
      }),
    );
    await mapConcurrent(
      CONCURRENCIES.flatMap((c) => Array.from({ length: images }, (_, i) => `bench-c${c}-dev/image-${i + 1}`)),
      4,
      (name) => pulp.create('distributions/container/container/', { name, base_path: name, repository: source }),
    );
    console.log(
      `bench:promote — ${packages} package snapshots and a tag on ${images} images, on the real "ark" Pulp (pulpcore ${ark.versions.core}, container ${ark.versions.container}); setup ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    console.log(
      `${'promotion'.padEnd(22)} ${'concurrency'.padStart(11)} ${'items'.padStart(6)} ${'API calls'.padStart(9)} ${'writes'.padStart(7)} ${'seconds'.padStart(8)}`,
    );
    const row = async (what: string, concurrency: number, items: number, run: () => Promise<unknown>) => {
      const before = accessLogLength(ark.apiAccessLog);
      const t0 = process.hrtime.bigint();
      await run();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const calls = callsSince(ark.apiAccessLog, before);
      const writes = calls.filter((line) => / (POST|PATCH|PUT|DELETE) /.test(line)).length;
      console.log(
        `${what.padEnd(22)} ${String(concurrency).padStart(11)} ${String(items).padStart(6)} ${String(calls.length).padStart(9)} ${String(writes).padStart(7)} ${seconds.toFixed(1).padStart(8)}`,
      );
    };
    for (const concurrency of CONCURRENCIES) {
      const set = targets.filter((t) => t.publication.shortName.startsWith(`bench_c${concurrency}_`));
      const pins = new Map(set.map((t) => [t.publication.shortName, SNAPSHOT]));
      await row('package snapshots', concurrency, set.length, () =>
        promote(pulp, set, pins, { guard: 'release', concurrency }),
      );
    }
    for (const concurrency of CONCURRENCIES) {
      const set = containerPromotionTargets(content, {
        from: `bench-c${concurrency}-dev`,
        to: `bench-c${concurrency}`,
      });
      const tags = new Map(set.map((t) => [t.image, [TAG]]));
      await row('container tags', concurrency, set.length, () => promoteContainers(pulp, set, tags, { concurrency }));
    }
  } finally {
    await stopHarness(() => undefined);
  }
}

runMain(module, main);
