import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkingNetworkV2 } from '../bindings/openstack/networking-network-v2';
import { NetworkingRouterInterfaceV2 } from '../bindings/openstack/networking-router-interface-v2';
import { NetworkingRouterV2 } from '../bindings/openstack/networking-router-v2';
import { NetworkingSubnetV2 } from '../bindings/openstack/networking-subnet-v2';
import { isResolved, validateProps } from './validation';

/** A Neutron network with the subnet that hosts attach to. */
export interface INetwork {
  readonly networkId: string;
  readonly subnetId: string;
  /**
   * What a floating IP on this subnet waits for: the router interface to the external network, when this stack
   * makes it (Neutron refuses a floating IP for a port whose subnet has no route out yet: 404
   * ExternalGatewayForFloatingIPNotFound, found applying on a real Neutron).
   */
  readonly externalRoute?: ITerraformDependable;
}

export interface NetworkAttributes {
  readonly networkId: string;
  readonly subnetId: string;
}

export interface NetworkProps {
  /** Name of the network and its subnet in Neutron. */
  readonly name: string;
  /** IPv4 CIDR of the subnet, e.g. `10.42.0.0/24`. */
  readonly cidr: string;
  /**
   * DNS servers that DHCP hands out.
   * @default - the cloud's default resolvers
   */
  readonly dnsNameservers?: readonly string[];
  /**
   * External network that a router connects the subnet to (needed for floating IPs and outbound traffic).
   * @default - no router: the subnet reaches only what the network itself reaches
   */
  readonly externalNetworkId?: string;
  /**
   * Neutron tags on the network and subnet.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** Creates a network, one DHCP-enabled IPv4 subnet and, optionally, a router to an external network. */
export class Network extends Construct implements INetwork {
  /** A network that exists already (e.g. a site's provider network): nothing is created. */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: NetworkAttributes): INetwork {
    class Imported extends Construct implements INetwork {
      public readonly networkId = attrs.networkId;
      public readonly subnetId = attrs.subnetId;
    }
    return new Imported(scope, id);
  }

  public readonly networkId: string;
  public readonly subnetId: string;
  public readonly externalRoute?: ITerraformDependable;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    validateProps(this, [
      {
        invalid: isResolved(props.cidr) && !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(props.cidr),
        message: `cidr must be an IPv4 CIDR, got ${JSON.stringify(props.cidr)}`,
      },
    ]);
    const tags = props.tags ? [...props.tags] : undefined;
    const network = new NetworkingNetworkV2(this, 'Resource', { name: props.name, adminStateUp: true, tags });
    const subnet = new NetworkingSubnetV2(this, 'Subnet', {
      name: props.name,
      networkId: network.id,
      cidr: props.cidr,
      ipVersion: 4,
      enableDhcp: true,
      dnsNameservers: props.dnsNameservers ? [...props.dnsNameservers] : undefined,
      tags,
    });
    if (props.externalNetworkId !== undefined) {
      const router = new NetworkingRouterV2(this, 'Router', {
        name: props.name,
        externalNetworkId: props.externalNetworkId,
        adminStateUp: true,
        tags,
      });
      this.externalRoute = new NetworkingRouterInterfaceV2(this, 'RouterInterface', {
        routerId: router.id,
        subnetId: subnet.id,
      });
    }
    this.networkId = network.id;
    this.subnetId = subnet.id;
  }
}
