import {
  ContainerRepositoryConfig,
  ContentConfig,
  ContainerNamespaceConfig,
  ContentGuardConfig,
  DEB_PUBLICATION_MODES,
  DebRepositoryConfig,
  DownloadPolicy,
  FileRepositoryConfig,
  ImageConfig,
  Publication,
  RemoteCredentials,
  RpmRepositoryConfig,
  UserConfig,
} from './content';
import { expandMatrix, NamespaceSettings, readContainerMatrix } from './container-matrix';
import { ValuePattern } from './patterns';
import { formatKeyPath, KeyPath, YamlReader } from './reader';

const POLICIES: readonly DownloadPolicy[] = ['immediate', 'on_demand', 'streamed'];
const PULP_NAME: ValuePattern = { pattern: /^\S(.{0,253}\S)?$/, expected: 'a name without leading or trailing spaces' };
const URL: ValuePattern = { pattern: /^(https?|file):\/\/\S+$/, expected: 'an http(s) or file URL' };
const ENV_VAR: ValuePattern = { pattern: /^[A-Z_][A-Z0-9_]*$/, expected: 'an environment variable name' };
const BASE_PATH_PREFIX: ValuePattern = {
  pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/$/,
  expected: 'a relative path ending in "/"',
};
const BASE_PATH: ValuePattern = {
  pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
  expected: 'a relative path without a trailing "/"',
};
// The snapshot version is appended as it is: without the "-", `mariadb-10.5-centos8` would name snapshots
// `mariadb-10.5-centos820260821T000000` (the original does; two of its entries lack the "-"). Refused rather
// than normalised, because a silently added "-" would stop matching the snapshots Ark already holds under the
// old names, and the prefix is what every tool (snapshot, promote, cleanup) searches by.
const DISTRIBUTION_PREFIX: ValuePattern = {
  pattern: /^\S(.{0,252}\S)?-$/,
  expected: 'a name prefix ending in "-" (the snapshot version is appended to it)',
};
const SHORT_NAME: ValuePattern = { pattern: /^[a-z0-9_]+$/, expected: 'lowercase letters, digits and "_"' };
// An image's pin is `stackhpc_<shortName>_version`; a package's is `stackhpc_pulp_repo_<shortName>_version`.
const IMAGE_SHORT_NAME: ValuePattern = {
  pattern: /^(?!pulp_repo_)[a-z0-9_]+$/,
  expected: 'lowercase letters, digits and "_", not starting with "pulp_repo_"',
};
const FILE_NAME: ValuePattern = {
  pattern: /^(?!PULP_MANIFEST$)[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/,
  expected: 'a file name without "/" (and not PULP_MANIFEST)',
};
const CONTAINER_NAME: ValuePattern = {
  pattern: /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/,
  expected: 'a registry path such as stackhpc/nova-api',
};
const CONTAINER_NAMESPACE: ValuePattern = {
  pattern: /^[a-z0-9]+([._-][a-z0-9]+)*$/,
  expected: 'a registry namespace such as stackhpc',
};
const WORD: ValuePattern = { pattern: /^[A-Za-z0-9._/-]+$/, expected: 'a single word' };
const TAG_PATTERN: ValuePattern = { pattern: /^[A-Za-z0-9_.*?-]+$/, expected: 'a tag or a pattern with * and ?' };

const SYNCED_KEYS = ['name', 'url', 'policy', 'sync', 'syncGroup', 'remoteUsername', 'remotePasswordEnv'];
const PUBLISHED_KEYS = ['publish', 'basePath', 'shortName', 'distributionName'];

/** Reads the `content` section; cross-entry rules (duplicates, overlaps, references) are checked too. */
export function readContent(reader: YamlReader, at: KeyPath): ContentConfig {
  reader.object(
    at,
    [
      'rpm',
      'deb',
      'container',
      'containerMatrix',
      'file',
      'images',
      'containerNamespaces',
      'contentGuards',
      'groups',
      'users',
    ],
    false,
  );
  // Read in this order so that problems are listed in the file's order of sections.
  const rpm = items(reader, [...at, 'rpm'], readRpm);
  const deb = items(reader, [...at, 'deb'], readDeb);
  const containers = readContainers(reader, at);
  const content: ContentConfig = {
    rpm,
    deb,
    container: containers.entries,
    file: items(reader, [...at, 'file'], readFile),
    images: items(reader, [...at, 'images'], readImage),
    containerNamespaces: items(reader, [...at, 'containerNamespaces'], readNamespace),
    contentGuards: items(reader, [...at, 'contentGuards'], readGuard),
    groups: reader.stringList([...at, 'groups'], { ...PULP_NAME, default: [] }),
    users: items(reader, [...at, 'users'], readUser),
  };
  const containerNames = content.container.map((c, i) => ({ path: containers.paths[i], value: c.name }));
  checkUnique(reader, at, content, containerNames);
  checkBasePaths(reader, at, content, containerNames);
  checkGroupReferences(reader, at, content);
  return content;
}

function items<T>(reader: YamlReader, at: KeyPath, read: (reader: YamlReader, at: KeyPath) => T): T[] {
  return Array.from({ length: reader.listLength(at) }, (_, index) => read(reader, [...at, index]));
}

function readSynced(reader: YamlReader, at: KeyPath) {
  const sync = reader.boolean([...at, 'sync'], true);
  const url = sync ? reader.string([...at, 'url'], URL) : reader.optionalString([...at, 'url'], URL);
  return {
    name: reader.string([...at, 'name'], PULP_NAME) ?? '',
    url,
    policy: reader.oneOf([...at, 'policy'], POLICIES, 'immediate')!,
    sync,
    syncGroup: sync ? reader.string([...at, 'syncGroup'], WORD) : reader.optionalString([...at, 'syncGroup'], WORD),
    credentials: readCredentials(reader, at),
    publication: readPublication(reader, at),
  };
}

function readCredentials(reader: YamlReader, at: KeyPath): RemoteCredentials | undefined {
  const username = reader.optionalString([...at, 'remoteUsername'], PULP_NAME);
  const passwordEnv = reader.optionalString([...at, 'remotePasswordEnv'], ENV_VAR);
  if (reader.has([...at, 'remoteUsername']) !== reader.has([...at, 'remotePasswordEnv'])) {
    const missing = reader.has([...at, 'remoteUsername']) ? 'remotePasswordEnv' : 'remoteUsername';
    reader.error([...at, missing], 'missing (expected remoteUsername and remotePasswordEnv together)');
  }
  return username && passwordEnv ? { username, passwordEnv } : undefined;
}

function readPublication(reader: YamlReader, at: KeyPath): Publication | undefined {
  if (!reader.boolean([...at, 'publish'], true)) return undefined;
  return {
    basePath: reader.string([...at, 'basePath'], BASE_PATH_PREFIX) ?? '',
    shortName: reader.string([...at, 'shortName'], SHORT_NAME) ?? '',
    distributionName: reader.string([...at, 'distributionName'], DISTRIBUTION_PREFIX) ?? '',
  };
}

const DEB_ONLY = 'a deb key (rpm repositories have none)';
/** Keys of the other package type, each with what this type says instead. */
const RPM_MISPLACED: Readonly<Record<string, string>> = {
  mirror: 'mirror is the deb key; an rpm repository says syncPolicy: mirror_complete, mirror_content_only or additive',
  mode: `mode is ${DEB_ONLY}: rpm publications have one layout`,
  distributions: `distributions is ${DEB_ONLY}`,
  components: `components is ${DEB_ONLY}`,
  architectures: `architectures is ${DEB_ONLY}: an rpm repository's url names its architecture`,
};
const DEB_MISPLACED: Readonly<Record<string, string>> = {
  syncPolicy:
    'syncPolicy is the rpm key; a deb repository says mirror: true (remove what upstream removed, like ' +
    'mirror_complete and mirror_content_only) or mirror: false (additive)',
};

function readRpm(reader: YamlReader, at: KeyPath): RpmRepositoryConfig {
  reader.object(at, [...SYNCED_KEYS, ...PUBLISHED_KEYS, 'syncPolicy'], true, RPM_MISPLACED);
  return {
    ...readSynced(reader, at),
    syncPolicy: reader.oneOf(
      [...at, 'syncPolicy'],
      ['mirror_complete', 'mirror_content_only', 'additive'] as const,
      'mirror_complete',
    )!,
  };
}

function readDeb(reader: YamlReader, at: KeyPath): DebRepositoryConfig {
  reader.object(
    at,
    [...SYNCED_KEYS, ...PUBLISHED_KEYS, 'distributions', 'components', 'architectures', 'mirror', 'mode'],
    true,
    DEB_MISPLACED,
  );
  const synced = readSynced(reader, at);
  // pulp_deb's remote requires its dists: Ark's remote (synced) and a mirror's (published) both need them.
  const needsDistributions = synced.sync || synced.publication !== undefined;
  const distributions = reader.has([...at, 'distributions'])
    ? reader.stringList([...at, 'distributions'], { ...WORD, minItems: 1 })
    : [];
  if (needsDistributions && !reader.has([...at, 'distributions'])) {
    reader.error(
      [...at, 'distributions'],
      "missing (expected a list of dists such as [noble, noble-updates]: pulp_deb's remote requires them; " +
        'only an entry with sync: false and publish: false may leave them out)',
    );
  }
  return {
    ...synced,
    distributions,
    components: optionalList(reader, [...at, 'components']),
    architectures: optionalList(reader, [...at, 'architectures']),
    mirror: reader.boolean([...at, 'mirror'], true),
    mode: reader.oneOf([...at, 'mode'], DEB_PUBLICATION_MODES, 'structured')!,
  };
}

/** A list that, absent, means "every one upstream has" (Pulp's null); given, it names at least one. */
function optionalList(reader: YamlReader, at: KeyPath): string[] | undefined {
  return reader.has(at) ? reader.stringList(at, { ...WORD, minItems: 1 }) : undefined;
}

const CONTAINER_SETTING_KEYS = [
  'url',
  'policy',
  'includeTags',
  'private',
  'remoteUsername',
  'remotePasswordEnv',
  'push',
];

function readContainer(reader: YamlReader, at: KeyPath): ContainerRepositoryConfig {
  reader.object(at, ['name', 'upstreamName', ...CONTAINER_SETTING_KEYS]);
  return {
    name: reader.string([...at, 'name'], CONTAINER_NAME) ?? '',
    ...readContainerSettings(reader, at),
    upstreamName: reader.optionalString([...at, 'upstreamName'], WORD),
  };
}

/** What a container entry says besides its names: shared by hand-written entries and a matrix's namespaces. */
function readContainerSettings(reader: YamlReader, at: KeyPath): NamespaceSettings {
  const push = reader.boolean([...at, 'push'], false);
  if (push && reader.has([...at, 'url']))
    reader.error([...at, 'url'], 'not allowed with push: true (expected a pushed repository or a synced one)');
  return {
    url: reader.optionalString([...at, 'url'], URL),
    policy: reader.oneOf([...at, 'policy'], POLICIES, 'immediate')!,
    includeTags: reader.stringList([...at, 'includeTags'], { ...TAG_PATTERN, default: [] }),
    private: reader.boolean([...at, 'private'], true),
    credentials: readCredentials(reader, at),
    push,
  };
}

function readMatrixNamespace(reader: YamlReader, at: KeyPath): { name: string; settings: NamespaceSettings } {
  reader.object(at, ['name', ...CONTAINER_SETTING_KEYS]);
  return {
    name: reader.string([...at, 'name'], CONTAINER_NAMESPACE) ?? '',
    settings: readContainerSettings(reader, at),
  };
}

/**
 * The container entries: hand-written ones, then each matrix's expansion, with the path a problem with each
 * is reported at (a hand-written entry's name, or the matrix's image line).
 */
function readContainers(reader: YamlReader, at: KeyPath): { entries: ContainerRepositoryConfig[]; paths: KeyPath[] } {
  const written = items(reader, [...at, 'container'], readContainer);
  const entries = [...written];
  const paths: KeyPath[] = written.map((_, i) => [...at, 'container', i, 'name']);
  for (let m = 0; m < reader.listLength([...at, 'containerMatrix']); m++) {
    const matrixAt = [...at, 'containerMatrix', m];
    const matrix = readContainerMatrix(reader, matrixAt, (nsAt) => readMatrixNamespace(reader, nsAt));
    for (const { name, namespace, image } of expandMatrix(matrix)) {
      entries.push({ name, ...matrix.namespaces[namespace].settings });
      paths.push([...matrixAt, 'images', image]);
    }
  }
  return { entries, paths };
}

function readNamespace(reader: YamlReader, at: KeyPath): ContainerNamespaceConfig {
  reader.object(at, ['name', 'consumers']);
  return {
    name: reader.string([...at, 'name'], CONTAINER_NAMESPACE) ?? '',
    consumers: reader.stringList([...at, 'consumers'], { ...PULP_NAME, default: [] }),
  };
}

function readFile(reader: YamlReader, at: KeyPath): FileRepositoryConfig {
  reader.object(at, ['name', 'basePath', 'url']);
  return {
    name: reader.string([...at, 'name'], PULP_NAME) ?? '',
    basePath: reader.string([...at, 'basePath'], BASE_PATH) ?? '',
    url: reader.optionalString([...at, 'url'], URL),
  };
}

function readImage(reader: YamlReader, at: KeyPath): ImageConfig {
  reader.object(at, ['name', 'basePath', 'shortName', 'files']);
  return {
    name: reader.string([...at, 'name'], PULP_NAME) ?? '',
    basePath: reader.string([...at, 'basePath'], BASE_PATH) ?? '',
    shortName: reader.string([...at, 'shortName'], IMAGE_SHORT_NAME) ?? '',
    files: reader.stringList([...at, 'files'], { ...FILE_NAME, minItems: 1, default: [] }),
  };
}

function readGuard(reader: YamlReader, at: KeyPath): ContentGuardConfig {
  reader.object(at, ['name', 'description', 'groups']);
  return {
    name: reader.string([...at, 'name'], PULP_NAME) ?? '',
    description: reader.optionalString([...at, 'description']) ?? '',
    groups: reader.stringList([...at, 'groups'], { ...PULP_NAME, default: [] }),
  };
}

function readUser(reader: YamlReader, at: KeyPath): UserConfig {
  reader.object(at, ['username', 'groups', 'passwordEnv']);
  return {
    username: reader.string([...at, 'username'], PULP_NAME) ?? '',
    groups: reader.stringList([...at, 'groups'], { ...PULP_NAME, default: [] }),
    passwordEnv: reader.string([...at, 'passwordEnv'], ENV_VAR) ?? '',
  };
}

/** A value at a key path, for the cross-entry checks. */
interface Located {
  readonly path: KeyPath;
  readonly value: string;
}

function located<T>(
  at: KeyPath,
  kind: string,
  entries: readonly T[],
  key: string,
  value: (entry: T) => string | undefined,
): Located[] {
  return entries.flatMap((entry, index) => {
    const v = value(entry);
    return v ? [{ path: [...at, kind, index, key], value: v }] : [];
  });
}

function reportDuplicates(reader: YamlReader, values: readonly Located[], what: string): void {
  const first = new Map<string, Located>();
  for (const item of values) {
    const seen = first.get(item.value);
    if (seen) {
      reader.error(
        item.path,
        `duplicate (expected a unique ${what}, got ${JSON.stringify(item.value)}, also at ${formatKeyPath(seen.path)})`,
      );
    } else {
      first.set(item.value, item);
    }
  }
}

function checkUnique(reader: YamlReader, at: KeyPath, content: ContentConfig, containerNames: Located[]): void {
  // Pulp's names are unique across all repository types, and across all distribution types.
  reportDuplicates(
    reader,
    [
      ...located(at, 'rpm', content.rpm, 'name', (r) => r.name),
      ...located(at, 'deb', content.deb, 'name', (r) => r.name),
      ...containerNames,
      ...located(at, 'file', content.file, 'name', (r) => r.name),
      ...located(at, 'images', content.images, 'name', (r) => r.name),
    ],
    'repository name (across rpm, deb, container and file)',
  );
  reportDuplicates(
    reader,
    located(at, 'images', content.images, 'shortName', (r) => r.shortName),
    'image short name',
  );
  reportDuplicates(
    reader,
    [
      ...located(at, 'rpm', content.rpm, 'shortName', (r) => r.publication?.shortName),
      ...located(at, 'deb', content.deb, 'shortName', (r) => r.publication?.shortName),
    ],
    'short name (across rpm and deb)',
  );
  reportDuplicates(
    reader,
    [
      ...located(at, 'rpm', content.rpm, 'distributionName', (r) => r.publication?.distributionName),
      ...located(at, 'deb', content.deb, 'distributionName', (r) => r.publication?.distributionName),
    ],
    'distribution name (across rpm and deb)',
  );
  reportDuplicates(
    reader,
    located(at, 'contentGuards', content.contentGuards, 'name', (g) => g.name),
    'content guard name',
  );
  reportDuplicates(
    reader,
    located(at, 'containerNamespaces', content.containerNamespaces, 'name', (n) => n.name),
    'container namespace',
  );
  reportDuplicates(
    reader,
    located(at, 'users', content.users, 'username', (u) => u.username),
    'username',
  );
  // Repeated groups are refused by stringList, like every other list of strings.
}

/** Pulp rejects a distribution base path equal to, inside or above another one, whatever the types. */
function checkBasePaths(reader: YamlReader, at: KeyPath, content: ContentConfig, containerNames: Located[]): void {
  const paths = [
    ...located(at, 'rpm', content.rpm, 'basePath', (r) => r.publication?.basePath),
    ...located(at, 'deb', content.deb, 'basePath', (r) => r.publication?.basePath),
    ...containerNames,
    ...located(at, 'file', content.file, 'basePath', (r) => r.basePath),
    ...located(at, 'images', content.images, 'basePath', (r) => r.basePath),
  ].map((item) => ({ ...item, value: item.value.replace(/\/$/, '') }));
  // The first earlier path nested with each one, found through maps (a real-sized config has over a thousand
  // base paths, too many to compare pairwise): an earlier path equal to the path or one of its ancestors,
  // or the first earlier one below it.
  const firstAt = new Map<string, number>();
  const firstBelow = new Map<string, number>();
  paths.forEach((item, index) => {
    const segments = item.value.split('/');
    const ancestorsAndSelf = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    const candidates = [...ancestorsAndSelf.map((p) => firstAt.get(p)), firstBelow.get(item.value)];
    const earliest = Math.min(...candidates.map((c) => c ?? Infinity));
    if (earliest !== Infinity) {
      const other = paths[earliest];
      const relation = other.value === item.value ? 'equals' : 'overlaps';
      reader.error(
        item.path,
        `${relation} another base path (expected a base path neither equal to nor nested in another, got ${JSON.stringify(
          item.value,
        )}; ${formatKeyPath(other.path)} is ${JSON.stringify(other.value)})`,
      );
    }
    if (!firstAt.has(item.value)) firstAt.set(item.value, index);
    for (const ancestor of ancestorsAndSelf.slice(0, -1))
      if (!firstBelow.has(ancestor)) firstBelow.set(ancestor, index);
  });
}

function checkGroupReferences(reader: YamlReader, at: KeyPath, content: ContentConfig): void {
  const declared = new Set(content.groups);
  const check = (path: KeyPath, group: string) => {
    if (!declared.has(group)) {
      reader.error(
        path,
        `unknown group (expected one of the groups under ${formatKeyPath([...at, 'groups'])}, got ${JSON.stringify(group)})`,
      );
    }
  };
  content.contentGuards.forEach((guard, i) =>
    guard.groups.forEach((g, j) => check([...at, 'contentGuards', i, 'groups', j], g)),
  );
  content.users.forEach((user, i) => user.groups.forEach((g, j) => check([...at, 'users', i, 'groups', j], g)));
  content.containerNamespaces.forEach((namespace, i) =>
    namespace.consumers.forEach((g, j) => check([...at, 'containerNamespaces', i, 'consumers', j], g)),
  );
}
