"""Test-bed shim: an Octavia network driver whose VIP is a real Neutron port.

Octavia's noop network driver invents a VIP port that Neutron does not know, so a client reading the load
balancer's vip_port_id back gets 404. This driver keeps every amphora-side operation a no-op (no amphora
ever boots here, and their management network is invented) but allocates, reads and deletes the VIP port,
and reads networks and subnets, through the real Neutron driver.
"""
from octavia.network import base
from octavia.network.drivers.neutron import allowed_address_pairs
from octavia.network.drivers.noop_driver import driver as noop


class TestbedRealVipPortDriver(noop.NoopNetworkDriver):
    def __init__(self):
        super().__init__()
        self._neutron = None

    @property
    def neutron(self):
        if self._neutron is None:
            self._neutron = allowed_address_pairs.AllowedAddressPairsDriver()
        return self._neutron

    def allocate_vip(self, loadbalancer):
        return self.neutron.allocate_vip(loadbalancer)

    def deallocate_vip(self, vip):
        return self.neutron.deallocate_vip(vip)

    # Networks, subnets and ports Neutron knows are read from Neutron; the worker also meets the noop amphorae's
    # side (their invented management network, the NIC ports plug_network invents), which only noop knows.
    def get_network(self, network_id, context=None):
        try:
            return self.neutron.get_network(network_id, context=context)
        except base.NetworkNotFound:
            return super().get_network(network_id)

    def get_subnet(self, subnet_id, context=None):
        try:
            return self.neutron.get_subnet(subnet_id, context=context)
        except base.SubnetNotFound:
            return super().get_subnet(subnet_id)

    def get_port(self, port_id, context=None):
        try:
            return self.neutron.get_port(port_id, context=context)
        except base.PortNotFound:
            return super().get_port(port_id)

    def get_network_by_name(self, network_name):
        return self.neutron.get_network_by_name(network_name)

    def get_subnet_by_name(self, subnet_name):
        return self.neutron.get_subnet_by_name(subnet_name)

    def get_port_by_name(self, port_name):
        return self.neutron.get_port_by_name(port_name)
