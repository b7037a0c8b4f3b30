// An ephemeral test OpenStack for Kayobe (DOMAIN.md §8): an Ansible control host, a seed, controllers,
// computes, storage hosts with Ceph OSD volumes and infra VMs (or one all-in-one host), all named
// `<prefix>-<role>-NN` so that parallel CI runs with different prefixes never collide. Construct ids come
// from those stable names (never from the prefix or an array position), so growing a role adds hosts and
// renames none. It exposes what Kayobe needs: inventory groups and admin-network addresses.
import { Construct } from 'constructs';
import { BlockstorageVolumeV3 } from '../bindings/openstack/blockstorage-volume-v3';
import { ComputeKeypairV2 } from '../bindings/openstack/compute-keypair-v2';
import { ComputeVolumeAttachV2 } from '../bindings/openstack/compute-volume-attach-v2';
import { NetworkingFloatingipV2 } from '../bindings/openstack/networking-floatingip-v2';
import { INetwork } from './network';
import { SecurityGroup } from './security-group';
import { Server } from './server';
import { validateProps } from './validation';
import { TEST_HOST_USER_DATA } from '../userdata/test-host';

export type TestHostRoleName = 'seed' | 'controller' | 'compute' | 'storage' | 'aio';

export interface TestHostGroupProps {
  /** @default 0 */
  readonly count?: number;
  readonly flavorId: string;
  /**
   * Boot volume size; 0 boots from the flavor's local disk.
   * @default 100
   */
  readonly bootVolumeSizeGiB?: number;
  /**
   * Cinder volume type of the boot volume.
   * @default - the cloud's default type
   */
  readonly bootVolumeType?: string;
  /**
   * A config drive on every host, as terraform-kayobe-multinode has: clouds without a metadata service need it.
   * @default true
   */
  readonly configDrive?: boolean;
  /** @default - the cloud's default zone */
  readonly availabilityZone?: string;
  /**
   * Existing security groups on each host's port, besides the environment's own.
   * @default []
   */
  readonly securityGroupIds?: readonly string[];
  /**
   * Nova metadata of each host.
   * @default {}
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface TestEnvironmentProps {
  /** Prefix of every name (a token of the per-run variable is fine). */
  readonly prefix: string;
  readonly network: INetwork;
  readonly imageId: string;
  /** OpenSSH public key registered as the key pair `<prefix>-keypair`; no private key is ever made here. */
  readonly sshPublicKey: string;
  readonly controlHost: TestHostGroupProps & {
    /** @default - no floating IP: the control host is reached on its fixed IP */
    readonly floatingIpPool?: string;
  };
  /** Hosts per role; absent roles have none. */
  readonly roles: Partial<Readonly<Record<TestHostRoleName, TestHostGroupProps>>>;
  /**
   * Ceph OSD volumes attached to each storage host.
   * @default { perHost: 1, sizeGiB: 40 }
   */
  readonly osdVolumes?: { readonly perHost: number; readonly sizeGiB: number; readonly volumeType?: string };
  /**
   * Infra VMs (e.g. a Wazuh manager), each named `<prefix>-<name>` and in the inventory group `role` (a child
   * of `infra-vms`); several VMs may share a role.
   * @default []
   */
  readonly infraVms?: readonly (TestHostGroupProps & { readonly name: string; readonly role: string })[];
  /** Who may SSH to the control host; the hosts reach each other freely. */
  readonly adminCidrs: readonly string[];
  /**
   * Tags on every instance, port, security group and floating IP; the OSD volumes (Cinder has no tags)
   * carry them as metadata, `key=value` as key: value and a plain tag as tag: "". The key pair has neither:
   * its name `<prefix>-keypair` is its marker.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** Kayobe's inventory groups of each role (DOMAIN.md §8, hand-off). */
const KAYOBE_GROUPS: Record<TestHostRoleName, readonly string[]> = {
  seed: ['seed'],
  controller: ['controllers'],
  compute: ['compute'],
  storage: ['storage'],
  aio: ['controllers', 'compute'],
};

/** Bare metal and large volumes make Nova slow: the upstream module waits 90 minutes. */
const CREATE_TIMEOUT = '90m';

export class TestEnvironment extends Construct {
  public readonly controlHost: Server;
  /** The control host's address for SSH: its floating IP if any, else its fixed IP. */
  public readonly controlHostAddress: string;
  /**
   * Hosts by Kayobe inventory group (`controllers`, `compute`, `storage`, `seed`, `infra-vms`, and each infra
   * VM role).
   */
  public readonly inventory: Readonly<Record<string, readonly string[]>>;
  /** Host name -> fixed IP on the admin network, for every host Kayobe manages. */
  public readonly adminIps: Readonly<Record<string, string>>;
  public readonly hosts: Readonly<Record<string, Server>>;

  constructor(scope: Construct, id: string, props: TestEnvironmentProps) {
    super(scope, id);
    const osd = props.osdVolumes ?? { perHost: 1, sizeGiB: 40 };
    validateProps(this, [
      ...Object.entries(props.roles).map(([role, group]) => ({
        invalid: !Number.isInteger(group?.count ?? 0) || (group?.count ?? 0) < 0 || (group?.count ?? 0) > 99,
        message: `${role} count must be an integer from 0 to 99, got ${group?.count}`,
      })),
      {
        invalid:
          !/^(ssh-(rsa|ed25519)|ecdsa-sha2-\S+) \S+/.test(props.sshPublicKey) || /PRIVATE KEY/.test(props.sshPublicKey),
        message: 'sshPublicKey must be an OpenSSH public key (a private key would be kept in the state)',
      },
    ]);
    const tags = props.tags ? [...props.tags] : undefined;
    const keyPair = new ComputeKeypairV2(this, 'KeyPair', {
      name: `${props.prefix}-keypair`,
      publicKey: props.sshPublicKey,
    });
    const internal = new SecurityGroup(this, 'Internal', {
      name: `${props.prefix}-internal`,
      tags,
      description: 'Test environment hosts reach each other on every port',
      ingress: (['tcp', 'udp', 'icmp'] as const).map((protocol) => ({
        description: `${protocol} between the environment's hosts`,
        protocol,
        ...(protocol === 'icmp' ? {} : { fromPort: 1, toPort: 65535 }),
        remoteCidr: 'self',
      })),
    });
    const ssh = new SecurityGroup(this, 'ControlHostSsh', {
      name: `${props.prefix}-control-ssh`,
      tags,
      description: 'SSH to the Ansible control host from admins',
      ingress: props.adminCidrs.map((cidr) => ({
        description: 'SSH from admins',
        protocol: 'tcp',
        fromPort: 22,
        remoteCidr: cidr,
      })),
    });
    const server = (parent: Construct, hostId: string, name: string, group: TestHostGroupProps, extra = false) =>
      new Server(parent, hostId, {
        name,
        network: props.network,
        securityGroups: [
          ...(extra ? [internal, ssh] : [internal]),
          ...(group.securityGroupIds ?? []).map((securityGroupId) => ({ securityGroupId })),
        ],
        flavorId: group.flavorId,
        imageId: props.imageId,
        bootVolumeSizeGiB: group.bootVolumeSizeGiB ?? 100,
        volumeType: group.bootVolumeType,
        configDrive: group.configDrive ?? true,
        availabilityZone: group.availabilityZone,
        metadata: group.metadata && Object.keys(group.metadata).length ? group.metadata : undefined,
        keyPair: keyPair.name,
        userData: TEST_HOST_USER_DATA,
        ignoreUserDataChanges: true,
        createTimeout: CREATE_TIMEOUT,
        tags,
      });

    this.controlHost = server(this, 'ControlHost', `${props.prefix}-ansible-control`, props.controlHost, true);
    this.controlHostAddress = this.controlHost.privateIpV4;
    if (props.controlHost.floatingIpPool) {
      const floatingIp = new NetworkingFloatingipV2(this, 'ControlHostFloatingIp', {
        pool: props.controlHost.floatingIpPool,
        portId: this.controlHost.portId,
        description: `${props.prefix} Ansible control host`,
        tags,
      });
      this.controlHostAddress = floatingIp.address;
    }

    const hosts: Record<string, Server> = {};
    const inventory: Record<string, string[]> = {};
    const adminIps: Record<string, string> = {};
    const add = (groups: readonly string[], name: string, host: Server) => {
      hosts[name] = host;
      for (const group of groups) (inventory[group] ??= []).push(name);
      adminIps[name] = host.privateIpV4;
    };
    for (const role of ['seed', 'controller', 'compute', 'storage', 'aio'] as const) {
      const group = props.roles[role];
      const count = group?.count ?? 0;
      if (!group || count === 0) continue;
      const parent = new Construct(this, `${role[0].toUpperCase()}${role.slice(1)}s`);
      for (let i = 1; i <= count; i++) {
        const number = String(i).padStart(2, '0');
        const name = `${props.prefix}-${role}-${number}`;
        const host = server(parent, `${role}-${number}`, name, group);
        add(KAYOBE_GROUPS[role], name, host);
        if (role === 'storage') this.osdVolumes(parent, `${role}-${number}`, name, host, osd, props.tags ?? []);
      }
    }
    if (props.infraVms?.length) {
      const parent = new Construct(this, 'InfraVms');
      for (const vm of props.infraVms) {
        const name = `${props.prefix}-${vm.name}`;
        add(['infra-vms', vm.role], name, server(parent, vm.name, name, vm));
      }
    }
    this.hosts = hosts;
    this.inventory = inventory;
    this.adminIps = adminIps;
  }

  private osdVolumes(
    parent: Construct,
    hostId: string,
    hostName: string,
    host: Server,
    osd: NonNullable<TestEnvironmentProps['osdVolumes']>,
    tags: readonly string[],
  ): void {
    const metadata = tags.length ? Object.fromEntries(tags.map(tagAsMetadata)) : undefined;
    for (let v = 1; v <= osd.perHost; v++) {
      const volumeId = `${hostId}-osd-${String(v).padStart(2, '0')}`;
      const volume = new BlockstorageVolumeV3(parent, volumeId, {
        name: `${hostName}-osd-${String(v).padStart(2, '0')}`,
        size: osd.sizeGiB,
        volumeType: osd.volumeType,
        metadata,
      });
      new ComputeVolumeAttachV2(parent, `${volumeId}-attachment`, { instanceId: host.instanceId, volumeId: volume.id });
    }
  }
}

/** `key=value` -> [key, value]; a plain tag -> [tag, ""]. The key is literal text even when the value is a token. */
function tagAsMetadata(tag: string): [string, string] {
  const at = tag.indexOf('=');
  return at < 0 ? [tag, ''] : [tag.slice(0, at), tag.slice(at + 1)];
}
