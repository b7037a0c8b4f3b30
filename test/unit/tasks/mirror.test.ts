import { exitCodeOf, EXIT } from '../../../cli/exit-codes';
import { loadConfig, parseConfig } from '../../../config';
import { mirrorPlan, NothingPinnedError } from '../../../tasks/mirror';

const source = {
  contentUrl: 'https://ark.example.org/pulp/content/',
  username: 'client-example',
  password: 'client-secret',
};
const secret = { username: 'client-example', password: 'client-secret' };

describe('mirrorPlan', () => {
  const content = loadConfig().content;
  const pins = new Map([
    ['rocky_9_8_baseos', '20240816T002610'],
    ['epel_9', '20240902T080424'],
    ['ubuntu_noble', '20240903T010101'],
    ['not_in_the_config', '20240101T000000'],
  ]);

  test('only pinned published repositories are mirrored, each at its pinned version', () => {
    const plan = mirrorPlan(content, pins, source);
    expect(plan.packages.map((p) => [p.target.repository, p.target.publication.shortName, p.version])).toEqual([
      ['Rocky Linux 9.8 - BaseOS', 'rocky_9_8_baseos', '20240816T002610'],
      ['Extra Packages for Enterprise Linux 9', 'epel_9', '20240902T080424'],
      ['Ubuntu Noble', 'ubuntu_noble', '20240903T010101'],
    ]);
    expect(plan.objects.map((o) => `${o.kind}:${o.key}`)).toEqual([
      'rpm-remote:Rocky Linux 9.8 - BaseOS-remote',
      'rpm-repository:Rocky Linux 9.8 - BaseOS',
      'rpm-remote:Extra Packages for Enterprise Linux 9-remote',
      'rpm-repository:Extra Packages for Enterprise Linux 9',
      'deb-remote:Ubuntu Noble-remote',
      'deb-repository:Ubuntu Noble',
    ]);
    expect(plan.objects.find((o) => o.key === 'Rocky Linux 9.8 - BaseOS')?.fields).toEqual({
      remote: { ref: 'rpm-remote', key: 'Rocky Linux 9.8 - BaseOS-remote' },
    });
  });

  test.each(['https://ark.example.org/pulp/content/', 'https://ark.example.org/pulp/content'])(
    'the remote url is <contentUrl><basePath><version>/ (contentUrl %s)',
    (contentUrl) => {
      const plan = mirrorPlan(content, pins, { ...source, contentUrl });
      const urls = plan.objects.filter((o) => o.kind.endsWith('-remote')).map((o) => o.fields.url);
      expect(urls).toEqual([
        'https://ark.example.org/pulp/content/rocky/9.8/BaseOS/x86_64/os/20240816T002610/',
        'https://ark.example.org/pulp/content/epel/9/Everything/x86_64/20240902T080424/',
        'https://ark.example.org/pulp/content/ubuntu/noble/20240903T010101/',
      ]);
    },
  );

  test('every remote is on_demand with the client credentials from the source', () => {
    const plan = mirrorPlan(content, pins, { ...source, registryUrl: 'https://ark.example.org' });
    const remotes = plan.objects.filter((o) => o.kind.endsWith('-remote'));
    expect(remotes).toHaveLength(5);
    for (const remote of remotes) {
      expect(remote.fields.policy).toBe('on_demand');
      expect(remote.secret).toEqual(secret);
    }
    // The repositories carry no secret.
    expect(plan.objects.filter((o) => !o.kind.endsWith('-remote')).every((o) => o.secret === undefined)).toBe(true);
  });

  test("rpm sync targets carry the repository's sync_policy, deb ones mirror: true", () => {
    expect(mirrorPlan(content, pins, source).syncTargets).toEqual([
      { kind: 'rpm-repository', name: 'Rocky Linux 9.8 - BaseOS', options: { sync_policy: 'mirror_complete' } },
      {
        kind: 'rpm-repository',
        name: 'Extra Packages for Enterprise Linux 9',
        options: { sync_policy: 'mirror_content_only' },
      },
      { kind: 'deb-repository', name: 'Ubuntu Noble', options: { mirror: true } },
    ]);
  });

  test('the deb remote has its distributions, components and architectures joined by spaces', () => {
    const remote = mirrorPlan(content, pins, source).objects.find((o) => o.key === 'Ubuntu Noble-remote');
    expect(remote?.fields).toEqual({
      policy: 'on_demand',
      url: 'https://ark.example.org/pulp/content/ubuntu/noble/20240903T010101/',
      distributions: 'noble noble-updates noble-backports noble-security',
      components: 'main restricted universe',
      architectures: 'amd64',
    });
  });

  test('a published repository that is not synced on Ark is mirrored all the same when pinned', () => {
    const plan = mirrorPlan(content, new Map([['elasticsearch_logstash_kibana_7_x', 'V1']]), source);
    expect(plan.objects.find((o) => o.kind === 'rpm-remote')?.fields.url).toBe(
      'https://ark.example.org/pulp/content/elasticsearch/oss-7.x/V1/',
    );
  });

  test('without a registry url no container is mirrored', () => {
    const plan = mirrorPlan(content, pins, source);
    expect(plan.objects.filter((o) => o.kind.startsWith('container-'))).toEqual([]);
    expect(plan.syncTargets.filter((t) => t.kind === 'container-repository')).toEqual([]);
  });

  describe('containers', () => {
    const containers = parseConfig(
      `
content:
  container:
    - name: stackhpc/nova-api
    - name: stackhpc/keystone
      url: https://quay.io
    - name: stackhpc-dev/nova-api
      push: true
`,
      'content.yaml',
    ).content;
    const registry = { ...source, registryUrl: 'https://ark.example.org' };

    test('only release repositories (neither push nor synced) are mirrored from the registry', () => {
      const plan = mirrorPlan(containers, new Map(), registry);
      expect(plan.packages).toEqual([]);
      expect(plan.objects).toEqual([
        {
          kind: 'container-remote',
          key: 'stackhpc/nova-api-remote',
          fields: { policy: 'on_demand', url: 'https://ark.example.org', upstream_name: 'stackhpc/nova-api' },
          secret,
        },
        {
          kind: 'container-repository',
          key: 'stackhpc/nova-api',
          fields: { remote: { ref: 'container-remote', key: 'stackhpc/nova-api-remote' } },
        },
        {
          kind: 'container-distribution',
          key: 'stackhpc/nova-api',
          fields: {
            base_path: 'stackhpc/nova-api',
            repository: { ref: 'container-repository', key: 'stackhpc/nova-api' },
            private: false,
          },
        },
      ]);
      expect(plan.syncTargets).toEqual([
        { kind: 'container-repository', name: 'stackhpc/nova-api', options: { mirror: false } },
      ]);
    });

    test('the example config mirrors both release images when given a registry', () => {
      const plan = mirrorPlan(content, pins, registry);
      expect(plan.objects.filter((o) => o.kind === 'container-distribution').map((o) => o.key)).toEqual([
        'stackhpc/nova-api',
        'stackhpc/neutron-server',
      ]);
    });

    test('a registry with no release repository and nothing pinned is still nothing to mirror', () => {
      const onlyPushed = parseConfig(
        'content:\n  container:\n    - name: stackhpc-dev/nova-api\n      push: true\n',
        'content.yaml',
      ).content;
      expect(() => mirrorPlan(onlyPushed, new Map(), registry)).toThrow(NothingPinnedError);
    });
  });

  describe('image series', () => {
    const imagePins = new Map([
      ['rocky_9_overcloud_host_image', '2024.1-20240912T145502'],
      ['not_in_the_config', '2024.1-20240101T000000'],
    ]);

    test("a pinned image series syncs Ark's <name>_<tag> manifest (never latest), on_demand, mirrored", () => {
      const plan = mirrorPlan(content, new Map(), source, imagePins);
      expect(plan.images.map((i) => [i.image.name, i.tag])).toEqual([
        ['kayobe-images-2024.1-rocky-9', '2024.1-20240912T145502'],
      ]);
      expect(plan.objects).toEqual([
        {
          kind: 'file-remote',
          key: 'kayobe-images-2024.1-rocky-9-remote',
          fields: {
            policy: 'on_demand',
            url: 'https://ark.example.org/pulp/content/kayobe-images/2024.1/rocky/9/2024.1-20240912T145502/PULP_MANIFEST',
          },
          secret,
        },
        {
          kind: 'file-repository',
          key: 'kayobe-images-2024.1-rocky-9',
          fields: { remote: { ref: 'file-remote', key: 'kayobe-images-2024.1-rocky-9-remote' } },
        },
      ]);
      expect(plan.syncTargets).toEqual([
        { kind: 'file-repository', name: 'kayobe-images-2024.1-rocky-9', options: { mirror: true } },
      ]);
    });

    test('a package pin with the same short name does not pin an image, nor the other way round', () => {
      expect(mirrorPlan(content, pins, source).images).toEqual([]);
      const plan = mirrorPlan(content, new Map(), source, imagePins);
      expect(plan.packages).toEqual([]);
    });
  });

  test('nothing pinned and no registry throws an error that exits 3 (config)', () => {
    let error: unknown;
    try {
      mirrorPlan(content, new Map([['not_in_the_config', 'V1']]), source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NothingPinnedError);
    expect((error as Error).message).toMatch(/^nothing to mirror/);
    expect(exitCodeOf(error)).toBe(EXIT.config);
    expect(exitCodeOf(error)).toBe(3);
  });
});
