import { ConfigIssue } from './errors';
import { ContentConfig } from './content';

/** The validated, typed release-train config. Produced by `loadConfig`; consumed by stacks/ and the CLI. */
export interface ReleaseTrainConfig {
  /** Absolute path of the file this config was read from. */
  readonly sourceFile: string;
  /**
   * What loads but will not work as meant (e.g. a test environment Kayobe cannot deploy), positioned like
   * errors; printed by synth, never a refusal. Absent: none.
   */
  readonly warnings?: readonly ConfigIssue[];
  /** Required when the config manages infrastructure (e.g. `ark`). */
  readonly openstack?: OpenStackSettings;
  /** What the Pulp servers hold; empty lists when absent. */
  readonly content: ContentConfig;
  /** The central production Pulp, when this config provisions it. */
  readonly ark?: ArkConfig;
  /** Ark as a Pulp that exists already (a client site's config): mirrors sync from it, nothing is made. */
  readonly existingArk?: ExistingPulpConfig;
  /** Client sites' Pulp mirrors, one `mirror-<name>` stack each; empty when absent. */
  readonly mirrors: readonly MirrorConfig[];
  /** Where every stack keeps its Terraform state. */
  readonly backend: BackendConfig;
  /** Ephemeral test clouds, one `test-<name>` stack each; empty when absent. */
  readonly testEnvironments: readonly TestEnvironmentConfig[];
  /** Build host pools, one `builders-<name>` stack each; empty when absent. */
  readonly buildHostPools: readonly BuildHostPoolConfig[];
  /** Source-code repositories on GitHub as code: the `source-repos` stack, when present. */
  readonly sourceRepos?: SourceReposConfig;
}

/**
 * Terraform state: a local file by default; a shared backend for teams. Credentials never go here: each
 * backend reads its own environment variables (AWS_* for s3, PG_CONN_STR for pg, TF_HTTP_* for http).
 */
export type BackendConfig =
  | { readonly kind: 'local' }
  /** One object per stack: `<keyPrefix>/<stack>.tfstate`; `endpoint` for S3-compatible stores (Ceph RGW). */
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly keyPrefix: string;
      readonly region: string;
      readonly endpoint?: string;
    }
  /** One schema per stack: `<schemaPrefix>_<stack>`. */
  | { readonly kind: 'pg'; readonly schemaPrefix: string }
  /** One state per stack at `<address>/<stack>`, locked at the same address. */
  | { readonly kind: 'http'; readonly address: string };

/** A Pulp known only by its URLs. */
export interface ExistingPulpConfig {
  readonly name: string;
  /** API origin, e.g. `https://ark.stackhpc.com`. */
  readonly url: string;
  /** Content prefix; absent means `<url>/pulp/content/`. */
  readonly contentUrl?: string;
}

/** Ark: a Pulp server, or at scale a cluster behind a load balancer. */
export interface ArkConfig extends HostConfig {
  /** Shared S3-compatible artifact storage; required at scale. Keys come from sensitive variables. */
  readonly objectStorage?: ObjectStorageConfig;
  readonly scale?: ArkScaleConfig;
}

export interface ObjectStorageConfig {
  readonly endpointUrl: string;
  readonly bucket: string;
  readonly region: string;
}

/** N API/content nodes and M worker nodes behind Octavia, on an external PostgreSQL. */
export interface ArkScaleConfig {
  readonly apiNodes: number;
  readonly workerNodes: number;
  /** Flavor of worker nodes; absent means the Ark flavor. */
  readonly workerFlavor?: OpenStackRef;
  readonly processesPerNode: number;
  /** The external PostgreSQL; its password comes from a sensitive variable. */
  readonly database: { readonly host: string; readonly port: number; readonly name: string; readonly user: string };
  /** Barbican container of the public certificate the load balancer presents. */
  readonly tlsCertificateRef: string;
  /** Where the load balancer's requests to the nodes come from (the subnet's CIDR). */
  readonly backendCidr: string;
}

export type MirrorContentSet = 'released' | 'development';

/** A client site's Pulp, syncing from its upstream. */
export interface MirrorConfig {
  /** Site name: the stack is `mirror-<name>`. */
  readonly name: string;
  /** Name of the Pulp it syncs from (Ark's `name`). */
  readonly upstream: string;
  /** Absolute path of the pulp-repo-versions.yml whose pins the mirror serves; absent: no mirror task. */
  readonly versionsFile?: string;
  /**
   * What this Pulp holds, derived from the config's content (the shared base): `released`, a client site's
   * mirror (pinned released snapshots, the release images, pinned image builds; none of Ark's access or
   * development content); `development`, the test Pulp (pinned snapshots under its own naming, `<name> (ark)`
   * synced `mirror_complete` and served as `<distributionName><V>-ark` at Ark's path, and the development
   * images). Absent: the whole content, pinned parts mirrored, the rest reconciled (a site's own config).
   */
  readonly content?: MirrorContentSet;
  readonly host:
    | { readonly kind: 'openstack'; readonly cloud: string; readonly server: HostConfig }
    | { readonly kind: 'existing'; readonly url: string };
}

export interface OpenStackSettings {
  /** The clouds.yaml entry that the OpenStack provider authenticates with (credentials stay in clouds.yaml). */
  readonly cloud: string;
  /** Region within the cloud; absent means the cloud's default. */
  readonly region?: string;
  /** What a host takes when it names no flavor, image or network of its own. */
  readonly defaults: HostDefaults;
}

export interface HostDefaults {
  readonly flavor?: OpenStackRef;
  readonly image?: OpenStackRef;
  readonly network?: NetworkConfig;
}

/**
 * An existing OpenStack object, by ID (the default: a plan then needs no cloud) or, opted into, by name (a
 * data source that the plan looks up in the cloud).
 */
export type OpenStackRef = { readonly id: string } | { readonly name: string };

/** A network the app creates (network + subnet), or one that exists already. */
export type NetworkConfig =
  | {
      readonly kind: 'create';
      readonly name: string;
      readonly cidr: string;
      readonly dnsNameservers: readonly string[];
      /** A router to this external network is created too; absent means no router. */
      readonly externalNetwork?: OpenStackRef;
    }
  | { readonly kind: 'existing'; readonly network: OpenStackRef; readonly subnet: OpenStackRef };

/** One server on OpenStack. */
export interface HostConfig {
  /** Instance name, also the prefix of its port, volume and security group names. */
  readonly name: string;
  /** Public DNS name of its Pulp (CONTENT_ORIGIN, token server, TLS certificate). */
  readonly hostname: string;
  /** Size of the volume holding Pulp's database and storage. */
  readonly dataVolumeSizeGiB: number;
  /** External network for a floating IP; absent means none. */
  readonly floatingIpPool?: string;
  /** Whether Pulp serves HTTPS itself (default true; false only behind a TLS proxy, RULES.md RT-TLS1). */
  readonly tls: boolean;
  /** Pulp image with a pinned tag; absent means the construct's default. */
  readonly pulpImage?: string;
  readonly flavor: OpenStackRef;
  /** Glance image the boot volume is created from. */
  readonly image: OpenStackRef;
  readonly bootVolumeSizeGiB: number;
  /** Nova key pair for SSH; absent means none. */
  readonly keyPair?: string;
  readonly network: NetworkConfig;
  /** Who may use SSH and the Pulp API's admin endpoints. */
  readonly adminCidrs: readonly string[];
  /** Who may fetch content and use the container registry. */
  readonly contentCidrs: readonly string[];
  /** Security rule findings accepted for this host's stack (RULES.md), each with its reason. */
  readonly suppressions: readonly { readonly id: string; readonly reason: string }[];
}

/** Hosts of one role in a test environment: how many, their flavor and boot volume. */
/** How every host of one role (or one infra VM, or the control host) is built. */
export interface TestHostSettings {
  readonly flavor: OpenStackRef;
  /** Boot volume size; 0 boots from the flavor's local disk (bare metal). */
  readonly bootVolumeSizeGiB: number;
  /** Cinder volume type of the boot volume; absent: the cloud's default. */
  readonly bootVolumeType?: string;
  /** Whether Nova attaches a config drive (clouds without a metadata service need it); default true. */
  readonly configDrive: boolean;
  /** Nova availability zone; absent: the cloud's default. */
  readonly availabilityZone?: string;
  /** Existing security groups on the host's port, besides the environment's own. */
  readonly securityGroups: readonly OpenStackRef[];
  /** Nova metadata of each host. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface TestHostRole extends TestHostSettings {
  readonly count: number;
}

/** An infra VM: one host in the Kayobe group `role` (several VMs may share a role). */
export interface TestInfraVm extends TestHostSettings {
  readonly name: string;
  /** Its Kayobe inventory group, a child of `infra-vms`, e.g. `wazuh-manager`. */
  readonly role: string;
}

/** Kayobe's roles; an all-in-one environment has one `aio` host, a multinode one the others. */
export type TestRole = 'seed' | 'controller' | 'compute' | 'storage' | 'aio';

/** An ephemeral test OpenStack (DOMAIN.md §8): all-in-one, or multinode. */
export interface TestEnvironmentConfig {
  /** The stack is `test-<name>`. */
  readonly name: string;
  readonly kind: 'aio' | 'multinode';
  /** Host name prefix when no per-run prefix is given (TF_VAR_prefix). */
  readonly defaultPrefix: string;
  readonly image: OpenStackRef;
  readonly network: { readonly network: OpenStackRef; readonly subnet: OpenStackRef };
  /**
   * The subnet's CIDR, for the Kayobe admin network file; absent: read from the subnet (a lookup). When given
   * and the subnet is looked up too, the plan fails if the two disagree.
   */
  readonly subnetCidr?: string;
  /** SSH public key registered as the environment's key pair (never a private key). */
  readonly sshPublicKey: string;
  readonly sshUser: string;
  readonly controlHost: TestHostSettings & { readonly floatingIpPool?: string };
  /** Every role with its count (0 when the kind has none of it). */
  readonly roles: Readonly<Record<TestRole, TestHostRole>>;
  /** Ceph OSD volumes attached to each storage host. */
  readonly osdVolumes: { readonly perHost: number; readonly sizeGiB: number; readonly volumeType?: string };
  readonly infraVms: readonly TestInfraVm[];
  /** Who may SSH to the control host. */
  readonly adminCidrs: readonly string[];
  readonly tags: readonly string[];
  /**
   * The `mirrors` entry whose Pulp this environment's hosts install from; `test-cloud sync` mirrors its
   * versionsFile's pins into it. Absent: the environment has no test Pulp to sync.
   */
  readonly pulpMirror?: string;
  readonly suppressions: readonly { readonly id: string; readonly reason: string }[];
}

/** CI runner hosts that build images and push them to Ark. */
export interface BuildHostPoolConfig {
  /** The stack is `builders-<name>`. */
  readonly name: string;
  readonly count: number;
  readonly flavor: OpenStackRef;
  readonly image: OpenStackRef;
  readonly bootVolumeSizeGiB: number;
  readonly network: { readonly network: OpenStackRef; readonly subnet: OpenStackRef };
  /** Where runners register, e.g. https://github.com/stackhpc/stackhpc-release-train. */
  readonly runnerUrl: string;
  readonly labels: readonly string[];
  readonly adminCidrs: readonly string[];
  readonly sshPublicKey: string;
  readonly suppressions: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * Source-code repositories on GitHub as code (DOMAIN.md §7, `terraform/github`): one organisation's
 * repositories, their release-branch protections, teams with their repository permissions and members, and
 * the issue labels every repository carries. Credentials never go here: the token or the GitHub App's
 * private key come from sensitive Terraform variables.
 */
export interface SourceReposConfig {
  /** The GitHub organisation, e.g. `stackhpc`. */
  readonly owner: string;
  readonly auth: GitHubAuthConfig;
  /** Issue labels that every repository below carries. */
  readonly labels: readonly IssueLabelConfig[];
  readonly teams: readonly TeamConfig[];
  readonly repositories: readonly SourceRepositoryConfig[];
}

/**
 * How the provider authenticates: a token (`TF_VAR_github_token`), or a GitHub App installation whose
 * private key is `TF_VAR_github_app_pem_file`; the App's IDs are not secret.
 */
export type GitHubAuthConfig =
  { readonly method: 'token' } | { readonly method: 'app'; readonly appId: string; readonly installationId: string };

export interface IssueLabelConfig {
  readonly name: string;
  /** Six hex digits without `#`, e.g. `0E8A16`. */
  readonly color: string;
  readonly description?: string;
}

/** A team's permission on a repository, in GitHub's words. */
export type TeamPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';

export interface TeamConfig {
  readonly name: string;
  readonly description?: string;
  readonly privacy: 'closed' | 'secret';
  /** GitHub user names with the team's maintainer role. */
  readonly maintainers: readonly string[];
  readonly members: readonly string[];
  /** The team and its memberships exist on GitHub already: import blocks take them over. */
  readonly import: boolean;
}

export interface BranchProtectionConfig {
  /** Branch name pattern, e.g. `stackhpc/2024.1` or `smslab/202[0-9].[1-2]`. */
  readonly pattern: string;
  /** Approving reviews a pull request needs (0-6). */
  readonly requiredReviews: number;
  /** Status check contexts that must pass; empty means none is required. */
  readonly requiredStatusChecks: readonly string[];
  /** Whether the rule exists on GitHub already (default: the repository's `import`). */
  readonly import: boolean;
}

export interface SourceRepositoryConfig {
  readonly name: string;
  readonly description?: string;
  readonly visibility: 'public' | 'private' | 'internal';
  /** Absent: the default branch is not managed. */
  readonly defaultBranch?: string;
  readonly topics: readonly string[];
  readonly archived: boolean;
  /** Team name -> that team's permission on this repository. */
  readonly teams: Readonly<Record<string, TeamPermission>>;
  readonly branchProtections: readonly BranchProtectionConfig[];
  /**
   * The repository exists on GitHub already, with its default branch, labels and team permissions (and,
   * unless one says otherwise, its branch protections): import blocks take them over.
   */
  readonly import: boolean;
}
