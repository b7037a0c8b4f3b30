// publish, distribute and versions against the real Pulps, on repositories whose latest version is version
// 0 (no upstream is reachable here yet): a publication is never made twice, a snapshot distribution is made
// once per publication and guarded development, and versions only reads.
import { spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';
import { accessLogLength, accessLogLines, adminPassword, pulpClient, pulpInstance } from '../support/pulp';

describe.each(['ark', 'client'] as const)('snapshots on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const pulp = pulpClient(name);
  const prefix = `snap${name}${Date.now() % 100000}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-snapshot-'));
  const configFile = path.join(work, 'content.yaml');
  fs.writeFileSync(
    configFile,
    `content:
  rpm:
    - name: ${prefix} Rocky Linux 9.8 - BaseOS
      sync: false
      basePath: ${prefix}/rocky/9.8/BaseOS/x86_64/os/
      shortName: ${prefix}_rocky_9_8_baseos
      distributionName: ${prefix}-rocky-9.8-baseos-
  deb:
    - name: ${prefix} Ubuntu Noble
      sync: false
      distributions: [noble]
      components: [main]
      mode: verbatim
      basePath: ${prefix}/ubuntu/noble/
      shortName: ${prefix}_ubuntu_noble
      distributionName: ${prefix}-ubuntu-noble-
  contentGuards:
    - name: development
      groups: [stackhpc-dev]
    - name: release
      groups: [stackhpc, stackhpc-dev]
  groups: [stackhpc, stackhpc-dev]
  users:
    - username: ${prefix}-client
      groups: [stackhpc]
      passwordEnv: RT_TEST_CLIENT_PASSWORD
    - username: ${prefix}-dev
      groups: [stackhpc-dev]
      passwordEnv: RT_TEST_DEV_PASSWORD
`,
  );
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'cli', 'main.js'), ...args, '--config', configFile], {
      env: {
        PATH: process.env.PATH,
        RELEASE_TRAIN_PULP_URL: instance.apiUrl,
        RELEASE_TRAIN_PULP_PASSWORD: adminPassword(instance),
        RT_TEST_CLIENT_PASSWORD: 'client-password-1',
        RT_TEST_DEV_PASSWORD: 'dev-password-1',
      },
      encoding: 'utf8',
      timeout: 300_000,
    });
  const writesDuring = (run: () => void) => {
    const before = accessLogLength(instance);
    run();
    return accessLogLines(instance, before).filter((line) => / (POST|PATCH|PUT|DELETE) /.test(line));
  };

  test('reconcile makes the repositories and the development guard', () => {
    expect(cli(['reconcile']).status).toBe(0);
  });

  test('--dry-run of publish and distribute writes nothing on the server', () => {
    const writes = writesDuring(() => {
      expect(cli(['publish', '--dry-run']).stdout).toContain(
        `rpm repository "${prefix} Rocky Linux 9.8 - BaseOS": would publish`,
      );
      expect(cli(['distribute', '--dry-run']).stdout).toContain(`would distribute as "${prefix}-rocky-9.8-baseos-<V>"`);
    });
    expect(writes).toEqual([]);
  });

  test('publish makes one publication per repository version, never a second', async () => {
    expect(cli(['publish']).stdout).toContain(`rpm repository "${prefix} Rocky Linux 9.8 - BaseOS": published`);
    const [repo] = await pulp.list<{ latest_version_href: string }>('repositories/rpm/rpm/', {
      name: `${prefix} Rocky Linux 9.8 - BaseOS`,
    });
    const count = async () =>
      (await pulp.list('publications/rpm/rpm/', { repository_version: repo.latest_version_href })).length;
    expect(await count()).toBe(1);
    const rerun = cli(['publish']);
    expect(rerun.stdout).toContain(`rpm repository "${prefix} Rocky Linux 9.8 - BaseOS": already published`);
    expect(rerun.stdout).toContain(`deb repository "${prefix} Ubuntu Noble": already published`);
    expect(await count()).toBe(1);
  });

  test('distribute makes one snapshot per publication, named and placed by the version time, guarded development', async () => {
    const first = cli(['distribute', '--json']);
    expect(first.status).toBe(0);
    const [rpm] = JSON.parse(first.stdout);
    expect(rpm.created).toBe(true);
    expect(rpm.name).toMatch(new RegExp(`^${prefix}-rocky-9\\.8-baseos-\\d{8}T\\d{6}$`));
    const [distribution] = await pulp.list<{ base_path: string; content_guard: string }>('distributions/rpm/rpm/', {
      name: rpm.name,
    });
    const [guard] = await pulp.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: 'development' });
    expect(distribution.content_guard).toBe(guard.pulp_href);
    expect(distribution.base_path).toBe(`${prefix}/rocky/9.8/BaseOS/x86_64/os/${rpm.name.slice(-15)}`);
    const writes = writesDuring(() =>
      expect(cli(['distribute']).stdout).toContain(`already distributed as "${rpm.name}"`),
    );
    expect(writes).toEqual([]);
  });

  test('versions reads the latest snapshots, writes nothing to Pulp, and rewrites only known pins', () => {
    const pins = path.join(work, 'pulp-repo-versions.yml');
    const header = '---\n# autogenerated; do not edit\n';
    fs.writeFileSync(
      pins,
      `${header}stackhpc_pulp_repo_${prefix}_rocky_9_8_baseos_version: 20200101T000000\nstackhpc_pulp_repo_other_version: 20200101T000000\n`,
    );
    const original = fs.readFileSync(pins, 'utf8');
    expect(cli(['versions', '--write', pins, '--dry-run']).stdout).toMatch(
      new RegExp(`${pins}: ${prefix}_rocky_9_8_baseos: 20200101T000000 -> \\d{8}T\\d{6}`),
    );
    expect(fs.readFileSync(pins, 'utf8')).toBe(original);
    let result: ReturnType<typeof cli> | undefined;
    const writes = writesDuring(() => (result = cli(['versions', '--write', pins, '--json'])));
    expect(writes).toEqual([]);
    const { latest } = JSON.parse(result!.stdout);
    const rpmVersion = latest[`${prefix}_rocky_9_8_baseos`];
    expect(rpmVersion).toMatch(/^\d{8}T\d{6}$/);
    expect(latest[`${prefix}_ubuntu_noble`]).toMatch(/^\d{8}T\d{6}$/);
    expect(fs.readFileSync(pins, 'utf8')).toBe(
      `${header}stackhpc_pulp_repo_${prefix}_rocky_9_8_baseos_version: ${rpmVersion}\nstackhpc_pulp_repo_other_version: 20200101T000000\n`,
    );
  });

  /** GET of the snapshot's repomd.xml through the content app, as a Pulp user, on a fresh connection. */
  function fetchRepomd(basePath: string, user: string, password: string): Promise<number> {
    const url = `${instance.contentUrl}/pulp/content/${basePath}/repodata/repomd.xml`;
    return new Promise((resolve, reject) => {
      // No keep-alive: the content app closes idle connections, and a reused one can fail mid-test.
      const request = http.get(url, { agent: false, auth: `${user}:${password}`, timeout: 30_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
    });
  }

  test('promote: a missing snapshot stops it with nothing changed; then development -> release, once', async () => {
    const pins = path.join(work, 'promote.yml');
    const latest = JSON.parse(cli(['versions', '--json']).stdout).latest;
    const rpmVersion = latest[`${prefix}_rocky_9_8_baseos`];
    const basePath = `${prefix}/rocky/9.8/BaseOS/x86_64/os/${rpmVersion}`;
    expect(await fetchRepomd(basePath, `${prefix}-client`, 'client-password-1')).toBe(403);
    expect(await fetchRepomd(basePath, `${prefix}-dev`, 'dev-password-1')).toBe(200);

    fs.writeFileSync(
      pins,
      `stackhpc_pulp_repo_${prefix}_rocky_9_8_baseos_version: ${rpmVersion}\nstackhpc_pulp_repo_${prefix}_ubuntu_noble_version: 19990101T000000\n`,
    );
    const missing = writesDuring(() => {
      const result = cli(['promote', '--versions', pins]);
      expect(result.status).toBe(7);
      expect(result.stderr.trim()).toBe(
        `release-train: no such snapshot distribution: "${prefix}-ubuntu-noble-19990101T000000"; nothing was promoted`,
      );
    });
    expect(missing).toEqual([]);
    expect(await fetchRepomd(basePath, `${prefix}-client`, 'client-password-1')).toBe(403);

    fs.writeFileSync(pins, 'stackhpc_pulp_repo_not_in_the_config_version: 20240101T000000\n');
    expect(cli(['promote', '--versions', pins]).status).toBe(3);

    fs.writeFileSync(pins, `stackhpc_pulp_repo_${prefix}_rocky_9_8_baseos_version: ${rpmVersion}\n`);
    const dryRun = writesDuring(() =>
      expect(cli(['promote', '--versions', pins, '--dry-run']).stdout).toContain('would promote'),
    );
    expect(dryRun).toEqual([]);
    expect(cli(['promote', '--versions', pins]).stdout.trim()).toBe(
      `${prefix}-rocky-9.8-baseos-${rpmVersion}: promoted`,
    );
    expect(await fetchRepomd(basePath, `${prefix}-client`, 'client-password-1')).toBe(200);
    const again = writesDuring(() => expect(cli(['promote', '--versions', pins]).stdout).toContain('already released'));
    expect(again).toEqual([]);
  });

  test('cleanup-publications reports duplicates, deletes them only with --yes, and keeps the served one', async () => {
    const [repo] = await pulp.list<{ latest_version_href: string }>('repositories/rpm/rpm/', {
      name: `${prefix} Rocky Linux 9.8 - BaseOS`,
    });
    const extra = await pulp.create<{ pulp_href: string }>('publications/rpm/rpm/', {
      repository_version: repo.latest_version_href,
    });
    const report = writesDuring(() => {
      const result = cli(['cleanup-publications', '--short-name', `${prefix}_rocky_9_8_baseos`]);
      expect(result.stdout).toContain(`would delete ${extra.pulp_href}`);
      expect(result.stdout).toMatch(/1 duplicate publication\(s\); pass --yes to delete them/);
    });
    expect(report).toEqual([]);
    const removed = cli(['cleanup-publications', '--short-name', `${prefix}_rocky_9_8_baseos`, '--yes']);
    expect(removed.stdout).toContain(`deleted ${extra.pulp_href}`);
    const left = await pulp.list<{ pulp_href: string }>('publications/rpm/rpm/', {
      repository_version: repo.latest_version_href,
    });
    expect(left.map((p) => p.pulp_href)).not.toContain(extra.pulp_href);
    expect(left).toHaveLength(1);
    expect(cli(['cleanup-publications']).stdout.trim()).toBe('0 duplicate publication(s)');
  });
});
