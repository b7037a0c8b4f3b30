// A Pulp server on OpenStack: an instance booting from a volume, a separate data volume that holds Pulp's
// database and storage (kept when the instance is rebuilt, and never destroyed by a plan), an optional
// floating IP, and user data that installs and starts Pulp with secrets made on the server itself.
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { BlockstorageVolumeV3 } from '../bindings/openstack/blockstorage-volume-v3';
import { ComputeVolumeAttachV2 } from '../bindings/openstack/compute-volume-attach-v2';
import { NetworkingFloatingipV2 } from '../bindings/openstack/networking-floatingip-v2';
import { HOSTNAME, PINNED_IMAGE } from '../config/patterns';
import { INetwork } from './network';
import { ObjectStorageInput, pulpServerUserData } from '../userdata/pulp-server';
import { ISecurityGroup } from './security-group';
import { Server } from './server';
import { isResolved, PropsRule, validateProps } from './validation';

/** What a mirror or a task needs of a Pulp server, whether this app made it or not. */
export interface IPulpServer {
  /** API origin, e.g. `https://ark.example.org` (the API is under `/pulp/api/v3/`). */
  readonly apiUrl: string;
  /** Content prefix, e.g. `https://ark.example.org/pulp/content/`. */
  readonly contentUrl: string;
  /** Registry host for image references, e.g. `ark.example.org`. */
  readonly registryHost: string;
  /**
   * Nova ID of the instance whose rebuild a task on this Pulp must follow (a cluster's leader, which runs
   * the migrations); undefined for a Pulp this app does not provision.
   */
  readonly instanceId?: string;
}

/**
 * The upstream all-in-one image, pinned: an upgrade is a deliberate change of this value (README: day two).
 * @default
 */
export const DEFAULT_PULP_IMAGE = 'docker.io/pulp/pulp:3.85';

export interface PulpServerProps {
  /** Instance name; also the prefix of its volumes' and port's names. */
  readonly name: string;
  /** Public DNS name the server answers on (CONTENT_ORIGIN, token server, TLS certificate). */
  readonly hostname: string;
  readonly network: INetwork;
  readonly securityGroups: readonly ISecurityGroup[];
  readonly flavorId: string;
  readonly imageId: string;
  /** @default 20 */
  readonly bootVolumeSizeGiB?: number;
  /**
   * Size of the data volume (Pulp's PostgreSQL and storage).
   * @default 200
   */
  readonly dataVolumeSizeGiB?: number;
  /** @default - no key pair */
  readonly keyPair?: string;
  /**
   * External network to take a floating IP from.
   * @default - none: the server is reached on its fixed IP
   */
  readonly floatingIpPool?: string;
  /** @default DEFAULT_PULP_IMAGE */
  readonly pulpImage?: string;
  /**
   * Container registry token authentication (private namespaces need it).
   * @default true
   */
  readonly tokenAuth?: boolean;
  /**
   * Whether Pulp serves HTTPS itself. Without it, clients' passwords and tokens cross the network in clear
   * (rules RT-TLS1 and RT-TLS2): only behind a TLS-terminating proxy, with a suppression saying so.
   * @default true
   */
  readonly tls?: boolean;
  /**
   * The admin password: an expression of a sensitive variable (e.g. `TerraformVariable.stringValue`), set once
   * at first boot. It then lives in Terraform's plan files and, hashed into user_data, in its state.
   * @default - the image's own admin user is left alone
   */
  readonly adminPassword?: string;
  /**
   * Artifacts in S3-compatible object storage instead of on the data volume.
   * @default - on the data volume
   */
  readonly objectStorage?: ObjectStorageInput;
  /** @default 2 */
  readonly apiWorkers?: number;
  /** @default 2 */
  readonly contentWorkers?: number;
  /** @default 2 */
  readonly workers?: number;
  /** @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Checks shared by every construct that runs Pulp: a pinned image, a DNS name, sane process counts. */
export function pulpNodeChecks(image: string, hostname: string, counts: Readonly<Record<string, number>>): PropsRule[] {
  return [
    {
      invalid: isResolved(image) && !PINNED_IMAGE.pattern.test(image),
      message: `pulpImage must be ${PINNED_IMAGE.expected}, got ${JSON.stringify(image)}`,
    },
    ...Object.entries(counts).map(([name, n]) => ({
      invalid: !Number.isInteger(n) || n < 1 || n > 32,
      message: `${name} must be an integer from 1 to 32, got ${n}`,
    })),
    {
      invalid: isResolved(hostname) && !HOSTNAME.pattern.test(hostname),
      message: `hostname must be ${HOSTNAME.expected}, got ${JSON.stringify(hostname)}`,
    },
  ];
}

/** The URLs of a Pulp answering on `hostname`. */
export function pulpUrls(hostname: string, tls = true): IPulpServer {
  const origin = `${tls ? 'https' : 'http'}://${hostname}`;
  return { apiUrl: origin, contentUrl: `${origin}/pulp/content/`, registryHost: hostname };
}

/** A Pulp that exists already, known by its URLs (e.g. Ark, for a client site's config). */
export interface PulpServerAttributes {
  /** API origin, e.g. `https://ark.stackhpc.com`. */
  readonly apiUrl: string;
  /** @default - `<apiUrl>/pulp/content/` */
  readonly contentUrl?: string;
}

export class PulpServer extends Construct implements IPulpServer {
  /** A Pulp this app does not make: nothing is created. */
  public static fromAttributes(scope: Construct, id: string, attrs: PulpServerAttributes): IPulpServer {
    class Existing extends Construct implements IPulpServer {
      public readonly apiUrl = attrs.apiUrl;
      public readonly contentUrl = attrs.contentUrl ?? `${attrs.apiUrl}/pulp/content/`;
      public readonly registryHost = new URL(attrs.apiUrl).host;
    }
    return new Existing(scope, id);
  }

  public readonly apiUrl: string;
  public readonly contentUrl: string;
  public readonly registryHost: string;
  public readonly server: Server;
  public readonly instanceId: string;
  public readonly dataVolumeId: string;
  /** The floating IP, when one was asked for. */
  public readonly floatingIp?: string;

  constructor(scope: Construct, id: string, props: PulpServerProps) {
    super(scope, id);
    const dataVolumeSizeGiB = props.dataVolumeSizeGiB ?? 200;
    const image = props.pulpImage ?? DEFAULT_PULP_IMAGE;
    const counts = {
      apiWorkers: props.apiWorkers ?? 2,
      contentWorkers: props.contentWorkers ?? 2,
      workers: props.workers ?? 2,
    };
    validateProps(this, [
      {
        invalid: isResolved(dataVolumeSizeGiB) && (!Number.isInteger(dataVolumeSizeGiB) || dataVolumeSizeGiB < 1),
        message: `dataVolumeSizeGiB must be a positive integer, got ${dataVolumeSizeGiB}`,
      },
      ...pulpNodeChecks(image, props.hostname, counts),
    ]);

    const dataVolume = new BlockstorageVolumeV3(this, 'DataVolume', {
      name: `${props.name}-data`,
      size: dataVolumeSizeGiB,
      description: `Pulp database and storage of ${props.name}`,
      lifecycle: { preventDestroy: true },
    });
    this.server = new Server(this, 'Server', {
      name: props.name,
      network: props.network,
      securityGroups: props.securityGroups,
      flavorId: props.flavorId,
      imageId: props.imageId,
      bootVolumeSizeGiB: props.bootVolumeSizeGiB,
      keyPair: props.keyPair,
      metadata: props.metadata,
      // The data volume's virtio serial is the first 20 characters of its ID.
      userData: pulpServerUserData({
        hostname: props.hostname,
        image,
        dataDevice: `/dev/disk/by-id/virtio-${Fn.substr(dataVolume.id, 0, 20)}`,
        tokenAuth: props.tokenAuth ?? true,
        tls: props.tls ?? true,
        adminPassword: props.adminPassword,
        objectStorage: props.objectStorage,
        base64: (text) => Fn.base64encode(text),
        ...counts,
      }),
      ignoreUserDataChanges: true,
    });
    this.instanceId = this.server.instanceId;
    new ComputeVolumeAttachV2(this, 'DataVolumeAttachment', {
      instanceId: this.server.instanceId,
      volumeId: dataVolume.id,
    });
    if (props.floatingIpPool) {
      const floatingIp = new NetworkingFloatingipV2(this, 'FloatingIp', {
        pool: props.floatingIpPool,
        portId: this.server.portId,
        description: `${props.hostname} (${props.name})`,
        dependsOn: props.network.externalRoute ? [props.network.externalRoute] : undefined,
      });
      this.floatingIp = floatingIp.address;
    }
    this.dataVolumeId = dataVolume.id;
    const urls = pulpUrls(props.hostname, props.tls ?? true);
    this.apiUrl = urls.apiUrl;
    this.contentUrl = urls.contentUrl;
    this.registryHost = urls.registryHost;
  }
}
