// Every example stack applied for real on the test bed's OpenStack: apply; plan again = no changes; destroy;
// then the real APIs (servers, volumes, ports, networks, subnets, routers, security groups, floating IPs, key
// pairs, load balancers) list exactly what they listed before the apply. Names in the configs (flavors, the
// image, the existing network and subnet, the external network) are looked up by the real provider.
// The tasks are off (RELEASE_TRAIN_TASKS=off): no guest runs on the fake hypervisor, so no Pulp would answer on
// a new server. The task paths are covered by test/integration/deploy-mirror.test.ts on the harness Pulps.
import { adminClient } from '../../testbed/openstack/harness';
import { FLAVORS, IMAGE_NAME, PROJECT_NETWORK } from '../../testbed/openstack/catalogue';
import { certificateContainer, cycle } from '../support/cloud';
import { arkAtScale, arkSingle, builders, mirrorOnOpenStack, testEnvironments } from './configs';

jest.setTimeout(1_200_000);

test('ark (single server): the names resolve to the real flavor, image and external network', async () => {
  await cycle(arkSingle(), 'ark', async (stack) => {
    const admin = await adminClient();
    const resources = await stack.stateResources();
    const instance = resources.find((r) => r.type === 'openstack_compute_instance_v2').values;
    const [flavor] = (await admin.list('compute', '/flavors/detail', 'flavors')).filter(
      (f) => f.name === 'general.v1.small',
    );
    expect(instance.flavor_id).toBe(flavor.id);
    const [image] = await admin.list('image', `/v2/images?name=${IMAGE_NAME}`, 'images');
    expect(instance.block_device[0].uuid).toBe(image.id);
    const server = (await admin.call('compute', 'GET', `/servers/${instance.id}`)).server;
    expect(server.status).toBe('ACTIVE');
    expect(Object.keys(FLAVORS)).toContain(server.flavor.original_name);
  });
});

test('ark at scale: three API nodes behind Octavia terminating TLS with a Barbican certificate container', async () => {
  const certificate = await certificateContainer('ark.testbed.example.org');
  try {
    await cycle(arkAtScale(certificate.ref), 'ark', async (stack) => {
      const admin = await adminClient();
      const resources = await stack.stateResources();
      const lb = resources.find((r) => r.type === 'openstack_lb_loadbalancer_v2').values;
      const real = (await admin.call('load-balancer', 'GET', `/v2/lbaas/loadbalancers/${lb.id}`)).loadbalancer;
      expect(real.provisioning_status).toBe('ACTIVE');
      // The VIP is a real Neutron port (the test bed's Octavia network driver makes one).
      const vip = (await admin.call('network', 'GET', `/ports/${real.vip_port_id}`)).port;
      expect(vip.fixed_ips[0].ip_address).toBe(real.vip_address);
      const listeners = await admin.list('load-balancer', `/v2/lbaas/listeners?loadbalancer_id=${lb.id}`, 'listeners');
      expect(listeners.map((l) => l.protocol)).toContain('TERMINATED_HTTPS');
      expect(listeners.find((l) => l.protocol === 'TERMINATED_HTTPS').default_tls_container_ref).toBe(certificate.ref);
      const members = resources.filter((r) => r.type === 'openstack_lb_member_v2');
      expect(members.length).toBeGreaterThanOrEqual(3);
    });
  } finally {
    await certificate.remove();
  }
});

test('mirror on OpenStack: on the existing network and subnet, looked up by name', async () => {
  await cycle(mirrorOnOpenStack(), 'mirror-site-a', async (stack) => {
    const admin = await adminClient();
    const [network] = await admin.list('network', `/networks?name=${PROJECT_NETWORK}`, 'networks');
    const port = (await stack.stateResources()).find((r) => r.type === 'openstack_networking_port_v2').values;
    expect(port.network_id).toBe(network.id);
  });
});

test('test-aio', async () => {
  await cycle(testEnvironments('rt-cloud'), 'test-aio');
});

test('test-multinode', async () => {
  await cycle(testEnvironments('rt-cloud'), 'test-multinode', async (stack) => {
    const admin = await adminClient();
    const servers = await admin.list(
      'compute',
      '/servers/detail?all_tenants=1&tags=release-train-prefix%3Drt-cloud-mn',
      'servers',
    );
    const inState = (await stack.stateResources()).filter((r) => r.type === 'openstack_compute_instance_v2');
    expect(servers.length).toBe(inState.length);
    expect(servers.every((s) => s.status === 'ACTIVE')).toBe(true);
  });
});

test('builders', async () => {
  await cycle(builders(), 'builders-rt-builder');
});
