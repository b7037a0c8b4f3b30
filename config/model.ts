import { ContentConfig } from './content';

/** The validated, typed release-train config. Produced by `loadConfig`; consumed by stacks/ and the CLI. */
export interface ReleaseTrainConfig {
  /** Absolute path of the file this config was read from. */
  readonly sourceFile: string;
  /** Required when the config manages infrastructure (e.g. `ark`). */
  readonly openstack?: OpenStackSettings;
  /** What the Pulp servers hold; empty lists when absent. */
  readonly content: ContentConfig;
  /** The central production Pulp. Absent when this config manages no Ark infrastructure. */
  readonly ark?: HostConfig;
}

export interface OpenStackSettings {
  /** The clouds.yaml entry that the OpenStack provider authenticates with (credentials stay in clouds.yaml). */
  readonly cloud: string;
  /** Region within the cloud; absent means the cloud's default. */
  readonly region?: string;
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
