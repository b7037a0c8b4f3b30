import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { NetworkingNetworkV2 } from '../../../bindings/openstack/networking-network-v2';
import { NetworkingRouterInterfaceV2 } from '../../../bindings/openstack/networking-router-interface-v2';
import { NetworkingRouterV2 } from '../../../bindings/openstack/networking-router-v2';
import { NetworkingSubnetV2 } from '../../../bindings/openstack/networking-subnet-v2';
import { Network } from '../../../constructs';

describe('Network', () => {
  test('creates a network and a DHCP IPv4 subnet on it', () => {
    // WHEN
    const synthesized = Testing.synthScope((scope) => {
      new Network(scope, 'Net', { name: 'ark-net', cidr: '10.42.0.0/24', dnsNameservers: ['192.0.2.53'] });
    });
    // THEN
    expect(synthesized).toHaveResourceWithProperties(NetworkingNetworkV2, { name: 'ark-net', admin_state_up: true });
    expect(synthesized).toHaveResourceWithProperties(NetworkingSubnetV2, {
      name: 'ark-net',
      cidr: '10.42.0.0/24',
      ip_version: 4,
      enable_dhcp: true,
      dns_nameservers: ['192.0.2.53'],
      network_id: '${openstack_networking_network_v2.Net_DBED6B57.id}',
    });
  });

  test('a router to the external network when one is given, and none otherwise', () => {
    // WHEN
    const routed = Testing.synthScope((scope) => {
      new Network(scope, 'Net', { name: 'ark-net', cidr: '10.42.0.0/24', externalNetworkId: 'ext-id' });
    });
    const plain = Testing.synthScope((scope) => {
      new Network(scope, 'Net', { name: 'ark-net', cidr: '10.42.0.0/24' });
    });
    // THEN
    expect(routed).toHaveResourceWithProperties(NetworkingRouterV2, { name: 'ark-net', external_network_id: 'ext-id' });
    expect(routed).toHaveResourceWithProperties(NetworkingRouterInterfaceV2, {
      router_id: '${openstack_networking_router_v2.Net_Router_FA18067A.id}',
      subnet_id: '${openstack_networking_subnet_v2.Net_Subnet_6FF9249A.id}',
    });
    expect(plain).not.toHaveResource(NetworkingRouterV2);
  });

  test('fromNetworkAttributes creates nothing and passes the IDs through', () => {
    // GIVEN
    let imported: { networkId: string; subnetId: string } | undefined;
    // WHEN
    const synthesized = Testing.synthScope((scope) => {
      imported = Network.fromNetworkAttributes(scope, 'Existing', { networkId: 'net-id', subnetId: 'subnet-id' });
    });
    // THEN
    expect(imported).toEqual(expect.objectContaining({ networkId: 'net-id', subnetId: 'subnet-id' }));
    expect(synthesized).not.toHaveResource(NetworkingNetworkV2);
    expect(synthesized).not.toHaveResource(NetworkingSubnetV2);
  });

  test('fails on a CIDR that is not IPv4', () => {
    expect(() => Testing.synthScope((scope) => new Network(scope, 'Net', { name: 'n', cidr: '10.42.0.0' }))).toThrow(
      /Net: cidr must be an IPv4 CIDR, got "10\.42\.0\.0"/,
    );
  });
});
