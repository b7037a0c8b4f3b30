// One part of the content config that a task can converge on its own: `access` (groups, users, content
// guards, container namespaces) or one repository, `<type>/<name>` (an image series is `image/<name>`). A deploy
// runs one task per scope, so a change to one repository reruns only that repository's task.
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

/** The content an `--only` flag selects: the whole config without one, else the scope it names. */
export function selectContent(content: ContentConfig, only: string | undefined): ContentConfig {
  if (only === undefined) return content;
  const scopes = contentScopes(content);
  const found = scopes.find((scope) => scope.id === only);
  if (found) return found.content;
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
