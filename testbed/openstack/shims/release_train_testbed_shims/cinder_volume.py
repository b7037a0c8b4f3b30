"""Test-bed shim: a Cinder volume driver that keeps volumes as metadata only.

There is no device-mapper (so no LVM) on the test machine. Volumes, volumes from images, attachments and
detachments go through the real Cinder API, scheduler and database; the backend holds no bytes, and the
connection info it hands to Nova is made up (Nova's fake virt driver never opens it).
"""
from oslo_log import log as logging

from cinder.volume import driver

LOG = logging.getLogger(__name__)

# What the backend reports as its capacity: large enough for every stack the tests apply.
CAPACITY_GIB = 100000


class TestbedMetadataOnlyVolumeDriver(driver.VolumeDriver):
    VERSION = '0.1'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stats = {}

    def do_setup(self, context):
        pass

    def check_for_setup_error(self):
        pass

    def _update_volume_stats(self):
        name = self.configuration.safe_get('volume_backend_name') or 'testbed'
        self._stats = {
            'volume_backend_name': name,
            'vendor_name': 'release-train test bed',
            'driver_version': self.VERSION,
            'storage_protocol': 'iSCSI',
            'total_capacity_gb': CAPACITY_GIB,
            'free_capacity_gb': CAPACITY_GIB,
            'reserved_percentage': 0,
            'thin_provisioning_support': True,
            'multiattach': False,
        }

    def get_volume_stats(self, refresh=False):
        if refresh or not self._stats:
            self._update_volume_stats()
        return self._stats

    def create_volume(self, volume):
        LOG.info('test bed: volume %s exists as metadata only', volume.id)
        return {'provider_location': 'testbed:%s' % volume.id}

    def delete_volume(self, volume):
        pass

    def clone_image(self, context, volume, image_location, image_meta, image_service):
        # A "clone" that copies nothing: the volume is created from the image without downloading it.
        return {'provider_location': 'testbed:%s' % volume.id}, True

    def create_volume_from_snapshot(self, volume, snapshot):
        return {'provider_location': 'testbed:%s' % volume.id}

    def create_cloned_volume(self, volume, src_vref):
        return {'provider_location': 'testbed:%s' % volume.id}

    def create_snapshot(self, snapshot):
        pass

    def delete_snapshot(self, snapshot):
        pass

    def extend_volume(self, volume, new_size):
        pass

    def ensure_export(self, context, volume):
        pass

    def create_export(self, context, volume, connector):
        pass

    def remove_export(self, context, volume):
        pass

    def initialize_connection(self, volume, connector):
        return {
            'driver_volume_type': 'iscsi',
            'data': {
                'target_discovered': False,
                'target_iqn': 'iqn.2010-10.org.openstack:testbed-%s' % volume.id,
                'target_portal': '127.0.0.1:3260',
                'target_lun': 0,
                'volume_id': volume.id,
                'access_mode': 'rw',
            },
        }

    def terminate_connection(self, volume, connector, **kwargs):
        pass
