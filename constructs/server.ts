import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeInstanceV2 } from '../bindings/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../bindings/openstack/networking-port-v2';
import { INetwork } from './network';
import { ISecurityGroup } from './security-group';
import { isResolved, validateProps } from './validation';

export interface ServerProps {
  /** Nova name of the instance; its port is named `<name>-port`. */
  readonly name: string;
  /** The network whose subnet the server's port is on. */
  readonly network: INetwork;
  /** Security groups on the server's port. */
  readonly securityGroups: readonly ISecurityGroup[];
  /** Nova flavor ID (an ID, not a name, so that a plan needs no cloud). */
  readonly flavorId: string;
  /** Glance image ID that the boot volume is created from. */
  readonly imageId: string;
  /**
   * Size of the boot volume; 0 boots from the flavor's local disk instead (bare metal, or a flavor with disk).
   * @default 20
   */
  readonly bootVolumeSizeGiB?: number;
  /**
   * Cinder volume type of the boot volume.
   * @default - the cloud's default type
   */
  readonly volumeType?: string;
  /**
   * How long Nova may take to build the instance (bare metal and large volumes are slow).
   * @default - the provider's 30 minutes
   */
  readonly createTimeout?: string;
  /**
   * Whether deleting the server deletes its boot volume too.
   * @default true
   */
  readonly deleteBootVolumeOnTermination?: boolean;
  /**
   * Nova key pair for SSH access.
   * @default - no key pair
   */
  readonly keyPair?: string;
  /**
   * Fixed IPv4 address on the subnet.
   * @default - an address chosen by DHCP
   */
  readonly fixedIpV4?: string;
  /**
   * Cloud-init user data.
   * @default - none
   */
  readonly userData?: string;
  /**
   * Whether Nova attaches a config drive: cloud-init then reads the user data from it, on clouds without a
   * metadata service too.
   * @default false
   */
  readonly configDrive?: boolean;
  /**
   * Nova availability zone.
   * @default - the cloud's default zone
   */
  readonly availabilityZone?: string;
  /**
   * Nova metadata.
   * @default {}
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Whether a change of `userData` is ignored rather than replacing the instance (cloud-init reads user
   * data at first boot only; a server with state applies changes on its own terms).
   * @default false
   */
  readonly ignoreUserDataChanges?: boolean;
  /**
   * Tags on the instance and its port.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** An instance booting from a volume created from an image, attached through a port of its own. */
export class Server extends Construct {
  public readonly instanceId: string;
  public readonly portId: string;
  /** The port's first fixed IP. */
  public readonly privateIpV4: string;

  constructor(scope: Construct, id: string, props: ServerProps) {
    super(scope, id);
    const bootVolumeSizeGiB = props.bootVolumeSizeGiB ?? 20;
    validateProps(this, [
      {
        invalid: isResolved(bootVolumeSizeGiB) && (!Number.isInteger(bootVolumeSizeGiB) || bootVolumeSizeGiB < 0),
        message: `bootVolumeSizeGiB must be a whole number (0 for the local disk), got ${bootVolumeSizeGiB}`,
      },
      {
        invalid: isResolved(props.flavorId) && props.flavorId.trim() === '',
        message: 'flavorId must be a flavor ID, got an empty string',
      },
      {
        invalid: isResolved(props.imageId) && props.imageId.trim() === '',
        message: 'imageId must be an image ID, got an empty string',
      },
    ]);
    const tags = props.tags ? [...props.tags] : undefined;
    const port = new NetworkingPortV2(this, 'Port', {
      name: `${props.name}-port`,
      networkId: props.network.networkId,
      adminStateUp: true,
      securityGroupIds: props.securityGroups.map((group) => group.securityGroupId),
      fixedIp: [{ subnetId: props.network.subnetId, ipAddress: props.fixedIpV4 }],
      tags,
    });
    const instance = new ComputeInstanceV2(this, 'Resource', {
      name: props.name,
      flavorId: props.flavorId,
      keyPair: props.keyPair,
      userData: props.userData,
      metadata: props.metadata ? { ...props.metadata } : undefined,
      configDrive: props.configDrive,
      availabilityZone: props.availabilityZone,
      tags,
      network: [{ port: port.id }],
      lifecycle: props.ignoreUserDataChanges ? { ignoreChanges: ['user_data'] } : undefined,
      timeouts: props.createTimeout ? { create: props.createTimeout } : undefined,
      ...(bootVolumeSizeGiB === 0
        ? { imageId: props.imageId }
        : {
            blockDevice: [
              {
                sourceType: 'image',
                uuid: props.imageId,
                destinationType: 'volume',
                volumeSize: bootVolumeSizeGiB,
                volumeType: props.volumeType,
                bootIndex: 0,
                deleteOnTermination: props.deleteBootVolumeOnTermination ?? true,
              },
            ],
          }),
    });
    this.instanceId = instance.id;
    this.portId = port.id;
    this.privateIpV4 = Fn.element(port.allFixedIps, 0) as string;
  }
}
