// The `sourceRepos` section: source-code repositories on GitHub as code (DOMAIN.md §7, `terraform/github`).
// Same reader and error format as the rest of the config; cross-entry rules (a team a repository names, a
// user both maintainer and member, a pattern protected twice) are checked at their positions.
import {
  BranchProtectionConfig,
  GitHubAuthConfig,
  IssueLabelConfig,
  SourceReposConfig,
  SourceRepositoryConfig,
  TeamConfig,
  TeamPermission,
} from './model';
import { ValuePattern } from './patterns';
import { formatKeyPath, KeyPath, YamlReader } from './reader';

/** GitHub's rule for user and organisation names. */
const GITHUB_LOGIN: ValuePattern = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
  expected: 'a GitHub user or organisation name (letters, digits and single hyphens, at most 39)',
};
const REPOSITORY_NAME: ValuePattern = {
  pattern: /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/,
  expected: 'a repository name of letters, digits, ".", "_" or "-" (at most 100)',
};
/** Team names map to slugs (teamSlug) that import blocks use, so they stay simple. */
const TEAM_NAME: ValuePattern = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,62}[A-Za-z0-9])?$/,
  expected: 'a team name of letters, digits, spaces or "-" (at most 64)',
};
const LABEL_NAME: ValuePattern = {
  pattern: /^\S(?:.{0,48}\S)?$/,
  expected: 'a label name without leading or trailing spaces (at most 50 characters)',
};
const COLOR: ValuePattern = {
  pattern: /^[0-9A-Fa-f]{6}$/,
  expected: 'six hex digits such as "0E8A16" (quoted: 638475 alone reads as a number)',
};
const DESCRIPTION: ValuePattern = { pattern: /^[^\n]{1,350}$/, expected: 'one line of at most 350 characters' };
const LABEL_DESCRIPTION: ValuePattern = { pattern: /^[^\n]{1,100}$/, expected: 'one line of at most 100 characters' };
const BRANCH: ValuePattern = {
  pattern: /^(?!.*\.\.)[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
  expected: 'a branch name such as main or stackhpc/2024.1',
};
const BRANCH_PATTERN: ValuePattern = {
  pattern: /^[^\s:]{1,255}$/,
  expected: 'a branch name pattern without spaces or ":", such as stackhpc/2024.1 or smslab/202[0-9].[1-2]',
};
const TOPIC: ValuePattern = {
  pattern: /^[a-z0-9][a-z0-9-]{0,49}$/,
  expected: 'a topic of lowercase letters, digits or "-" (at most 50)',
};
const STATUS_CHECK: ValuePattern = {
  pattern: /^\S(?:[^\n]{0,253}\S)?$/,
  expected: 'a status check name without leading or trailing spaces',
};
const PERMISSIONS: readonly TeamPermission[] = ['pull', 'triage', 'push', 'maintain', 'admin'];
/** GitHub's limits. */
const MAX_TOPICS = 20;
const MAX_REQUIRED_REVIEWS = 6;

/** Reads `sourceRepos`; absent means no `source-repos` stack. */
export function readSourceRepos(reader: YamlReader, at: KeyPath): SourceReposConfig | undefined {
  if (!reader.has(at)) return undefined;
  if (!reader.object(at, ['owner', 'auth', 'labels', 'teams', 'repositories'])) return undefined;
  // The names repositories may refer to, known before the teams are read so that issues stay in file order.
  const teamNames = Array.from({ length: reader.listLength([...at, 'teams']) }, (_, i) =>
    String((reader.node([...at, 'teams', i, 'name']) as { value?: string | number } | undefined)?.value ?? ''),
  ).filter(Boolean);
  return {
    owner: reader.string([...at, 'owner'], GITHUB_LOGIN) ?? '',
    auth: readAuth(reader, [...at, 'auth']),
    labels: reader.namedList([...at, 'labels'], 'label', (item) => readLabel(reader, item)),
    teams: reader.namedList([...at, 'teams'], 'team', (item) => readTeam(reader, item)),
    repositories: reader.namedList([...at, 'repositories'], 'repository', (item) =>
      readRepository(reader, item, teamNames),
    ),
  };
}

function readAuth(reader: YamlReader, at: KeyPath): GitHubAuthConfig {
  if (!reader.object(at, ['method', 'appId', 'installationId'])) return { method: 'token' };
  const method = reader.oneOf([...at, 'method'], ['token', 'app'] as const);
  if (method !== 'app') {
    for (const key of ['appId', 'installationId'].filter((k) => method === 'token' && reader.has([...at, k])))
      reader.error([...at, key], `conflicting keys (expected ${key} only with method: app, got method: token)`);
    return { method: 'token' };
  }
  const id = (key: string) => String(reader.integer([...at, key], { min: 1, max: Number.MAX_SAFE_INTEGER }) ?? '');
  return { method, appId: id('appId'), installationId: id('installationId') };
}

function readLabel(reader: YamlReader, at: KeyPath): IssueLabelConfig {
  reader.object(at, ['name', 'color', 'description']);
  return {
    name: reader.string([...at, 'name'], LABEL_NAME) ?? '',
    color: (reader.string([...at, 'color'], COLOR) ?? '').toUpperCase(),
    description: reader.optionalString([...at, 'description'], LABEL_DESCRIPTION),
  };
}

function readTeam(reader: YamlReader, at: KeyPath): TeamConfig {
  reader.object(at, ['name', 'description', 'privacy', 'maintainers', 'members', 'import']);
  const maintainers = reader.stringList([...at, 'maintainers'], { ...GITHUB_LOGIN, default: [] });
  const members = reader.stringList([...at, 'members'], { ...GITHUB_LOGIN, default: [] });
  members.forEach((user, i) => {
    const maintainer = maintainers.findIndex((m) => m.toLowerCase() === user.toLowerCase());
    if (maintainer >= 0)
      reader.error(
        [...at, 'members', i],
        `conflicting (expected each user in maintainers or members, got ${JSON.stringify(user)} in both, also at ${formatKeyPath([...at, 'maintainers', maintainer])})`,
      );
  });
  return {
    name: reader.string([...at, 'name'], TEAM_NAME) ?? '',
    description: reader.optionalString([...at, 'description'], DESCRIPTION),
    privacy: reader.oneOf([...at, 'privacy'], ['closed', 'secret'] as const, 'closed') ?? 'closed',
    maintainers,
    members,
    import: reader.boolean([...at, 'import'], false),
  };
}

function readRepository(reader: YamlReader, at: KeyPath, teamNames: readonly string[]): SourceRepositoryConfig {
  reader.object(at, [
    'name',
    'description',
    'visibility',
    'defaultBranch',
    'topics',
    'archived',
    'teams',
    'branchProtections',
    'import',
  ]);
  const name = reader.string([...at, 'name'], REPOSITORY_NAME) ?? '';
  const description = reader.optionalString([...at, 'description'], DESCRIPTION);
  const visibility = reader.oneOf([...at, 'visibility'], ['public', 'private', 'internal'] as const) ?? 'private';
  const imported = reader.boolean([...at, 'import'], false);
  const defaultBranch = reader.optionalString([...at, 'defaultBranch'], BRANCH);
  if (defaultBranch !== undefined && defaultBranch !== 'main' && !imported)
    reader.error(
      [...at, 'defaultBranch'],
      `invalid value (expected "main" on a new repository, which starts with main only, or import: true for an existing one; got ${JSON.stringify(defaultBranch)})`,
    );
  const topics = reader.stringList([...at, 'topics'], { ...TOPIC, default: [] });
  if (topics.length > MAX_TOPICS)
    reader.error([...at, 'topics'], `too many items (expected at most ${MAX_TOPICS}, got ${topics.length})`);
  const archived = reader.boolean([...at, 'archived'], false);
  const teams = readTeamPermissions(reader, [...at, 'teams'], teamNames);
  const protections = [...at, 'branchProtections'];
  const branchProtections = Array.from({ length: reader.listLength(protections) }, (_, i) =>
    readBranchProtection(reader, [...protections, i], imported),
  );
  checkUniquePatterns(reader, protections, branchProtections);
  if (archived && branchProtections.length > 0)
    reader.error(
      protections,
      'conflicting (expected no branch protections on an archived repository: GitHub keeps it read-only)',
    );
  return {
    name,
    description,
    visibility,
    defaultBranch,
    topics,
    archived,
    teams,
    branchProtections,
    import: imported,
  };
}

function readTeamPermissions(
  reader: YamlReader,
  at: KeyPath,
  teamNames: readonly string[],
): Record<string, TeamPermission> {
  if (!reader.has(at)) return {};
  if (teamNames.length === 0) {
    reader.error(at, 'dangling reference (expected names of sourceRepos.teams, but it has none)');
    return {};
  }
  if (!reader.names(at, { allowed: teamNames })) return {};
  return Object.fromEntries(
    reader.keys(at).flatMap((team) => {
      const permission = reader.oneOf([...at, team], PERMISSIONS);
      return teamNames.includes(team) && permission ? [[team, permission]] : [];
    }),
  );
}

function readBranchProtection(reader: YamlReader, at: KeyPath, repositoryImported: boolean): BranchProtectionConfig {
  reader.object(at, ['pattern', 'requiredReviews', 'requiredStatusChecks', 'import']);
  return {
    pattern: reader.string([...at, 'pattern'], BRANCH_PATTERN) ?? '',
    requiredReviews: reader.integer([...at, 'requiredReviews'], { min: 0, max: MAX_REQUIRED_REVIEWS, default: 1 }) ?? 0,
    requiredStatusChecks: reader.stringList([...at, 'requiredStatusChecks'], { ...STATUS_CHECK, default: [] }),
    import: reader.boolean([...at, 'import'], repositoryImported),
  };
}

function checkUniquePatterns(reader: YamlReader, at: KeyPath, protections: readonly BranchProtectionConfig[]): void {
  const first = new Map<string, number>();
  protections.forEach(({ pattern }, i) => {
    const seen = first.get(pattern);
    if (seen === undefined) first.set(pattern, i);
    else
      reader.error(
        [...at, i, 'pattern'],
        `duplicate (expected each pattern once per repository, got ${JSON.stringify(pattern)}, also at ${formatKeyPath([...at, seen, 'pattern'])})`,
      );
  });
}
