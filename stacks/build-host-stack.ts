import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OpenstackProvider } from '../bindings/openstack/provider';
import { BackendConfig, BuildHostPoolConfig, OpenStackSettings } from '../config/model';
import { BuildHostPool, Network, openStackIdOf } from '../constructs';
import { secretVariable } from './pulp-host';
import { ReleaseTrainStack } from './release-train-stack';

export interface BuildHostStackProps {
  readonly openstack: OpenStackSettings;
  readonly pool: BuildHostPoolConfig;
  /** @default - local state */
  readonly backend?: BackendConfig;
}

/** A pool of CI runner hosts, `builders-<name>`. */
export class BuildHostStack extends ReleaseTrainStack {
  public readonly pool: BuildHostPool;

  constructor(scope: Construct, id: string, props: BuildHostStackProps) {
    const { pool } = props;
    super(scope, id, { backend: props.backend, suppressions: pool.suppressions });
    new OpenstackProvider(this, 'openstack', { cloud: props.openstack.cloud, region: props.openstack.region });
    this.pool = new BuildHostPool(this, 'Pool', {
      name: pool.name,
      count: pool.count,
      network: Network.fromNetworkAttributes(this, 'Network', {
        networkId: openStackIdOf(this, 'NetworkLookup', 'network', pool.network.network),
        subnetId: openStackIdOf(this, 'SubnetLookup', 'subnet', pool.network.subnet),
      }),
      flavorId: openStackIdOf(this, 'FlavorLookup', 'flavor', pool.flavor),
      imageId: openStackIdOf(this, 'ImageLookup', 'image', pool.image),
      bootVolumeSizeGiB: pool.bootVolumeSizeGiB,
      sshPublicKey: pool.sshPublicKey,
      adminCidrs: pool.adminCidrs,
      runnerUrl: pool.runnerUrl,
      registrationToken: secretVariable(
        this,
        'runner_registration_token',
        `CI runner registration token for ${pool.runnerUrl}`,
      ),
      labels: pool.labels,
    });
    new TerraformOutput(this, 'host_addresses', {
      staticId: true,
      description: `Fixed IPs of the ${pool.name} hosts`,
      value: this.pool.hosts.map((host) => host.privateIpV4),
    });
  }
}
