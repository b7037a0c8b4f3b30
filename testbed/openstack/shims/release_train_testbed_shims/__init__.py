"""Test-bed shims for release-train's OpenStack harness (testbed/openstack/).

Not a product part: each module stands in for a datapath or a storage backend that cannot run on the test
machine, so that the real OpenStack APIs above them (Neutron, Cinder, Octavia, Barbican) can be driven for real.
"""
