/**
 * The content half of the config: what a Pulp server holds, in the release train's own terms
 * (DOMAIN.md §3, §5.10, §5.11). Reconcile (tasks/) turns it into Pulp objects.
 */
export interface ContentConfig {
  readonly rpm: readonly RpmRepositoryConfig[];
  readonly deb: readonly DebRepositoryConfig[];
  readonly container: readonly ContainerRepositoryConfig[];
  readonly file: readonly FileRepositoryConfig[];
  /** Disk and deployment images uploaded by builds (`release-train image`): a file repository each. */
  readonly images: readonly ImageConfig[];
  /** Container namespaces whose pull rights reconcile grants (DOMAIN.md §6). */
  readonly containerNamespaces: readonly ContainerNamespaceConfig[];
  readonly contentGuards: readonly ContentGuardConfig[];
  readonly groups: readonly string[];
  readonly users: readonly UserConfig[];
}

export type DownloadPolicy = 'immediate' | 'on_demand' | 'streamed';
export type RpmSyncPolicy = 'mirror_complete' | 'mirror_content_only' | 'additive';

/** Credentials a remote presents upstream; the password is referenced, never written in config. */
export interface RemoteCredentials {
  readonly username: string;
  /** Name of the environment variable holding the password. */
  readonly passwordEnv: string;
}

/** Where a repository is published: timestamped distributions `<distributionName><V>` at `<basePath><V>`. */
export interface Publication {
  /** Ends in `/`; the snapshot version is appended. */
  readonly basePath: string;
  /** Key in version maps and Kayobe variable names; unique across rpm and deb. */
  readonly shortName: string;
  readonly distributionName: string;
}

interface SyncedRepository {
  /** Pulp repository name; its remote is `<name>-remote`. */
  readonly name: string;
  /** Upstream URL; absent when the repository is not synced. */
  readonly url?: string;
  readonly policy: DownloadPolicy;
  /** Whether nightly syncs include it (false keeps the repository but passes no URL). */
  readonly sync: boolean;
  readonly syncGroup?: string;
  readonly credentials?: RemoteCredentials;
  /** Absent when the repository is not published. */
  readonly publication?: Publication;
}

export interface RpmRepositoryConfig extends SyncedRepository {
  readonly syncPolicy: RpmSyncPolicy;
}

/**
 * How a deb snapshot is published (pulp_deb): `verbatim` republishes the upstream metadata byte for byte; the
 * others make an APT publication with `simple` (one flat `default` component), `structured` (the upstream's
 * components) or both. pulp_deb's own default, when a publication names neither, is `structured` (since
 * pulp_deb 3.0; both harness Pulps run later ones). The original's squeezer module defaults to `simple`.
 */
export type DebPublicationMode = 'simple' | 'structured' | 'simple_and_structured' | 'verbatim';

export const DEB_PUBLICATION_MODES: readonly DebPublicationMode[] = [
  'simple',
  'structured',
  'simple_and_structured',
  'verbatim',
];

export interface DebRepositoryConfig extends SyncedRepository {
  /**
   * Dists to sync (`noble`, `noble-updates`, a flat repository's `./`). pulp_deb's remote requires them, so
   * they are required whenever a remote is made of the entry: synced on Ark, or published (a mirror's remote);
   * empty only for an entry neither synced nor published.
   */
  readonly distributions: readonly string[];
  /** Absent: every component the upstream Release files list (pulp_deb's null). */
  readonly components?: readonly string[];
  /** Absent: every architecture the upstream Release files list (pulp_deb's null); `all` always comes. */
  readonly architectures?: readonly string[];
  readonly mirror: boolean;
  /** @default structured (pulp_deb's default) */
  readonly mode: DebPublicationMode;
}

export interface ContainerRepositoryConfig {
  /** Repository name, also the distribution's name and base path, e.g. `stackhpc/nova-api`. */
  readonly name: string;
  /** Upstream registry URL; absent for a repository filled only by promotion. */
  readonly url?: string;
  /** @default - `name` */
  readonly upstreamName?: string;
  readonly policy: DownloadPolicy;
  readonly includeTags: readonly string[];
  readonly private: boolean;
  readonly credentials?: RemoteCredentials;
  /**
   * Filled by `docker push` (the development namespace): reconcile keeps only its distribution, and the
   * push makes the repository (a push repository before pulp_container 2.29, an ordinary one from 2.29).
   * @default false
   */
  readonly push: boolean;
}

export interface ContainerNamespaceConfig {
  /** First path segment of its distributions, e.g. `stackhpc`. */
  readonly name: string;
  /** Groups given the namespace's consumer role (view + pull of its private distributions). */
  readonly consumers: readonly string[];
}

export interface FileRepositoryConfig {
  /** e.g. `kayobe-images-2024.1-rocky-9`. */
  readonly name: string;
  /** Root of its distributions, e.g. `kayobe-images/2024.1/rocky/9`. */
  readonly basePath: string;
  /** A `PULP_MANIFEST` to sync from; absent for a repository filled otherwise. */
  readonly url?: string;
}

/**
 * One series of images (DOMAIN.md §3.5): a file repository filled by `release-train image upload`, one tag per
 * build, each build distributed as `<name>_<tag>` at `<basePath>/<tag>` and the newest as `<name>_latest` at
 * `<basePath>/latest`.
 */
export interface ImageConfig {
  /** The file repository, e.g. `kayobe-images-2024.1-rocky-9`. */
  readonly name: string;
  /** Root of its distributions, e.g. `kayobe-images/2024.1/rocky/9`. */
  readonly basePath: string;
  /**
   * Names the pin of a client site: `stackhpc_<shortName>_version: <tag>` in its versions file (the form of
   * Kayobe's pulp-host-image-versions.yml, e.g. `rocky_9_overcloud_host_image`).
   */
  readonly shortName: string;
  /**
   * The file names one build holds, e.g. `[ipa.kernel, ipa.initramfs]`; an upload must bring exactly these.
   * @default - any non-empty set of files
   */
  readonly files: readonly string[];
}

export interface ContentGuardConfig {
  readonly name: string;
  readonly description: string;
  /** Groups given the downloader role on this RBAC guard. */
  readonly groups: readonly string[];
}

export interface UserConfig {
  readonly username: string;
  readonly groups: readonly string[];
  /** Environment variable holding the user's password. */
  readonly passwordEnv: string;
}
