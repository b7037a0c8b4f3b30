"""Test-bed shim: an ML2 mechanism driver that binds every port without an agent.

No Open vSwitch or Linux bridge agent can run a datapath here, yet Nova needs ports bound to boot a server.
This driver binds each segment it is offered as an OVS port, ACTIVE at once; no packet ever moves.
"""
from neutron_lib.api.definitions import portbindings
from neutron_lib import constants
from neutron_lib.plugins.ml2 import api


class TestbedBindEveryPortMechanismDriver(api.MechanismDriver):
    def initialize(self):
        pass

    def bind_port(self, context):
        for segment in context.segments_to_bind:
            context.set_binding(
                segment[api.ID],
                portbindings.VIF_TYPE_OVS,
                {portbindings.CAP_PORT_FILTER: True, portbindings.OVS_HYBRID_PLUG: False},
                status=constants.PORT_STATUS_ACTIVE,
            )
            return
