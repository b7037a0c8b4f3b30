import { loadConfig, parseConfig } from '../../../config';
import { CREATION_STAGES, ENTITIES, EntityKind } from '../../../pulp/entities';
import { desiredObjects, isReference, MissingSecretError } from '../../../tasks/desired';
import { sameValue } from '../../../tasks/reconcile';

const env = { RELEASE_TRAIN_CI_PASSWORD: 'ci', RELEASE_TRAIN_CLIENT_EXAMPLE_PASSWORD: 'client' };

describe('desiredObjects', () => {
  const objects = desiredObjects(loadConfig().content, env);
  const find = (kind: string, key: string) => objects.find((o) => o.kind === kind && o.key === key);

  test('a synced repository gets a remote named <name>-remote, and refers to it', () => {
    expect(find('rpm-remote', 'Rocky Linux 9.8 - BaseOS-remote')?.fields).toEqual({
      url: 'https://mirrors.rockylinux.org/mirrorlist?repo=rocky-BaseOS-9.8&arch=x86_64&country=NL&protocol=https',
      policy: 'immediate',
    });
    expect(find('rpm-repository', 'Rocky Linux 9.8 - BaseOS')?.fields).toEqual({
      remote: { ref: 'rpm-remote', key: 'Rocky Linux 9.8 - BaseOS-remote' },
    });
  });

  test('a repository with sync: false keeps no remote', () => {
    expect(find('rpm-remote', 'ELK repository for 7.x packages-remote')).toBeUndefined();
    expect(find('rpm-repository', 'ELK repository for 7.x packages')?.fields).toEqual({ remote: null });
  });

  test('deb lists become the whitespace-separated strings Pulp stores', () => {
    expect(find('deb-remote', 'Ubuntu Noble-remote')?.fields).toMatchObject({
      distributions: 'noble noble-updates noble-backports noble-security',
      components: 'main restricted universe',
      architectures: 'amd64',
    });
  });

  test('a container repository is served by a private distribution at its own name', () => {
    expect(find('container-distribution', 'stackhpc/nova-api')?.fields).toEqual({
      base_path: 'stackhpc/nova-api',
      repository: { ref: 'container-repository', key: 'stackhpc/nova-api' },
      private: true,
    });
  });

  test('objects are listed in an order where every reference points backwards', () => {
    const seen = new Set<string>();
    for (const object of objects) {
      for (const value of Object.values(object.fields)) {
        if (value && typeof value === 'object' && 'ref' in value) expect(seen).toContain(`${value.ref}:${value.key}`);
      }
      seen.add(`${object.kind}:${object.key}`);
    }
    expect(objects.every((o) => ENTITIES[o.kind])).toBe(true);
  });

  test('secrets come from the environment, and a missing one is named', () => {
    expect(find('user', 'release-train-ci')?.secret).toEqual({ password: 'ci' });
    expect(() => desiredObjects(loadConfig().content, {})).toThrow(MissingSecretError);
    expect(() => desiredObjects(loadConfig().content, {})).toThrow(
      'environment variable RELEASE_TRAIN_CI_PASSWORD (the password of user "release-train-ci") is not set',
    );
  });
});

describe('desiredObjects: pushed containers, namespaces and synced files', () => {
  const content = parseConfig(
    `
content:
  container:
    - name: stackhpc/nova-api
    - name: stackhpc-dev/nova-api
      push: true
    - name: stackhpc-dev/neutron-server
      push: true
      private: false
  containerNamespaces:
    - name: stackhpc
      consumers: [stackhpc, stackhpc-dev]
    - name: stackhpc-dev
      consumers: [stackhpc-dev]
  file:
    - name: kayobe-images-2024.1-rocky-9
      basePath: kayobe-images/2024.1/rocky/9
      url: https://example.org/kayobe-images/PULP_MANIFEST
    - name: uploads
      basePath: uploads
  groups: [stackhpc, stackhpc-dev]
`,
    'content.yaml',
  ).content;
  const objects = desiredObjects(content, {});
  const find = (kind: string, key: string) => objects.find((o) => o.kind === kind && o.key === key);

  test('a push container gives only its distribution, with base_path and private and no repository', () => {
    expect(objects.filter((o) => o.key === 'stackhpc-dev/nova-api')).toEqual([
      {
        kind: 'container-distribution',
        key: 'stackhpc-dev/nova-api',
        fields: { base_path: 'stackhpc-dev/nova-api', private: true },
      },
    ]);
    expect(find('container-distribution', 'stackhpc-dev/neutron-server')?.fields).toEqual({
      base_path: 'stackhpc-dev/neutron-server',
      private: false,
    });
    expect(objects.filter((o) => o.key.startsWith('stackhpc-dev/') && o.kind !== 'container-distribution')).toEqual([]);
    expect(find('container-remote', 'stackhpc-dev/nova-api-remote')).toBeUndefined();
  });

  test('a release container (no push, no url) keeps its repository without a remote', () => {
    expect(find('container-repository', 'stackhpc/nova-api')?.fields).toEqual({ remote: null });
    expect(find('container-remote', 'stackhpc/nova-api-remote')).toBeUndefined();
    expect(find('container-distribution', 'stackhpc/nova-api')?.fields).toMatchObject({
      repository: { ref: 'container-repository', key: 'stackhpc/nova-api' },
    });
  });

  test('namespaces become container-namespace objects whose groups are the consumers', () => {
    expect(objects.filter((o) => o.kind === 'container-namespace')).toEqual([
      { kind: 'container-namespace', key: 'stackhpc', fields: {}, groups: ['stackhpc', 'stackhpc-dev'] },
      { kind: 'container-namespace', key: 'stackhpc-dev', fields: {}, groups: ['stackhpc-dev'] },
    ]);
  });

  test('a file repository with url gets a file-remote <name>-remote, and refers to it', () => {
    expect(find('file-remote', 'kayobe-images-2024.1-rocky-9-remote')?.fields).toEqual({
      url: 'https://example.org/kayobe-images/PULP_MANIFEST',
      policy: 'immediate',
    });
    expect(find('file-repository', 'kayobe-images-2024.1-rocky-9')?.fields).toEqual({
      remote: { ref: 'file-remote', key: 'kayobe-images-2024.1-rocky-9-remote' },
    });
  });

  test('a file repository without url has a null remote and no file-remote', () => {
    expect(find('file-repository', 'uploads')?.fields).toEqual({ remote: null });
    expect(objects.filter((o) => o.kind === 'file-remote').map((o) => o.key)).toEqual([
      'kayobe-images-2024.1-rocky-9-remote',
    ]);
  });

  test('every reference still points backwards, and every kind is a known entity', () => {
    const seen = new Set<string>();
    for (const object of objects) {
      for (const value of Object.values(object.fields)) {
        if (value && typeof value === 'object' && 'ref' in value) expect(seen).toContain(`${value.ref}:${value.key}`);
      }
      seen.add(`${object.kind}:${object.key}`);
    }
    expect(objects.every((o) => ENTITIES[o.kind])).toBe(true);
  });
});

describe('sameValue', () => {
  test.each([
    [null, '', true, true],
    [null, [], true, true],
    [null, '', false, false],
    [['a', 'b'], ['a', 'b'], false, true],
    [['a', 'b'], ['b', 'a'], false, false],
    [{ a: '1', b: '2' }, { b: '2', a: '1' }, false, true],
    [{ a: '1' }, { a: '1', b: '2' }, false, false],
    ['immediate', 'on_demand', false, false],
  ])('%j vs %j (nullable %s) is %s', (actual, desired, nullable, same) => {
    expect(sameValue(actual, desired, nullable)).toBe(same);
  });
});

describe('version quirks', () => {
  const container = ENTITIES['container-remote'];
  test('container remotes send include_tags before pulp_container 2.28 and includes from 2.28', () => {
    const body = { name: 'r', include_tags: ['2024.1-*'] };
    expect(container.preprocess!(body, { container: '2.27.14' })).toEqual(body);
    expect(container.preprocess!(body, { container: '2.30.0' })).toEqual({ name: 'r', includes: ['2024.1-*'] });
    expect(container.readField!({ includes: ['x'] }, 'include_tags')).toEqual(['x']);
  });
});

describe('desiredObjects: image series', () => {
  test('each is a file repository without a remote; its distributions come with its builds, not from reconcile', () => {
    const { images } = loadConfig().content;
    const objects = desiredObjects(loadConfig().content, env).filter((o) =>
      images.some((i) => o.key.startsWith(i.name)),
    );
    expect(objects).toEqual([
      { kind: 'file-repository', key: 'kayobe-images-2024.1-rocky-9', fields: { remote: null } },
      { kind: 'file-repository', key: 'ipa-images-2024.1-rocky-9', fields: { remote: null } },
    ]);
  });
});

describe('reconcile stages (CREATION_STAGES)', () => {
  const objects = desiredObjects(loadConfig().content, env);
  const stageOf = (kind: EntityKind) => CREATION_STAGES.findIndex((stage) => stage.includes(kind));

  test('name every kind exactly once', () => {
    expect(CREATION_STAGES.flat().sort()).toEqual((Object.keys(ENTITIES) as EntityKind[]).sort());
  });

  test("put what an object refers to in an earlier stage than the object (the example config's objects)", () => {
    const late = objects.flatMap((object) =>
      Object.values(object.fields)
        .filter(isReference)
        .filter((ref) => stageOf(ref.ref) >= stageOf(object.kind))
        .map((ref) => `${object.kind} ${object.key} -> ${ref.ref}`),
    );
    expect(objects.some((o) => Object.values(o.fields).some(isReference))).toBe(true);
    expect(late).toEqual([]);
    // Groups that users and guards name come first.
    expect(stageOf('group')).toBeLessThan(Math.min(stageOf('user'), stageOf('rbac-content-guard')));
  });
});
