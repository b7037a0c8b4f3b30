import { loadConfig } from '../../../config';
import { ENTITIES } from '../../../pulp/entities';
import { desiredObjects, MissingSecretError } from '../../../tasks/desired';
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
