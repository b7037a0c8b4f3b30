// The configs the cloud tests deploy: the shapes of config/examples, with every flavor, image and existing
// network named (the real provider looks each name up on the test bed) and the test bed's catalogue names.
import {
  EXTERNAL_NETWORK,
  IMAGE_NAME,
  PROJECT_CIDR,
  PROJECT_NETWORK,
  PROJECT_SUBNET,
} from '../../testbed/openstack/catalogue';
import { CLOUD_MEMBER } from '../../testbed/openstack/harness';
import * as fs from 'node:fs';
import { KAYOBE_EXAMPLE_FILE } from '../support/kayobe-cases';

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq release-train-ci';
const existing = `{ networkName: ${PROJECT_NETWORK}, subnetName: ${PROJECT_SUBNET} }`;

export interface ArkOptions {
  readonly imageName?: string;
  readonly pulpImage?: string;
  readonly flavorName?: string;
}

export function arkSingle(options: ArkOptions = {}): string {
  return `openstack:
  cloud: ${CLOUD_MEMBER}
ark:
  name: rt-ark
  hostname: ark.testbed.example.org
  flavorName: ${options.flavorName ?? 'general.v1.small'}
  imageName: ${options.imageName ?? IMAGE_NAME}
  bootVolumeSizeGiB: 10
  dataVolumeSizeGiB: 20
${options.pulpImage ? `  pulpImage: ${options.pulpImage}\n` : ''}  floatingIpPool: ${EXTERNAL_NETWORK}
  network:
    create:
      name: rt-ark-net
      cidr: 10.42.0.0/24
      dnsNameservers: [192.0.2.53]
      externalNetworkName: ${EXTERNAL_NETWORK}
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
`;
}

export function arkAtScale(tlsCertificateRef: string): string {
  return `openstack:
  cloud: ${CLOUD_MEMBER}
ark:
  name: rt-ark
  hostname: ark.testbed.example.org
  flavorName: general.v1.small
  imageName: ${IMAGE_NAME}
  bootVolumeSizeGiB: 10
  floatingIpPool: ${EXTERNAL_NETWORK}
  network:
    create:
      name: rt-ark-net
      cidr: 10.42.0.0/24
      dnsNameservers: [192.0.2.53]
      externalNetworkName: ${EXTERNAL_NETWORK}
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
  objectStorage:
    endpointUrl: https://s3.testbed.example.org
    bucket: ark-artifacts
  scale:
    apiNodes: 3
    workerNodes: 1
    workerFlavorName: general.v1.tiny
    database: { host: pg.testbed.example.org }
    tlsCertificateRef: ${tlsCertificateRef}
`;
}

export function mirrorOnOpenStack(): string {
  return `openstack:
  cloud: ${CLOUD_MEMBER}
ark:
  name: rt-ark
  existingHost: { url: https://ark.testbed.example.org }
mirrors:
  - name: site-a
    upstream: rt-ark
    openstack:
      cloud: ${CLOUD_MEMBER}
      name: rt-site-a-pulp
      hostname: pulp.site-a.example.net
      flavorName: general.v1.small
      imageName: ${IMAGE_NAME}
      bootVolumeSizeGiB: 10
      dataVolumeSizeGiB: 50
      network:
        existing: ${existing}
      adminCidrs: [198.51.100.0/28]
      contentCidrs: [${PROJECT_CIDR}]
`;
}

export interface TestEnvOptions {
  readonly computes?: number;
}

export function testEnvironments(prefix: string, options: TestEnvOptions = {}): string {
  return `openstack:
  cloud: ${CLOUD_MEMBER}
testEnvironments:
  - name: aio
    kind: aio
    prefix: ${prefix}-aio
    imageName: ${IMAGE_NAME}
    network: ${existing}
    subnetCidr: ${PROJECT_CIDR}
    sshPublicKey: ${SSH_KEY}
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorName: general.v1.tiny, bootVolumeSizeGiB: 10, floatingIpPool: ${EXTERNAL_NETWORK} }
    aio: { flavorName: general.v1.large, bootVolumeSizeGiB: 10 }
    tags: [release-train-ci]
  - name: multinode
    kind: multinode
    prefix: ${prefix}-mn
    imageName: ${IMAGE_NAME}
    network: ${existing}
    subnetCidr: ${PROJECT_CIDR}
    sshPublicKey: ${SSH_KEY}
    adminCidrs: [198.51.100.0/28]
    controlHost: { flavorName: general.v1.tiny, floatingIpPool: ${EXTERNAL_NETWORK} }
    seed: { flavorName: general.v1.tiny }
    controllers: { count: 3, flavorName: general.v1.medium }
    computes: { count: ${options.computes ?? 2}, flavorName: general.v1.medium }
    storage: { count: 3, flavorName: general.v1.small }
    osdVolumes: { perHost: 1, sizeGiB: 40 }
    infraVms:
      - { name: wazuh-manager, role: wazuh-manager, flavorName: general.v1.tiny }
    tags: [release-train-ci]
`;
}

export function builders(): string {
  return `openstack:
  cloud: ${CLOUD_MEMBER}
buildHostPools:
  - name: rt-builder
    count: 2
    flavorName: general.v1.large
    imageName: ${IMAGE_NAME}
    bootVolumeSizeGiB: 20
    network: ${existing}
    runnerUrl: https://github.com/stackhpc/stackhpc-release-train
    labels: [stackhpc-release-train, image-build]
    adminCidrs: [198.51.100.0/28]
    sshPublicKey: ${SSH_KEY}
`;
}

/**
 * A config in the words of config/examples/kayobe-multinode.yaml (the names of its tfvars-style cloud), with the
 * cloud and the names of the image, network, subnet and floating IP pool switched to the test bed's, which the
 * real provider looks up while planning. A name left unswitched is an error.
 */
export function kayobeOnTestbed(text: string): string {
  const switched = text
    .replace('cloud: kayobe-ci', `cloud: ${CLOUD_MEMBER}`)
    .replace('imageName: overcloud-rocky-9', `imageName: ${IMAGE_NAME}`)
    .replace('{ networkName: kayobe-ci-net, subnetName: kayobe-ci-subnet }', existing)
    .replace('floatingIpPool: external', `floatingIpPool: ${EXTERNAL_NETWORK}`);
  for (const name of ['kayobe-ci-net', 'kayobe-ci-subnet', 'overcloud-rocky-9', 'cloud: kayobe-ci'])
    if (switched.includes(name)) throw new Error(`kayobe-multinode.yaml: ${name} was not switched to the test bed's`);
  return switched;
}

/** config/examples/kayobe-multinode.yaml as written, on the test bed. */
export function kayobeMultinodeExample(): string {
  return kayobeOnTestbed(fs.readFileSync(KAYOBE_EXAMPLE_FILE, 'utf8'));
}
