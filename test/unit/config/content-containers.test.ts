import { parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const errorsOf = (text: string): string[] => configErrorsOf(text, 'content.yaml').split('\n');

const contentOf = (text: string) => parseConfig(text, 'content.yaml').content;

describe('container repositories filled by push', () => {
  test('push defaults to false and is read', () => {
    const content = contentOf(`
content:
  container:
    - name: stackhpc/nova-api
    - name: stackhpc-dev/nova-api
      push: true
`);
    expect(content.container.map((c) => [c.name, c.push, c.url])).toEqual([
      ['stackhpc/nova-api', false, undefined],
      ['stackhpc-dev/nova-api', true, undefined],
    ]);
  });

  test('push: true together with url is an error at the url', () => {
    expect(
      errorsOf(`
content:
  container:
    - name: stackhpc/keystone
      url: https://quay.io
    - name: stackhpc-dev/nova-api
      push: true
      url: https://quay.io
`),
    ).toEqual([
      'content.yaml:8:12 content.container[1].url: not allowed with push: true (expected a pushed repository or a synced one)',
    ]);
  });

  test('push: false with url is an ordinary synced repository', () => {
    const content = contentOf(`
content:
  container:
    - name: stackhpc/keystone
      url: https://quay.io
      push: false
`);
    expect(content.container[0]).toMatchObject({ push: false, url: 'https://quay.io' });
  });

  test('push must be a boolean', () => {
    expect(
      errorsOf(`
content:
  container:
    - name: stackhpc-dev/nova-api
      push: "yes"
`),
    ).toEqual(['content.yaml:5:13 content.container[0].push: wrong type (expected true or false, got string "yes")']);
  });
});

describe('container namespaces', () => {
  test('entries {name, consumers} are read; consumers default to none', () => {
    const content = contentOf(`
content:
  containerNamespaces:
    - name: stackhpc
      consumers: [stackhpc, stackhpc-dev]
    - name: stackhpc-dev
      consumers: [stackhpc-dev]
    - name: kolla
  groups: [stackhpc, stackhpc-dev]
`);
    expect(content.containerNamespaces).toEqual([
      { name: 'stackhpc', consumers: ['stackhpc', 'stackhpc-dev'] },
      { name: 'stackhpc-dev', consumers: ['stackhpc-dev'] },
      { name: 'kolla', consumers: [] },
    ]);
  });

  test('absent, there are none', () => {
    expect(contentOf('content:\n  groups: [a]\n').containerNamespaces).toEqual([]);
  });

  test('a consumer group not declared under content.groups is an error at its index', () => {
    expect(
      errorsOf(`
content:
  containerNamespaces:
    - name: stackhpc
      consumers: [stackhpc, stackhpc-ops]
  groups: [stackhpc]
`),
    ).toEqual([
      'content.yaml:5:29 content.containerNamespaces[0].consumers[1]: unknown group (expected one of the groups under content.groups, got "stackhpc-ops")',
    ]);
  });

  test('a duplicate namespace name is an error naming the first', () => {
    expect(
      errorsOf(`
content:
  containerNamespaces:
    - name: stackhpc
    - name: stackhpc
`),
    ).toEqual([
      'content.yaml:5:13 content.containerNamespaces[1].name: duplicate (expected a unique container namespace, got "stackhpc", also at content.containerNamespaces[0].name)',
    ]);
  });

  test.each(['stackhpc/dev', 'StackHPC', 'stackhpc-'])('the namespace name %p is invalid', (name) => {
    expect(
      errorsOf(`
content:
  containerNamespaces:
    - name: ${name}
`),
    ).toEqual([
      `content.yaml:4:13 content.containerNamespaces[0].name: invalid value (expected a registry namespace such as stackhpc, got ${JSON.stringify(name)})`,
    ]);
  });

  test('unknown keys and a missing name are errors', () => {
    expect(
      errorsOf(`
content:
  containerNamespaces:
    - consumer: [a]
  groups: [a]
`),
    ).toEqual([
      'content.yaml:4:7 content.containerNamespaces[0].consumer: unknown key; did you mean "consumers"? (expected one of: name, consumers)',
      'content.yaml:4:7 content.containerNamespaces[0].name: missing (expected a registry namespace such as stackhpc)',
    ]);
  });
});

describe('file repositories', () => {
  test('url is optional and read', () => {
    const content = contentOf(`
content:
  file:
    - name: kayobe-images-2024.1-rocky-9
      basePath: kayobe-images/2024.1/rocky/9
    - name: kayobe-images-2024.1-ubuntu-noble
      basePath: kayobe-images/2024.1/ubuntu/noble
      url: https://example.org/images/PULP_MANIFEST
`);
    expect(content.file).toEqual([
      { name: 'kayobe-images-2024.1-rocky-9', basePath: 'kayobe-images/2024.1/rocky/9', url: undefined },
      {
        name: 'kayobe-images-2024.1-ubuntu-noble',
        basePath: 'kayobe-images/2024.1/ubuntu/noble',
        url: 'https://example.org/images/PULP_MANIFEST',
      },
    ]);
  });

  test('a url that is not http(s) or file is an error', () => {
    expect(
      errorsOf(`
content:
  file:
    - name: images
      basePath: images
      url: ftp://example.org/PULP_MANIFEST
`),
    ).toEqual([
      'content.yaml:6:12 content.file[0].url: invalid value (expected an http(s) or file URL, got "ftp://example.org/PULP_MANIFEST")',
    ]);
  });
});
