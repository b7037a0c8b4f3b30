// The content config as the Pulp objects it stands for: what reconcile converges each Pulp towards.
import { ContentConfig, DebRepositoryConfig, RemoteCredentials } from '../config/content';
import { EntityKind } from '../pulp/entities';

/** A field that points at another desired object; resolved to its href when applied. */
export interface Reference {
  readonly ref: EntityKind;
  readonly key: string;
}

export type DesiredValue = string | number | boolean | null | readonly string[] | Reference;

export interface DesiredObject {
  readonly kind: EntityKind;
  /** Natural key: `name`, or `username` for users. */
  readonly key: string;
  /** The fields reconcile owns; fields left out are not compared. */
  readonly fields: Readonly<Record<string, DesiredValue>>;
  /** Write-only credentials, resolved from the environment; never printed. */
  readonly secret?: { readonly username?: string; readonly password: string };
  /** For a content guard, the groups given its downloader role; for a user, the groups it is in. */
  readonly groups?: readonly string[];
}

/** The environment variable a secret comes from was not set. */
export class MissingSecretError extends Error {
  constructor(
    public readonly variable: string,
    owner: string,
  ) {
    super(`environment variable ${variable} (the password of ${owner}) is not set`);
    this.name = 'MissingSecretError';
  }
}

export function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && 'ref' in value && 'key' in value;
}

export function remoteName(repository: string): string {
  return `${repository}-remote`;
}

/** A deb remote's dists, components and architectures; an absent list is Pulp's null (every one upstream has). */
export function debRemoteFields(repo: DebRepositoryConfig): Record<string, DesiredValue> {
  return {
    distributions: repo.distributions.join(' '),
    components: repo.components ? repo.components.join(' ') : null,
    architectures: repo.architectures ? repo.architectures.join(' ') : null,
  };
}

/** Every Pulp object the config describes, with secrets read from `env`. */
export function desiredObjects(content: ContentConfig, env: NodeJS.ProcessEnv = process.env): DesiredObject[] {
  const secret = (credentials: RemoteCredentials | undefined, owner: string) => {
    if (!credentials) return undefined;
    const password = env[credentials.passwordEnv];
    if (!password) throw new MissingSecretError(credentials.passwordEnv, owner);
    return { username: credentials.username, password };
  };
  const objects: DesiredObject[] = [];
  const remoteAndRepository = (
    remoteKind: EntityKind,
    repositoryKind: EntityKind,
    repo: { name: string; url?: string; sync?: boolean; credentials?: RemoteCredentials },
    remoteFields: Record<string, DesiredValue>,
  ) => {
    const synced = repo.url !== undefined && repo.sync !== false;
    if (synced) {
      const name = remoteName(repo.name);
      objects.push({
        kind: remoteKind,
        key: name,
        fields: { url: repo.url!, ...remoteFields },
        secret: secret(repo.credentials, `remote "${name}"`),
      });
    }
    objects.push({
      kind: repositoryKind,
      key: repo.name,
      fields: { remote: synced ? { ref: remoteKind, key: remoteName(repo.name) } : null },
    });
  };

  for (const group of content.groups) objects.push({ kind: 'group', key: group, fields: {} });
  for (const user of content.users) {
    const password = env[user.passwordEnv];
    if (!password) throw new MissingSecretError(user.passwordEnv, `user "${user.username}"`);
    objects.push({ kind: 'user', key: user.username, fields: {}, secret: { password }, groups: user.groups });
  }
  for (const guard of content.contentGuards) {
    objects.push({
      kind: 'rbac-content-guard',
      key: guard.name,
      fields: { description: guard.description || null },
      groups: guard.groups,
    });
  }
  for (const namespace of content.containerNamespaces) {
    objects.push({ kind: 'container-namespace', key: namespace.name, fields: {}, groups: namespace.consumers });
  }
  for (const repo of content.rpm) remoteAndRepository('rpm-remote', 'rpm-repository', repo, { policy: repo.policy });
  for (const repo of content.deb) {
    remoteAndRepository('deb-remote', 'deb-repository', repo, {
      policy: repo.policy,
      ...debRemoteFields(repo),
    });
  }
  for (const repo of content.container) {
    // A pushed repository is the registry's to make; reconcile owns only its distribution's privacy.
    if (repo.push) {
      objects.push({
        kind: 'container-distribution',
        key: repo.name,
        fields: { base_path: repo.name, private: repo.private },
      });
      continue;
    }
    remoteAndRepository('container-remote', 'container-repository', repo, {
      policy: repo.policy,
      upstream_name: repo.upstreamName ?? repo.name,
      include_tags: repo.includeTags.length > 0 ? repo.includeTags : null,
    });
    objects.push({
      kind: 'container-distribution',
      key: repo.name,
      fields: {
        base_path: repo.name,
        repository: { ref: 'container-repository', key: repo.name },
        private: repo.private,
      },
    });
  }
  for (const repo of content.file) remoteAndRepository('file-remote', 'file-repository', repo, { policy: 'immediate' });
  // An image series is a file repository that uploads fill; its distributions are made per build.
  for (const image of content.images) remoteAndRepository('file-remote', 'file-repository', image, {});
  return objects;
}
