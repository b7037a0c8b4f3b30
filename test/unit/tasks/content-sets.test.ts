// Content per Pulp: from one base content, a client mirror holds released content only, the test Pulp the
// development images and the pinned snapshots under its own naming (DOMAIN.md §3.2, §3.4).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig, parseConfig } from '../../../config';
import { MirrorStack } from '../../../stacks/mirror-stack';
import { mirrorPlan, testPulpDistribution } from '../../../tasks/mirror';
import { configErrorsOf } from '../../support/config';

const source = {
  contentUrl: 'https://ark.example.org/pulp/content/',
  registryUrl: 'https://ark.example.org',
  username: 'release-train-ci',
  password: 'ci-secret',
};

describe('the test Pulp content set (development)', () => {
  const content = loadConfig().content;
  const pins = new Map([
    ['rocky_9_8_baseos', '20240816T002610'],
    ['epel_9', '20240902T080424'],
    ['ubuntu_noble', '20240903T010101'],
  ]);
  const plan = mirrorPlan(content, pins, source, new Map(), 'development');

  test('repositories are <name> (ark), rpm synced mirror_complete even where Ark syncs content only', () => {
    expect(plan.packages.map((p) => p.target.repository)).toEqual([
      'Rocky Linux 9.8 - BaseOS (ark)',
      'Extra Packages for Enterprise Linux 9 (ark)',
      'Ubuntu Noble (ark)',
    ]);
    expect(content.rpm[1].syncPolicy).toBe('mirror_content_only');
    expect(plan.syncTargets.filter((t) => t.kind === 'rpm-repository').map((t) => t.options)).toEqual([
      { sync_policy: 'mirror_complete' },
      { sync_policy: 'mirror_complete' },
    ]);
    expect(plan.objects.find((o) => o.key === 'Ubuntu Noble (ark)-remote')?.fields).toMatchObject({
      url: 'https://ark.example.org/pulp/content/ubuntu/noble/20240903T010101/',
      policy: 'on_demand',
    });
  });

  test("each pinned snapshot is served as <distributionName><V>-ark at Ark's own path", () => {
    const [rocky] = plan.packages;
    expect(testPulpDistribution(rocky.target, rocky.version)).toEqual({
      name: 'rocky-9.8-baseos-20240816T002610-ark',
      basePath: 'rocky/9.8/BaseOS/x86_64/os/20240816T002610',
    });
  });

  test('the development images (pushed on Ark) are mirrored, unguarded; the release ones are not', () => {
    const distributions = plan.objects.filter((o) => o.kind === 'container-distribution');
    expect(distributions.map((d) => [d.key, d.fields.private])).toEqual([
      ['stackhpc-dev/nova-api', false],
      ['stackhpc-dev/neutron-server', false],
    ]);
    expect(plan.objects.find((o) => o.key === 'stackhpc-dev/nova-api-remote')?.fields).toEqual({
      policy: 'on_demand',
      url: 'https://ark.example.org',
      upstream_name: 'stackhpc-dev/nova-api',
    });
  });

  test('a client site (released) gets the release images and keeps its names', () => {
    const released = mirrorPlan(content, pins, source);
    expect(released.packages.map((p) => p.target.repository)).toContain('Rocky Linux 9.8 - BaseOS');
    expect(released.objects.filter((o) => o.kind === 'container-distribution').map((d) => d.key)).toEqual([
      'stackhpc/nova-api',
      'stackhpc/neutron-server',
    ]);
  });
});

describe('mirrors with a content set in one config with Ark', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-content-sets-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'pins.yml'), 'stackhpc_pulp_repo_rocky_9_8_baseos_version: 20240816T002610\n');
  const example = fs.readFileSync(loadConfig().sourceFile, 'utf8');
  const contentSection = example.slice(example.indexOf('\ncontent:\n') + 1);
  const text = (set: string) => `ark:
  name: ark
  existingHost: { url: 'https://ark.example.org' }
mirrors:
  - name: test-pulp
    upstream: ark
    versionsFile: pins.yml
    content: ${set}
    existingHost: { url: 'https://test-pulp.example.org' }
${contentSection}`;

  const tasksOf = (set: string) => {
    const file = path.join(dir, `${set}.yaml`);
    fs.writeFileSync(file, text(set));
    const config = loadConfig(file);
    const app = Testing.app();
    const upstream = {
      apiUrl: 'https://ark.example.org',
      contentUrl: 'https://ark.example.org/pulp/content/',
      registryHost: 'ark.example.org',
    };
    const stack = new MirrorStack(app, 'mirror-test-pulp', { mirror: config.mirrors[0], upstream, config });
    const json = JSON.parse(Testing.synth(stack));
    const commands = Object.values<any>(json.resource.terraform_data).map(
      (r) => r.provisioner[0]['local-exec'].command,
    );
    return Object.assign(
      stack.tasks.map((t) => t.node.id),
      { commands },
    );
  };

  test('development: the pinned snapshot and one task per development image; no access, no release image', () => {
    const tasks = tasksOf('development');
    const image = tasks.commands.find((c: string) => c.includes('--only container/stackhpc-dev/nova-api'));
    expect(image).toContain('--ark-registry-url https://ark.example.org --content development');
    expect(tasks.commands.find((c: string) => c.includes('rpm/'))).toContain('--content development');
    expect([...tasks]).toEqual([
      'WaitReady',
      'Mirror-rpm-Rocky Linux 9.8 - BaseOS',
      'Mirror-container-stackhpc-dev-nova-api',
      'Mirror-container-stackhpc-dev-neutron-server',
    ]);
  });

  test('released: the pinned snapshot and the release images only', () => {
    expect([...tasksOf('released')]).toEqual([
      'WaitReady',
      'Mirror-rpm-Rocky Linux 9.8 - BaseOS',
      'Mirror-container-stackhpc-nova-api',
      'Mirror-container-stackhpc-neutron-server',
    ]);
  });

  test('a content set needs the pins it mirrors, and is one of the two sets', () => {
    expect(configErrorsOf(text('development').replace('    versionsFile: pins.yml\n', ''), 'site.yaml')).toMatch(
      /^site\.yaml:7:14 mirrors\[0\]\.content: needs versionsFile \(expected the pins of the development content to mirror\)$/,
    );
    expect(configErrorsOf(text('everything'), 'site.yaml')).toMatch(
      /mirrors\[0\]\.content: invalid value \(expected one of released, development, got "everything"\)/,
    );
  });
});

describe('a mirror of a deb snapshot published simple', () => {
  test('asks for the one dist such a publication has, default, with every component', () => {
    const { content } = parseConfig(
      `content:
  deb:
    - name: Fluentd
      url: https://fluentd.example.org/lts/6/ubuntu/noble
      distributions: [noble]
      components: [main]
      mode: simple
      syncGroup: third_party
      basePath: fluentd/noble/
      shortName: fluentd
      distributionName: fluentd-
`,
      'simple.yaml',
    );
    const plan = mirrorPlan(content, new Map([['fluentd', '20260101T000000']]), source);
    expect(plan.objects.find((o) => o.kind === 'deb-remote')?.fields).toMatchObject({
      distributions: 'default',
      components: null,
    });
  });
});
