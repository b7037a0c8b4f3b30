"""Test-bed shim: an Octavia network driver whose VIP is a real Neutron port.

Octavia's noop network driver invents a VIP port that Neutron does not know, so a client reading the load
balancer's vip_port_id back gets 404. This driver keeps every amphora-side operation a no-op (no amphora
ever boots here, and their management network is invented) but allocates, reads and deletes the VIP port,
and reads networks and subnets, through the real Neutron driver.
"""
from oslo_config import cfg

from octavia.network.drivers.neutron import allowed_address_pairs
from octavia.network.drivers.noop_driver import driver as noop

CONF = cfg.CONF


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

    def get_network(self, network_id, context=None):
        # The amphorae's management network exists only for the noop amphorae (no amphora boots here).
        if network_id in CONF.controller_worker.amp_boot_network_list:
            return super().get_network(network_id)
        return self.neutron.get_network(network_id, context=context)

    def get_subnet(self, subnet_id, context=None):
        return self.neutron.get_subnet(subnet_id, context=context)

    def get_port(self, port_id, context=None):
        return self.neutron.get_port(port_id, context=context)

    def get_network_by_name(self, network_name):
        return self.neutron.get_network_by_name(network_name)

    def get_subnet_by_name(self, subnet_name):
        return self.neutron.get_subnet_by_name(subnet_name)

    def get_port_by_name(self, port_name):
        return self.neutron.get_port_by_name(port_name)
