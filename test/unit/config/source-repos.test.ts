// The `sourceRepos` section: GitHub repositories, teams, labels and release branch protections.
import { loadConfig, parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const SOURCE_REPOS = `sourceRepos:
  owner: stackhpc
  auth: { method: token }
  labels:
    - { name: gate, color: 5c55fb }
  teams:
    - { name: Release Train, maintainers: [alice], members: [bob] }
  repositories:
    - name: stackhpc-release-train
      visibility: public
      teams: { Release Train: push }
      branchProtections:
        - { pattern: main }
`;

const errorsOf = (text: string) => configErrorsOf(text);

describe('sourceRepos', () => {
  test('the example has the shape the release train manages today: teams, labels, 20 protected release branches', () => {
    const config = loadConfig().sourceRepos!;
    expect(config.owner).toBe('stackhpc');
    expect(config.auth).toEqual({ method: 'app', appId: '218102', installationId: '27194723' });
    expect(config.labels.map((l) => l.name)).toEqual([
      'arm64',
      'automated',
      'gate',
      'community-files',
      'magnum',
      'monitoring',
      'workflows',
      'ok-to-test',
    ]);
    expect(config.teams.map((t) => t.name)).toEqual(['Admins', 'Developers', 'Kayobe', 'OpenStack', 'ReleaseTrain']);
    const protections = config.repositories.flatMap((r) => r.branchProtections);
    expect(protections).toHaveLength(20);
    expect(config.repositories.flatMap((r) => Object.keys(r.teams))).toHaveLength(9);
    // The rule for the newest release branch is added after the takeover: created, not imported.
    const kayobe = config.repositories.find((r) => r.name === 'kayobe')!;
    expect(kayobe.branchProtections.filter((p) => !p.import).map((p) => p.pattern)).toEqual(['stackhpc/2026.1']);
    expect(kayobe.defaultBranch).toBe('stackhpc/2025.1');
  });

  test('defaults: closed teams, one approving review, no status checks, nothing imported, not archived', () => {
    const config = parseConfig(SOURCE_REPOS, 'site.yaml').sourceRepos!;
    expect(config.auth).toEqual({ method: 'token' });
    expect(config.labels).toEqual([{ name: 'gate', color: '5C55FB', description: undefined }]);
    expect(config.teams[0]).toMatchObject({ privacy: 'closed', import: false });
    expect(config.repositories[0]).toMatchObject({
      archived: false,
      import: false,
      topics: [],
      defaultBranch: undefined,
      teams: { 'Release Train': 'push' },
      branchProtections: [{ pattern: 'main', requiredReviews: 1, requiredStatusChecks: [], import: false }],
    });
  });

  test('a config without sourceRepos has no GitHub section, and needs no OpenStack for one', () => {
    expect(parseConfig('content: {}\n', 'site.yaml').sourceRepos).toBeUndefined();
    expect(parseConfig(SOURCE_REPOS, 'site.yaml').openstack).toBeUndefined();
  });

  test('a team a repository names must be one of sourceRepos.teams', () => {
    expect(errorsOf(SOURCE_REPOS.replace('{ Release Train: push }', '{ Release Trian: push }'))).toBe(
      'site.yaml:11:16 sourceRepos.repositories[0].teams.Release Trian: unknown key; did you mean "Release Train"? (expected one of: Release Train)',
    );
  });

  test('a user is a maintainer or a member of a team, never both', () => {
    expect(errorsOf(SOURCE_REPOS.replace('members: [bob]', 'members: [bob, Alice]'))).toBe(
      'site.yaml:7:67 sourceRepos.teams[0].members[1]: conflicting (expected each user in maintainers or members, got "Alice" in both, also at sourceRepos.teams[0].maintainers[0])',
    );
  });

  test('a pattern is protected once per repository, and an archived repository takes no protection', () => {
    const twice = SOURCE_REPOS.replace('- { pattern: main }', '- { pattern: main }\n        - { pattern: main }');
    expect(errorsOf(twice)).toMatch(
      /branchProtections\[1\]\.pattern: duplicate \(expected each pattern once per repository, got "main", also at .*branchProtections\[0\]\.pattern\)/,
    );
    expect(errorsOf(SOURCE_REPOS.replace('visibility: public', 'visibility: public\n      archived: true'))).toMatch(
      /repositories\[0\]\.branchProtections: conflicting \(expected no branch protections on an archived repository/,
    );
  });

  test('a new repository starts with main only: another default branch needs import: true', () => {
    const other = SOURCE_REPOS.replace(
      'visibility: public',
      'visibility: public\n      defaultBranch: stackhpc/2025.1',
    );
    expect(errorsOf(other)).toMatch(/repositories\[0\]\.defaultBranch: invalid value \(expected "main" on a new/);
    expect(
      parseConfig(other.replace('visibility: public', 'visibility: public\n      import: true'), 'site.yaml'),
    ).toBeDefined();
  });

  test('an unquoted colour of digits only is a number, and the message says to quote it', () => {
    expect(errorsOf(SOURCE_REPOS.replace('color: 5c55fb', 'color: 638475'))).toMatch(
      /labels\[0\]\.color: wrong type \(expected six hex digits such as "0E8A16" \(quoted: 638475 alone reads as a number\), got number 638475\)/,
    );
  });

  test('App IDs go only with method: app, and a token is never a config value', () => {
    expect(errorsOf(SOURCE_REPOS.replace('{ method: token }', '{ method: token, appId: 1 }'))).toMatch(
      /sourceRepos\.auth\.appId: conflicting keys \(expected appId only with method: app, got method: token\)/,
    );
    expect(errorsOf(SOURCE_REPOS.replace('{ method: token }', '{ method: token, token: ghp_abc }'))).toMatch(
      /sourceRepos\.auth\.token: unknown key/,
    );
    expect(errorsOf(SOURCE_REPOS.replace('{ method: token }', '{ method: app, appId: 218102 }'))).toMatch(
      /sourceRepos\.auth\.installationId: missing/,
    );
  });

  test('visibility has no default: taking over a private repository must never publish it', () => {
    expect(errorsOf(SOURCE_REPOS.replace('      visibility: public\n', ''))).toMatch(
      /repositories\[0\]\.visibility: missing \(expected one of public, private, internal\)/,
    );
  });

  test('GitHub limits: at most 20 topics, 0-6 approving reviews', () => {
    const topics = Array.from({ length: 21 }, (_, i) => `t${i}`).join(', ');
    expect(
      errorsOf(SOURCE_REPOS.replace('visibility: public', `visibility: public\n      topics: [${topics}]`)),
    ).toMatch(/repositories\[0\]\.topics: too many items \(expected at most 20, got 21\)/);
    expect(errorsOf(SOURCE_REPOS.replace('{ pattern: main }', '{ pattern: main, requiredReviews: 7 }'))).toMatch(
      /requiredReviews: invalid value \(expected an integer from 0 to 6, got number 7\)/,
    );
  });
});
