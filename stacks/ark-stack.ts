import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OpenstackProvider } from '../bindings/openstack/provider';
import { HostConfig, OpenStackSettings } from '../config/model';
import { INetwork, IngressRule, Network, openStackIdOf, PulpServer, SecurityGroup, Server } from '../constructs';
import { ReleaseTrainStack } from './release-train-stack';

export interface ArkStackProps {
  readonly openstack: OpenStackSettings;
  readonly host: HostConfig;
}

/** HTTPS carries Pulp's content app, its container registry and its REST API. */
const HTTPS_PORT = 443;
const SSH_PORT = 22;

/** Ark's infrastructure: its network, a least-privilege security group, and the Pulp server. */
export class ArkStack extends ReleaseTrainStack {
  public readonly pulp: PulpServer;
  public readonly server: Server;

  constructor(scope: Construct, id: string, props: ArkStackProps) {
    super(scope, id, props.host.suppressions);
    const { host } = props;
    new OpenstackProvider(this, 'openstack', { cloud: props.openstack.cloud, region: props.openstack.region });

    const network: INetwork =
      host.network.kind === 'create'
        ? new Network(this, 'Network', {
            name: host.network.name,
            cidr: host.network.cidr,
            dnsNameservers: host.network.dnsNameservers,
          })
        : Network.fromNetworkAttributes(this, 'Network', {
            networkId: openStackIdOf(this, 'NetworkLookup', 'network', host.network.network),
            subnetId: openStackIdOf(this, 'SubnetLookup', 'subnet', host.network.subnet),
          });

    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${host.name}-pulp`,
      description: `${host.name}: SSH and the Pulp API for admins, HTTPS content for clients`,
      ingress: ingressRules(host),
    });

    this.pulp = new PulpServer(this, 'Pulp', {
      name: host.name,
      hostname: host.hostname,
      network,
      securityGroups: [securityGroup],
      flavorId: openStackIdOf(this, 'FlavorLookup', 'flavor', host.flavor),
      imageId: openStackIdOf(this, 'ImageLookup', 'image', host.image),
      bootVolumeSizeGiB: host.bootVolumeSizeGiB,
      dataVolumeSizeGiB: host.dataVolumeSizeGiB,
      floatingIpPool: host.floatingIpPool,
      pulpImage: host.pulpImage,
      keyPair: host.keyPair,
      metadata: { 'release-train-role': 'ark' },
    });
    this.server = this.pulp.server;

    new TerraformOutput(this, 'api_url', {
      staticId: true,
      description: `Pulp API origin of ${host.name}`,
      value: this.pulp.apiUrl,
    });
    new TerraformOutput(this, 'private_ip', {
      staticId: true,
      description: `Fixed IPv4 address of ${host.name} on its network`,
      value: this.server.privateIpV4,
    });
    new TerraformOutput(this, 'instance_id', {
      staticId: true,
      description: `Nova ID of ${host.name}`,
      value: this.server.instanceId,
    });
  }
}

function ingressRules(host: HostConfig): IngressRule[] {
  const admin = host.adminCidrs.flatMap((cidr): IngressRule[] => [
    { description: 'SSH from admins', protocol: 'tcp', fromPort: SSH_PORT, remoteCidr: cidr },
    { description: 'Pulp API from admins', protocol: 'tcp', fromPort: HTTPS_PORT, remoteCidr: cidr },
  ]);
  const content = host.contentCidrs
    .filter((cidr) => !host.adminCidrs.includes(cidr))
    .map((cidr): IngressRule => ({
      description: 'Pulp content and registry',
      protocol: 'tcp',
      fromPort: HTTPS_PORT,
      remoteCidr: cidr,
    }));
  return [...admin, ...content];
}
