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

/** A network the app creates (network + subnet), or one that exists already, given by IDs. */
export type NetworkConfig =
  | {
      readonly kind: 'create';
      readonly name: string;
      readonly cidr: string;
      readonly dnsNameservers: readonly string[];
    }
  | { readonly kind: 'existing'; readonly networkId: string; readonly subnetId: string };

/** One server on OpenStack, given by IDs so that a plan needs no cloud. */
export interface HostConfig {
  /** Instance name, also the prefix of its port, volume and security group names. */
  readonly name: string;
  readonly flavorId: string;
  /** Glance image the boot volume is created from. */
  readonly imageId: string;
  readonly bootVolumeSizeGiB: number;
  /** Nova key pair for SSH; absent means none. */
  readonly keyPair?: string;
  readonly network: NetworkConfig;
  /** Who may use SSH and the Pulp API's admin endpoints. */
  readonly adminCidrs: readonly string[];
  /** Who may fetch content and use the container registry. */
  readonly contentCidrs: readonly string[];
}
