// The test-<env> stack's lookups: where the admin CIDR comes from, and existing security groups by name.
import { Testing } from 'cdktf';
import { parseConfig } from '../../../config';
import { TestEnvironmentStack } from '../../../stacks/test-environment-stack';

const ENV = `openstack:
  cloud: ci
testEnvironments:
  - name: aio
    kind: aio
    prefix: rt-aio
    imageId: 6c8e0a2b-4d6f-4b8a-9c1e-3f5a7b9d1e2f
    network: { networkId: 3b5d7f9a-1c3e-4a5b-8d7f-9b1d3f5a7c9e, subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f }
    subnetCidr: 10.205.0.0/16
    sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorId: tiny }
    aio: { flavorId: large, securityGroups: [{ name: monitoring }] }
`;

function synth(text: string): any {
  const config = parseConfig(text, 'site.yaml');
  const app = Testing.app();
  const stack = new TestEnvironmentStack(app, 'test-aio', {
    openstack: config.openstack!,
    environment: config.testEnvironments[0],
  });
  return JSON.parse(Testing.synth(stack));
}

const subnetLookups = (json: any) => Object.values<any>(json.data?.openstack_networking_subnet_v2 ?? {});

test('a subnet by ID with its CIDR in the config: no lookup, the plan needs no cloud', () => {
  const json = synth(ENV);
  expect(subnetLookups(json)).toEqual([]);
  expect(json.output.admin_oc_cidr.value).toBe('10.205.0.0/16');
});

test('without subnetCidr the CIDR is read from the subnet, by its ID', () => {
  const json = synth(ENV.replace('    subnetCidr: 10.205.0.0/16\n', ''));
  expect(subnetLookups(json)).toEqual([expect.objectContaining({ subnet_id: '4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f' })]);
  expect(json.output.admin_oc_cidr.value).toMatch(/^\$\{data\.openstack_networking_subnet_v2\.SubnetLookup\.cidr\}$/);
});

test('a subnet by name with a CIDR: the lookup carries a postcondition naming both', () => {
  const json = synth(ENV.replace('subnetId: 4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6c8e0f', 'subnetName: admin-subnet'));
  const [lookup] = subnetLookups(json);
  expect(lookup.name).toBe('admin-subnet');
  expect(lookup.lifecycle.postcondition).toEqual([
    {
      condition: '${self.cidr == "10.205.0.0/16"}',
      error_message:
        'The subnet "admin-subnet" has the CIDR ${self.cidr}, but testEnvironments "aio" subnetCidr says 10.205.0.0/16: correct it, or leave it out to read it from the subnet.',
    },
  ]);
  expect(json.output.admin_oc_cidr.value).toBe('10.205.0.0/16');
});

test("an existing security group by name is looked up and put on the role's ports", () => {
  const json = synth(ENV);
  const [lookup] = Object.entries<any>(json.data.openstack_networking_secgroup_v2);
  expect(lookup[1]).toMatchObject({ name: 'monitoring' });
  const ports = Object.values<any>(json.resource.openstack_networking_port_v2);
  const aioPort = ports.find((p) => p.name.endsWith('-aio-01-port'));
  expect(aioPort.security_group_ids).toContain(`\${data.openstack_networking_secgroup_v2.${lookup[0]}.id}`);
});
