// One declarative definition per Pulp entity type: where it lives, its natural key, which fields may be
// cleared with null, whether it carries labels, and the per-version quirks of its body.

/** Component versions as `GET /status/` reports them, e.g. `{core: '3.85.34', container: '2.27.14'}`. */
export type ComponentVersions = Readonly<Record<string, string>>;

export type EntityKind =
  | 'group'
  | 'user'
  | 'rbac-content-guard'
  | 'rpm-remote'
  | 'deb-remote'
  | 'container-remote'
  | 'file-remote'
  | 'container-namespace'
  | 'rpm-repository'
  | 'deb-repository'
  | 'container-repository'
  | 'file-repository'
  | 'container-distribution';

export interface EntityDefinition {
  readonly kind: EntityKind;
  /** Words for messages, e.g. `rpm remote`. */
  readonly label: string;
  /** List and create endpoint under the API root. */
  readonly path: string;
  readonly keyField: 'name' | 'username';
  /** Whether the type has `pulp_labels` (then reconcile marks what it manages). */
  readonly labels: boolean;
  /** Fields that are null rather than absent when unset. */
  readonly nullables: readonly string[];
  /** Rewrites a body for the server's version (fields renamed across plugin releases). */
  readonly preprocess?: (body: Record<string, unknown>, versions: ComponentVersions) => Record<string, unknown>;
  /** Reads a field that has a version-dependent name back under its desired name. */
  readonly readField?: (actual: Record<string, unknown>, field: string) => unknown;
  /** The object-level role reconcile gives to exactly an object's configured `groups`. */
  readonly groupRole?: string;
  /** Objects that one of this kind needs to exist first without a field naming them (a namespace by path). */
  readonly implies?: (key: string) => readonly { readonly ref: EntityKind; readonly key: string }[];
}

/** `x.y.z` compared with a minimum `x.y`. */
function atLeast(version: string | undefined, minimum: string): boolean {
  if (!version) return false;
  const [major, minor] = version.split('.').map(Number);
  const [minMajor, minMinor] = minimum.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

const REMOTE_NULLABLES = [
  'username',
  'password',
  'ca_cert',
  'client_cert',
  'client_key',
  'proxy_url',
  'download_concurrency',
];

export const ENTITIES: Readonly<Record<EntityKind, EntityDefinition>> = {
  group: { kind: 'group', label: 'group', path: 'groups/', keyField: 'name', labels: false, nullables: [] },
  user: { kind: 'user', label: 'user', path: 'users/', keyField: 'username', labels: false, nullables: [] },
  'rbac-content-guard': {
    kind: 'rbac-content-guard',
    label: 'RBAC content guard',
    path: 'contentguards/core/rbac/',
    keyField: 'name',
    labels: false,
    nullables: ['description'],
    groupRole: 'core.rbaccontentguard_downloader',
  },
  // Namespaces cannot be updated (so they carry no label) and deleting one deletes its distributions, so
  // reconcile only ever creates them and converges who may pull.
  'container-namespace': {
    kind: 'container-namespace',
    label: 'container namespace',
    path: 'pulp_container/namespaces/',
    keyField: 'name',
    labels: false,
    nullables: [],
    groupRole: 'container.containernamespace_consumer',
  },
  'rpm-remote': {
    kind: 'rpm-remote',
    label: 'rpm remote',
    path: 'remotes/rpm/rpm/',
    keyField: 'name',
    labels: true,
    nullables: REMOTE_NULLABLES,
  },
  'deb-remote': {
    kind: 'deb-remote',
    label: 'deb remote',
    path: 'remotes/deb/apt/',
    keyField: 'name',
    labels: true,
    nullables: [...REMOTE_NULLABLES, 'architectures', 'components'],
  },
  'container-remote': {
    kind: 'container-remote',
    label: 'container remote',
    path: 'remotes/container/container/',
    keyField: 'name',
    labels: true,
    nullables: [...REMOTE_NULLABLES, 'include_tags', 'includes'],
    // pulp_container 2.28 renamed include_tags to includes (include_tags became a write-only alias).
    preprocess: (body, versions) => {
      if (!('include_tags' in body) || !atLeast(versions.container, '2.28')) return body;
      const { include_tags: includes, ...rest } = body;
      return { ...rest, includes };
    },
    readField: (actual, field) => (field === 'include_tags' && 'includes' in actual ? actual.includes : actual[field]),
  },
  'file-remote': {
    kind: 'file-remote',
    label: 'file remote',
    path: 'remotes/file/file/',
    keyField: 'name',
    labels: true,
    nullables: REMOTE_NULLABLES,
  },
  'rpm-repository': {
    kind: 'rpm-repository',
    label: 'rpm repository',
    path: 'repositories/rpm/rpm/',
    keyField: 'name',
    labels: true,
    nullables: ['description', 'remote', 'retain_repo_versions'],
  },
  'deb-repository': {
    kind: 'deb-repository',
    label: 'deb repository',
    path: 'repositories/deb/apt/',
    keyField: 'name',
    labels: true,
    nullables: ['description', 'remote', 'retain_repo_versions'],
  },
  'container-repository': {
    kind: 'container-repository',
    label: 'container repository',
    path: 'repositories/container/container/',
    keyField: 'name',
    labels: true,
    nullables: ['description', 'remote', 'retain_repo_versions'],
  },
  'file-repository': {
    kind: 'file-repository',
    label: 'file repository',
    path: 'repositories/file/file/',
    keyField: 'name',
    labels: true,
    nullables: ['description', 'remote', 'retain_repo_versions'],
  },
  'container-distribution': {
    kind: 'container-distribution',
    label: 'container distribution',
    path: 'distributions/container/container/',
    keyField: 'name',
    labels: true,
    nullables: ['repository', 'repository_version', 'description'],
    // Pulp makes a missing namespace itself, without the consumers reconcile gives the configured one.
    implies: (key) => (key.includes('/') ? [{ ref: 'container-namespace', key: key.split('/')[0] }] : []),
  },
};

/**
 * The order in which kinds are created, in stages: a kind refers only to kinds of earlier stages (users and
 * guards to groups, repositories to remotes, distributions to repositories and namespaces). Reconcile waits
 * only for the objects one needs, and starts ready objects of later stages first; prune deletes stage by
 * stage in reverse.
 */
export const CREATION_STAGES: readonly (readonly EntityKind[])[] = [
  ['group'],
  ['user', 'rbac-content-guard', 'container-namespace', 'rpm-remote', 'deb-remote', 'container-remote', 'file-remote'],
  ['rpm-repository', 'deb-repository', 'container-repository', 'file-repository'],
  ['container-distribution'],
];
