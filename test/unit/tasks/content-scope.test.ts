import { loadConfig, parseConfig } from '../../../config';
import { main } from '../../../cli/main';
import { EXIT } from '../../../cli/exit-codes';
import {
  ACCESS_SCOPE,
  contentScopes,
  groupScopes,
  ScopeGroup,
  selectContent,
  UnknownScopeError,
} from '../../../tasks/content-scope';
import { realSizeContentYaml } from '../../../testbed/fixtures/real-size-config';
import { desiredObjects } from '../../../tasks/desired';

const content = loadConfig().content;
const env = { RELEASE_TRAIN_CI_PASSWORD: 'x', RELEASE_TRAIN_CLIENT_EXAMPLE_PASSWORD: 'y' };
const keys = (objects: { kind: string; key: string }[]) => objects.map((o) => `${o.kind}:${o.key}`).sort();

describe('content scopes', () => {
  const scopes = contentScopes(content);

  test('access comes first, then one scope per repository of every type, with unique ids', () => {
    expect(scopes[0].id).toBe(ACCESS_SCOPE);
    const repositories =
      content.rpm.length + content.deb.length + content.container.length + content.file.length + content.images.length;
    expect(scopes).toHaveLength(1 + repositories);
    expect(new Set(scopes.map((s) => s.id)).size).toBe(scopes.length);
    expect(scopes.map((s) => s.id)).toContain('rpm/Rocky Linux 9.8 - BaseOS');
    expect(scopes.map((s) => s.id)).toContain('container/stackhpc-dev/nova-api');
    expect(scopes.map((s) => s.id)).toContain('image/kayobe-images-2024.1-rocky-9');
  });

  test('together the scopes describe exactly the objects of the whole config, each once', () => {
    const parts = scopes.flatMap((s) => keys(desiredObjects(s.content, env)));
    expect(parts.sort()).toEqual(keys(desiredObjects(content, env)));
  });

  test('a repository scope needs only its own secrets; access needs the users passwords', () => {
    const rocky = selectContent(content, 'rpm/Rocky Linux 9.8 - BaseOS');
    expect(keys(desiredObjects(rocky, {}))).toEqual([
      'rpm-remote:Rocky Linux 9.8 - BaseOS-remote',
      'rpm-repository:Rocky Linux 9.8 - BaseOS',
    ]);
    expect(() => desiredObjects(selectContent(content, ACCESS_SCOPE), {})).toThrow(/RELEASE_TRAIN_CI_PASSWORD/);
  });

  test('a config without groups, users, guards or namespaces has no access scope', () => {
    const bare = { ...content, groups: [], users: [], contentGuards: [], containerNamespaces: [] };
    expect(contentScopes(bare).map((s) => s.id)).not.toContain(ACCESS_SCOPE);
  });

  test('no --only selects the whole config; an unknown part is an error naming the ones there are', () => {
    expect(selectContent(content, undefined)).toBe(content);
    expect(() => selectContent(content, 'rpm/nope')).toThrow(UnknownScopeError);
    expect(() => selectContent(content, 'rpm/nope')).toThrow(/--only rpm\/nope: .*access, rpm\/Rocky Linux 9\.8/);
  });
});

describe('groups of scopes', () => {
  test('containers group by image across namespaces and schemes; packages by type and sync group', () => {
    const { content: real } = parseConfig(`content:\n${realSizeContentYaml({ prefix: 'rt' })}`, 'real.yaml');
    const groups = groupScopes(contentScopes(real));
    const ids = groups.map((g) => g.id);
    // 155 rpm in 15 sync groups, 21 deb in 7, 147 images: 169 tasks instead of 1302 (no access here).
    expect(contentScopes(real)).toHaveLength(155 + 21 + 1126);
    expect(ids.filter((id) => id.startsWith('rpm:'))).toHaveLength(12);
    expect(ids.filter((id) => id.startsWith('container:'))).toHaveLength(147);
    expect(groups).toHaveLength(15 + 7 + 147);
    const nova = groups.find((g) => g.id === 'container:service0-api') as ScopeGroup;
    expect(nova.scopes.map((s) => s.id)).toEqual([
      'container/rt-dev/centos-source-service0-api',
      'container/rt-dev/ubuntu-source-service0-api',
      'container/rt-dev/rocky-source-service0-api',
      'container/rt-dev/service0-api',
      'container/rt/centos-source-service0-api',
      'container/rt/ubuntu-source-service0-api',
      'container/rt/rocky-source-service0-api',
      'container/rt/service0-api',
    ]);
    // A group of one is its scope: a sync group with one repository keeps its task id.
    expect(ids).toContain('rpm/rt rpm grafana 0');
    expect(selectContent(real, 'rpm:third_party').rpm).toHaveLength(56);
    expect(selectContent(real, 'container:kibana').container.map((c) => c.name)).toEqual([
      'rt-dev/centos-source-kibana',
      'rt-dev/ubuntu-source-kibana',
      'rt/centos-source-kibana',
      'rt/ubuntu-source-kibana',
    ]);
  });
});

describe('--only on the command line', () => {
  const errors: string[] = [];
  beforeEach(() => {
    errors.length = 0;
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  test('reconcile --only with --prune is a usage error (pruning one part would delete all the others)', async () => {
    const code = await main(['reconcile', '--only', 'access', '--prune', '--pulp-url', 'http://127.0.0.1:9'], () => {});
    expect(code).toBe(EXIT.usage);
    expect(errors.join('\n')).toContain('--prune cannot be combined with --only');
  });

  test('an unknown part exits 64 before contacting Pulp', async () => {
    const code = await main(['reconcile', '--only', 'rpm/nope', '--pulp-url', 'http://127.0.0.1:9'], () => {});
    expect(code).toBe(EXIT.usage);
    expect(errors.join('\n')).toMatch(/^release-train: --only rpm\/nope: the config has no such part/);
  });
});
