import { loadConfig, parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const BASE = `
content:
  rpm:
    - name: Rocky Linux 9.8 - BaseOS
      url: https://example.org/rocky/9.8/BaseOS/x86_64/os/
      syncGroup: rocky_9_baseos
      basePath: rocky/9.8/BaseOS/x86_64/os/
      shortName: rocky_9_8_baseos
      distributionName: rocky-9.8-baseos-
  groups: [stackhpc-dev]
`;

const errorsOf = (text: string): string[] => configErrorsOf(text, 'content.yaml').split('\n');

describe('content config', () => {
  test('the embedded example holds every content type', () => {
    const { content } = loadConfig();
    expect(content.rpm.map((r) => r.publication?.shortName)).toEqual([
      'rocky_9_8_baseos',
      'epel_9',
      'elasticsearch_logstash_kibana_7_x',
    ]);
    expect(content.rpm[1].syncPolicy).toBe('mirror_content_only');
    expect(content.rpm[2]).toMatchObject({ sync: false, policy: 'on_demand' });
    expect(content.deb[0]).toMatchObject({ mode: 'verbatim', architectures: ['amd64'], mirror: true });
    expect(content.container.map((c) => [c.name, c.push])).toEqual([
      ['stackhpc/nova-api', false],
      ['stackhpc/neutron-server', false],
      ['stackhpc-dev/nova-api', true],
      ['stackhpc-dev/neutron-server', true],
    ]);
    expect(content.images.map((i) => [i.name, i.shortName, i.files])).toEqual([
      ['kayobe-images-2024.1-rocky-9', 'rocky_9_overcloud_host_image', ['overcloud-rocky-9.qcow2']],
      ['ipa-images-2024.1-rocky-9', 'rocky_9_ipa_image', ['ipa.kernel', 'ipa.initramfs']],
    ]);
    expect(content.containerNamespaces.map((n) => [n.name, n.consumers])).toEqual([
      ['stackhpc', ['stackhpc', 'stackhpc-dev']],
      ['stackhpc-dev', ['stackhpc-dev']],
    ]);
    expect(content.contentGuards.map((g) => [g.name, g.groups])).toEqual([
      ['development', ['stackhpc-dev']],
      ['release', ['stackhpc', 'stackhpc-dev']],
    ]);
    expect(content.users[1]).toEqual({
      username: 'client-example',
      groups: ['stackhpc'],
      passwordEnv: 'RELEASE_TRAIN_CLIENT_EXAMPLE_PASSWORD',
    });
  });

  test('a content-only config needs no openstack section', () => {
    const config = parseConfig(BASE, 'content.yaml');
    expect(config.openstack).toBeUndefined();
    expect(config.content.rpm[0]).toMatchObject({ policy: 'immediate', syncPolicy: 'mirror_complete', sync: true });
  });

  test('fails on duplicate names, short names, distribution names across types, with both places named', () => {
    const text = `${BASE}  deb:
    - name: Rocky Linux 9.8 - BaseOS
      url: https://example.org/ubuntu
      distributions: [noble]
      components: [main]
      syncGroup: ubuntu
      basePath: ubuntu/noble/
      shortName: rocky_9_8_baseos
      distributionName: rocky-9.8-baseos-
`;
    expect(errorsOf(text)).toEqual([
      'content.yaml:12:13 content.deb[0].name: duplicate (expected a unique repository name (across rpm, deb, container and file), got "Rocky Linux 9.8 - BaseOS", also at content.rpm[0].name)',
      'content.yaml:18:18 content.deb[0].shortName: duplicate (expected a unique short name (across rpm and deb), got "rocky_9_8_baseos", also at content.rpm[0].shortName)',
      'content.yaml:19:25 content.deb[0].distributionName: duplicate (expected a unique distribution name (across rpm and deb), got "rocky-9.8-baseos-", also at content.rpm[0].distributionName)',
    ]);
  });

  test('fails on nested base paths across types', () => {
    const text = `${BASE}  file:
    - name: images
      basePath: rocky/9.8
`;
    expect(errorsOf(text)).toEqual([
      'content.yaml:13:17 content.file[0].basePath: overlaps another base path (expected a base path neither equal to nor nested in another, got "rocky/9.8"; content.rpm[0].basePath is "rocky/9.8/BaseOS/x86_64/os")',
    ]);
  });

  test('fails on what the upstream validation misses: synced without url or group, published without base path', () => {
    const text = BASE.replace('      url: https://example.org/rocky/9.8/BaseOS/x86_64/os/\n', '')
      .replace('      syncGroup: rocky_9_baseos\n', '')
      .replace('      basePath: rocky/9.8/BaseOS/x86_64/os/\n', '      basePath: rocky/9.8/BaseOS\n');
    expect(errorsOf(text)).toEqual([
      'content.yaml:4:7 content.rpm[0].url: missing (expected an http(s) or file URL)',
      'content.yaml:4:7 content.rpm[0].syncGroup: missing (expected a single word)',
      'content.yaml:5:17 content.rpm[0].basePath: invalid value (expected a relative path ending in "/", got "rocky/9.8/BaseOS")',
    ]);
  });

  test('fails on a group that is not declared, a bad policy and a literal password', () => {
    const text = `${BASE.replace('      syncGroup: rocky_9_baseos\n', '      syncGroup: rocky_9_baseos\n      policy: lazy\n      remoteUsername: ci\n      remotePassword: hunter2\n')}  users:
    - username: ci
      groups: [stackhpc]
      passwordEnv: CI_PASSWORD
`;
    const errors = errorsOf(text);
    expect(errors).toContain(
      'content.yaml:7:15 content.rpm[0].policy: invalid value (expected one of immediate, on_demand, streamed, got "lazy")',
    );
    expect(errors).toContain(
      'content.yaml:9:7 content.rpm[0].remotePassword: unknown key; did you mean "remotePasswordEnv"? (expected one of: name, url, policy, sync, syncGroup, remoteUsername, remotePasswordEnv, publish, basePath, shortName, distributionName, syncPolicy)',
    );
    expect(errors).toContain(
      'content.yaml:4:7 content.rpm[0].remotePasswordEnv: missing (expected remoteUsername and remotePasswordEnv together)',
    );
    expect(errors).toContain(
      'content.yaml:16:16 content.users[0].groups[0]: unknown group (expected one of the groups under content.groups, got "stackhpc")',
    );
    expect(errors.join('\n')).not.toContain('hunter2');
  });
});
