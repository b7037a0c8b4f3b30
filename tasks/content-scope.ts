// One part of the content config that a task can converge on its own: `access` (groups, users, content
// guards, container namespaces) or one repository, `<type>/<name>` (an image series is `image/<name>`). A deploy
// runs one task per scope or group of scopes (groupScopes), so a change to one repository reruns only its task.
import { ContentConfig } from '../config/content';

export type RepositoryType = 'rpm' | 'deb' | 'container' | 'file' | 'image';

/** Each type of repository with the list of the content config that holds it. */
const REPOSITORY_TYPES: readonly { readonly type: RepositoryType; readonly key: keyof ContentConfig }[] = [
  { type: 'rpm', key: 'rpm' },
  { type: 'deb', key: 'deb' },
  { type: 'container', key: 'container' },
  { type: 'file', key: 'file' },
  { type: 'image', key: 'images' },
];

export const ACCESS_SCOPE = 'access';

const EMPTY: ContentConfig = {
  rpm: [],
  deb: [],
  container: [],
  file: [],
  images: [],
  containerNamespaces: [],
  contentGuards: [],
  groups: [],
  users: [],
};

export interface ContentScope {
  /** `access` or `<type>/<name>`, as `--only` takes it. */
  readonly id: string;
  /** The content config restricted to this scope: what its task converges, and what its trigger hashes. */
  readonly content: ContentConfig;
  /** For a repository scope, its type and name. */
  readonly repository?: { readonly type: RepositoryType; readonly name: string };
}

/** The id of one repository's (or image series') scope, as `--only` takes it: `<type>/<name>`. */
export function repositoryScopeId(type: RepositoryType, name: string): string {
  return `${type}/${name}`;
}

/** The scopes of `content` in creation order: access first (when it has anything), then each repository. */
export function contentScopes(content: ContentConfig): ContentScope[] {
  const access: ContentConfig = {
    ...EMPTY,
    groups: content.groups,
    users: content.users,
    contentGuards: content.contentGuards,
    containerNamespaces: content.containerNamespaces,
  };
  const hasAccess = Object.values(access).some((entries: readonly unknown[] | undefined) => (entries?.length ?? 0) > 0);
  const scopes: ContentScope[] = hasAccess ? [{ id: ACCESS_SCOPE, content: access }] : [];
  for (const { type, key } of REPOSITORY_TYPES) {
    for (const repository of content[key] as readonly { readonly name: string }[]) {
      scopes.push({
        id: repositoryScopeId(type, repository.name),
        content: { ...EMPTY, [key]: [repository] },
        repository: { type, name: repository.name },
      });
    }
  }
  return scopes;
}

/**
 * A group of scopes that one deploy task converges: the real release train has over a thousand repositories,
 * too many tasks to review or to plan quickly, one each. Id `<type>:<key>`, which no scope id (`<type>/...`)
 * can be.
 */
export interface ScopeGroup {
  readonly id: string;
  readonly scopes: readonly ContentScope[];
  /** The union of its scopes' content. */
  readonly content: ContentConfig;
}

/** A container's image: its name after the namespace, without an old-scheme `<distro>-source-` prefix. */
export function containerImageOf(name: string): string {
  const last = name.slice(name.indexOf('/') + 1);
  return last.replace(/^[a-z0-9]+-source-/, '');
}

/**
 * The group of a scope (undefined: a task of its own): packages by type and sync group, container
 * repositories by image (every namespace, distro and scheme of it). Sync groups are the original's unit of
 * nightly work (at most 56 repositories), and an image's names change together; so a change to one
 * repository reruns at most its group, whose reconcile lists each type once and writes only what differs.
 */
export function groupKeyOf(scope: ContentScope): string | undefined {
  const type = scope.repository?.type;
  if (type === 'rpm' || type === 'deb') {
    const repository = (type === 'rpm' ? scope.content.rpm : scope.content.deb)[0];
    return `${type}:${repository.syncGroup ?? 'unsynced'}`;
  }
  if (type === 'container') return `container:${containerImageOf(scope.repository!.name)}`;
  return undefined;
}

/**
 * `scopes` grouped by `keyOf` (a scope without a key, or alone under its key, stays itself), in the order each
 * group first appears.
 */
export function groupScopes(
  scopes: readonly ContentScope[],
  keyOf: (scope: ContentScope) => string | undefined = groupKeyOf,
): (ScopeGroup | ContentScope)[] {
  const groups = new Map<string, ContentScope[]>();
  const out: (ContentScope[] | ContentScope)[] = [];
  for (const scope of scopes) {
    const key = keyOf(scope);
    if (key === undefined) {
      out.push(scope);
      continue;
    }
    let members = groups.get(key);
    if (!members) {
      members = [];
      groups.set(key, members);
      out.push(members);
    }
    members.push(scope);
  }
  const keys = new Map([...groups].map(([key, members]) => [members, key]));
  // A group of one is that scope: a task keeps the id and arguments it had before grouping, until a second
  // repository joins its group.
  return out.map((item) =>
    !Array.isArray(item)
      ? item
      : item.length === 1
        ? item[0]
        : { id: keys.get(item)!, scopes: item, content: mergeContent(item.map((s) => s.content)) },
  );
}

function mergeContent(parts: readonly ContentConfig[]): ContentConfig {
  const merged: Record<string, unknown[]> = {};
  for (const key of Object.keys(EMPTY)) merged[key] = parts.flatMap((p) => p[key as keyof ContentConfig] as unknown[]);
  return merged as unknown as ContentConfig;
}

/**
 * The content an `--only` flag selects: the whole config without one, else the scope (`access`,
 * `<type>/<name>`) or the group of scopes (`<type>:<key>`, as a deploy task names it) it names.
 */
export function selectContent(content: ContentConfig, only: string | undefined): ContentConfig {
  if (only === undefined) return content;
  const scopes = contentScopes(content);
  const found = scopes.find((scope) => scope.id === only);
  if (found) return found.content;
  const group = groupScopes(scopes).find((g) => g.id === only);
  if (group) return group.content;
  const known = scopes.map((scope) => scope.id);
  const shown = known.length > 8 ? [...known.slice(0, 8), `... (${known.length} in all)`] : known;
  throw new UnknownScopeError(`--only ${only}: the config has no such part (it has ${shown.join(', ') || 'none'})`);
}

/** `--only` named a part the config does not have. */
export class UnknownScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownScopeError';
  }
}
