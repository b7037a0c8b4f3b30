import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { ComputeInstanceV2 } from '../../../bindings/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../../../bindings/openstack/networking-port-v2';
import { Network, Server, ServerProps } from '../../../constructs';

const IMAGE = '1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f';

function synth(props: Partial<ServerProps> = {}) {
  return Testing.synthScope((scope) => {
    const network = Network.fromNetworkAttributes(scope, 'Net', { networkId: 'net-id', subnetId: 'subnet-id' });
    new Server(scope, 'Host', {
      name: 'ark',
      network,
      securityGroups: [{ securityGroupId: 'sg-id' }],
      flavorId: 'm1.large',
      imageId: IMAGE,
      ...props,
    });
  });
}

describe('Server', () => {
  test('boots from a volume created from the image, by ID', () => {
    // WHEN
    const synthesized = synth();
    // THEN
    expect(synthesized).toHaveResourceWithProperties(ComputeInstanceV2, {
      name: 'ark',
      flavor_id: 'm1.large',
      block_device: [
        {
          source_type: 'image',
          uuid: IMAGE,
          destination_type: 'volume',
          volume_size: 20,
          boot_index: 0,
          delete_on_termination: true,
        },
      ],
      network: [{ port: '${openstack_networking_port_v2.Host_Port_48F7BD87.id}' }],
    });
    const instance = Object.values<any>(JSON.parse(synthesized).resource.openstack_compute_instance_v2)[0];
    expect(instance.image_id).toBeUndefined();
  });

  test('attaches through its own port with the security groups and subnet', () => {
    expect(synth({ fixedIpV4: '10.42.0.10' })).toHaveResourceWithProperties(NetworkingPortV2, {
      name: 'ark-port',
      network_id: 'net-id',
      security_group_ids: ['sg-id'],
      fixed_ip: [{ subnet_id: 'subnet-id', ip_address: '10.42.0.10' }],
    });
  });

  test('passes size, key pair, metadata and tags through', () => {
    expect(
      synth({ bootVolumeSizeGiB: 100, keyPair: 'admin', metadata: { role: 'ark' }, tags: ['release-train'] }),
    ).toHaveResourceWithProperties(ComputeInstanceV2, {
      key_pair: 'admin',
      metadata: { role: 'ark' },
      tags: ['release-train'],
      block_device: [expect.objectContaining({ volume_size: 100 })],
    });
  });

  test('a boot volume of 0 boots from the local disk: the image on the instance, no block device', () => {
    const json = JSON.parse(synth({ bootVolumeSizeGiB: 0, createTimeout: '90m' }));
    const [instance] = Object.values<any>(json.resource.openstack_compute_instance_v2);
    expect(instance.image_id).toBe(IMAGE);
    expect(instance.block_device).toBeUndefined();
    expect(instance.timeouts).toEqual({ create: '90m' });
  });

  test.each([
    [{ bootVolumeSizeGiB: -1 }, /bootVolumeSizeGiB must be a whole number \(0 for the local disk\), got -1/],
    [{ bootVolumeSizeGiB: 1.5 }, /bootVolumeSizeGiB must be a whole number \(0 for the local disk\), got 1\.5/],
    [{ flavorId: ' ' }, /flavorId must be a flavor ID, got an empty string/],
    [{ imageId: '' }, /imageId must be an image ID, got an empty string/],
  ])('fails on invalid props %#', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
