// The catalogue the tests run against, made once at init from this one process over plain HTTP (one
// `openstack` CLI call costs 2-4 s here): service users and endpoints, the release-train project with its
// member user and an application credential, the general.v1.* flavors, a boot image, an external network
// whose subnet comes from a subnet pool (floating IPs), and quotas.
import { randomBytes } from 'node:crypto';
import { Secrets, SERVICE_USERS } from './config';
import { Credentials, TestbedClient } from './client';
import { API_URLS, REGION } from './layout';

export const MEMBER_PROJECT = 'release-train';
export const MEMBER_USER = 'release-train';
export const APP_CREDENTIAL = 'release-train-testbed';
export const IMAGE_NAME = 'testbed-cirros';
export const EXTERNAL_NETWORK = 'public';
const EXTERNAL_SUBNET = 'public-subnet';
const EXTERNAL_SUBNET_POOL = 'public-pool';
/** TEST-NET-3 (RFC 5737): a documentation range, never routed; no packet moves in the test bed anyway. */
const EXTERNAL_CIDR = '203.0.113.0/24';
/** The member project's existing network, routed to `public`: what configs name under network.existing. */
export const PROJECT_NETWORK = 'testbed-net';
export const PROJECT_SUBNET = 'testbed-subnet';
export const PROJECT_CIDR = '10.205.0.0/16';

/** The bed's admin, in the admin project. */
export function adminCredentials(secrets: Secrets): Credentials {
  return { username: 'admin', password: secrets.adminPassword, project: 'admin' };
}

/** The member user, in the member project: who the stacks deploy as. */
export function memberCredentials(secrets: Secrets): Credentials {
  return { username: MEMBER_USER, password: secrets.memberPassword, project: MEMBER_PROJECT };
}

/** name -> [vCPUs, RAM MiB, disk GiB]; the names the example configs use. */
export const FLAVORS: Readonly<Record<string, readonly [number, number, number]>> = {
  'general.v1.tiny': [1, 1024, 10],
  'general.v1.small': [2, 4096, 20],
  'general.v1.medium': [4, 8192, 40],
  'general.v1.large': [8, 16384, 80],
};

const SERVICES: readonly { name: string; type: string; url: string }[] = [
  { name: 'placement', type: 'placement', url: API_URLS.placement },
  { name: 'nova', type: 'compute', url: API_URLS.nova },
  { name: 'neutron', type: 'network', url: API_URLS.neutron },
  { name: 'glance', type: 'image', url: API_URLS.glance },
  { name: 'cinderv3', type: 'volumev3', url: API_URLS.cinder },
  { name: 'cinder', type: 'block-storage', url: API_URLS.cinder },
  { name: 'octavia', type: 'load-balancer', url: API_URLS.octavia },
  { name: 'barbican', type: 'key-manager', url: API_URLS.barbican },
];

export interface CatalogueFacts {
  readonly memberProjectId: string;
  readonly appCredentialId: string;
  readonly appCredentialSecret: string;
  readonly imageId: string;
  readonly externalNetworkId: string;
  readonly externalSubnetId: string;
  readonly projectNetworkId: string;
  readonly projectSubnetId: string;
}

async function ensureRole(admin: TestbedClient, name: string): Promise<string> {
  const found = await admin.list('identity', `/roles?name=${encodeURIComponent(name)}`, 'roles');
  if (found[0]) return found[0].id;
  return (await admin.call('identity', 'POST', '/roles', { role: { name } })).role.id;
}

async function grant(admin: TestbedClient, projectId: string, userId: string, roleId: string): Promise<void> {
  await admin.call('identity', 'PUT', `/projects/${projectId}/users/${userId}/roles/${roleId}`);
}

/** The Keystone part: made before the other services start, so that their users exist when they first log in. */
export async function makeIdentityCatalogue(secrets: Secrets): Promise<void> {
  const admin = await new TestbedClient(adminCredentials(secrets)).login();
  const roles: Record<string, string> = {};
  for (const name of ['admin', 'member', 'reader', 'service', 'creator', 'load-balancer_member'])
    roles[name] = await ensureRole(admin, name);
  const project = async (name: string) =>
    (await admin.call('identity', 'POST', '/projects', { project: { name, domain_id: 'default' } })).project.id;
  const serviceProject = await project('service');
  const user = async (name: string, password: string) =>
    (await admin.call('identity', 'POST', '/users', { user: { name, password, domain_id: 'default' } })).user.id;
  await Promise.all(
    SERVICE_USERS.map(async (name) => {
      const id = await user(name, secrets.servicePassword);
      await grant(admin, serviceProject, id, roles.admin);
      await grant(admin, serviceProject, id, roles.service);
    }),
  );
  await Promise.all(
    SERVICES.map(async (service) => {
      const id = (
        await admin.call('identity', 'POST', '/services', { service: { name: service.name, type: service.type } })
      ).service.id;
      for (const iface of ['public', 'internal', 'admin'])
        await admin.call('identity', 'POST', '/endpoints', {
          endpoint: { service_id: id, interface: iface, url: service.url, region_id: REGION },
        });
    }),
  );
  const memberProject = await project(MEMBER_PROJECT);
  const member = await user(MEMBER_USER, secrets.memberPassword);
  for (const role of ['member', 'reader', 'creator', 'load-balancer_member'])
    await grant(admin, memberProject, member, roles[role]);
  // The admin also works in the member project (the sweep and cleanup checks list it).
  await grant(admin, memberProject, admin.userId, roles.admin);
}

async function uploadImage(admin: TestbedClient): Promise<string> {
  const image = await admin.call('image', 'POST', '/v2/images', {
    name: IMAGE_NAME,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
    min_disk: 1,
  });
  // A few bytes stand for the image: no guest ever boots on the fake hypervisor.
  await admin.call('image', 'PUT', `/v2/images/${image.id}/file`, new Uint8Array(randomBytes(64 * 1024)));
  return image.id;
}

/**
 * Has Neutron make every project's `default` security group now. It makes one lazily, the first time a
 * project lists security groups or gets a port (Octavia's amphora ports in the service project, say); left to
 * then, it would appear during a test and read as a leftover of the stack under test. Listing with a project
 * filter makes it for that project (neutron/db/securitygroups_db.py, get_security_groups); repeating it is a no-op.
 */
export async function ensureDefaultSecurityGroups(secrets: Secrets): Promise<void> {
  const admin = await new TestbedClient(adminCredentials(secrets)).login();
  const projects = await admin.list('identity', '/projects', 'projects');
  for (const project of projects)
    await admin.list('network', `/security-groups?project_id=${project.id}`, 'security_groups');
}

/** Everything else, once Nova, Neutron, Glance and Cinder answer. */
export async function makeResourceCatalogue(secrets: Secrets): Promise<CatalogueFacts> {
  const admin = await new TestbedClient(adminCredentials(secrets)).login();
  const [memberProject] = await admin.list('identity', `/projects?name=${MEMBER_PROJECT}`, 'projects');
  await Promise.all(
    Object.entries(FLAVORS).map(([name, [vcpus, ram, disk]]) =>
      admin.call('compute', 'POST', '/flavors', {
        flavor: { name, vcpus, ram, disk, 'os-flavor-access:is_public': true },
      }),
    ),
  );
  const imageId = await uploadImage(admin);
  const network = (
    await admin.call('network', 'POST', '/networks', {
      network: {
        name: EXTERNAL_NETWORK,
        'router:external': true,
        'provider:network_type': 'flat',
        'provider:physical_network': 'physnet1',
        shared: false,
      },
    })
  ).network;
  const pool = (
    await admin.call('network', 'POST', '/subnetpools', {
      subnetpool: { name: EXTERNAL_SUBNET_POOL, prefixes: [EXTERNAL_CIDR], default_prefixlen: 24, shared: true },
    })
  ).subnetpool;
  const subnet = (
    await admin.call('network', 'POST', '/subnets', {
      subnet: {
        name: EXTERNAL_SUBNET,
        network_id: network.id,
        subnetpool_id: pool.id,
        ip_version: 4,
        prefixlen: 24,
        enable_dhcp: false,
      },
    })
  ).subnet;
  const project = memberProject.id;
  await admin.call('compute', 'PUT', `/os-quota-sets/${project}`, {
    quota_set: { instances: 40, cores: 400, ram: 800_000, key_pairs: 100, server_groups: 20 },
  });
  await admin.call('volumev3', 'PUT', `/os-quota-sets/${project}`, {
    quota_set: { volumes: 100, gigabytes: 20_000, snapshots: 50 },
  });
  await admin.call('network', 'PUT', `/quotas/${project}`, {
    quota: {
      network: 20,
      subnet: 20,
      port: 300,
      router: 10,
      floatingip: 30,
      security_group: 50,
      security_group_rule: 500,
    },
  });
  const member = await new TestbedClient(memberCredentials(secrets)).login();
  const projectNetwork = (await member.call('network', 'POST', '/networks', { network: { name: PROJECT_NETWORK } }))
    .network;
  const projectSubnet = (
    await member.call('network', 'POST', '/subnets', {
      subnet: { name: PROJECT_SUBNET, network_id: projectNetwork.id, ip_version: 4, cidr: PROJECT_CIDR },
    })
  ).subnet;
  const router = (
    await member.call('network', 'POST', '/routers', {
      router: { name: 'testbed-router', external_gateway_info: { network_id: network.id } },
    })
  ).router;
  await member.call('network', 'PUT', `/routers/${router.id}/add_router_interface`, { subnet_id: projectSubnet.id });
  const secret = randomBytes(24).toString('base64url');
  const credential = (
    await member.call('identity', 'POST', `/users/${member.userId}/application_credentials`, {
      application_credential: { name: APP_CREDENTIAL, secret, description: 'release-train test bed' },
    })
  ).application_credential;
  return {
    memberProjectId: project,
    appCredentialId: credential.id,
    appCredentialSecret: secret,
    imageId,
    externalNetworkId: network.id,
    externalSubnetId: subnet.id,
    projectNetworkId: projectNetwork.id,
    projectSubnetId: projectSubnet.id,
  };
}
