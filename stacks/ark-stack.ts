import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OpenstackProvider } from '../bindings/openstack/provider';
import { ArkConfig, BackendConfig, OpenStackSettings, ReleaseTrainConfig } from '../config/model';
import {
  IPulpServer,
  openStackIdOf,
  PulpCluster,
  PulpServer,
  ReleaseTask,
  SecurityGroup,
  SSH_PORT,
} from '../constructs';
import { pulpTasks } from './release-tasks';
import {
  adminPasswordVariable,
  hostNetwork,
  objectStorageInput,
  pulpOutputs,
  pulpServerProps,
  secretVariable,
} from './pulp-host';
import { ReleaseTrainStack } from './release-train-stack';

export interface ArkStackProps {
  readonly openstack: OpenStackSettings;
  readonly ark: ArkConfig;
  /**
   * The whole config, for the tasks run after provisioning (wait until ready, reconcile its content).
   * @default - no tasks
   */
  readonly config?: ReleaseTrainConfig;
  /** @default - local state */
  readonly backend?: BackendConfig;
}

/** Ark's infrastructure: one Pulp server, or at scale a Pulp cluster behind a load balancer. */
export class ArkStack extends ReleaseTrainStack {
  public readonly pulp: IPulpServer;
  /** What runs after provisioning, in order. */
  public readonly tasks: readonly ReleaseTask[];

  constructor(scope: Construct, id: string, props: ArkStackProps) {
    super(scope, id, { backend: props.backend, suppressions: props.ark.suppressions });
    const { ark } = props;
    new OpenstackProvider(this, 'openstack', { cloud: props.openstack.cloud, region: props.openstack.region });
    this.pulp = ark.scale ? this.cluster(ark) : this.server(ark);
    pulpOutputs(this, this.pulp, ark.name);
    this.tasks = props.config
      ? pulpTasks(this, { config: props.config, target: this.pulp, targetIdentity: this.pulp.instanceId })
      : [];
  }

  private server(ark: ArkConfig): PulpServer {
    const pulp = new PulpServer(this, 'Pulp', {
      ...pulpServerProps(this, ark, 'ark'),
      objectStorage: ark.objectStorage && objectStorageInput(this, ark.objectStorage),
    });
    new TerraformOutput(this, 'private_ip', {
      staticId: true,
      description: `Fixed IPv4 address of ${ark.name} on its network`,
      value: pulp.server.privateIpV4,
    });
    new TerraformOutput(this, 'instance_id', {
      staticId: true,
      description: `Nova ID of ${ark.name}`,
      value: pulp.server.instanceId,
    });
    return pulp;
  }

  private cluster(ark: ArkConfig): PulpCluster {
    const scale = ark.scale!;
    const ssh = new SecurityGroup(this, 'SecurityGroup', {
      name: `${ark.name}-ssh`,
      description: `${ark.name}: SSH for admins`,
      ingress: ark.adminCidrs.map((cidr) => ({
        description: 'SSH from admins',
        protocol: 'tcp' as const,
        fromPort: SSH_PORT,
        remoteCidr: cidr,
      })),
    });
    const flavorId = openStackIdOf(this, 'FlavorLookup', 'flavor', ark.flavor);
    const cluster = new PulpCluster(this, 'Pulp', {
      name: ark.name,
      hostname: ark.hostname,
      network: hostNetwork(this, ark),
      securityGroups: [ssh],
      flavorId,
      workerFlavorId: scale.workerFlavor
        ? openStackIdOf(this, 'WorkerFlavorLookup', 'flavor', scale.workerFlavor)
        : flavorId,
      imageId: openStackIdOf(this, 'ImageLookup', 'image', ark.image),
      bootVolumeSizeGiB: ark.bootVolumeSizeGiB,
      keyPair: ark.keyPair,
      pulpImage: ark.pulpImage,
      apiNodes: scale.apiNodes,
      workerNodes: scale.workerNodes,
      processesPerNode: scale.processesPerNode,
      database: {
        ...scale.database,
        password: secretVariable(
          this,
          'database_password',
          `Password of ${scale.database.user}@${scale.database.host}`,
        ),
      },
      objectStorage: objectStorageInput(this, ark.objectStorage!),
      tlsCertificateRef: scale.tlsCertificateRef,
      allowedCidrs: [...new Set([...ark.adminCidrs, ...ark.contentCidrs])],
      backendCidr: scale.backendCidr,
      floatingIpPool: ark.floatingIpPool,
      adminPassword: adminPasswordVariable(this, ark),
      metadata: { 'release-train-role': 'ark' },
    });
    new TerraformOutput(this, 'vip_address', {
      staticId: true,
      description: `Fixed VIP address of ${ark.name}'s load balancer`,
      value: cluster.vipAddress,
    });
    return cluster;
  }
}
