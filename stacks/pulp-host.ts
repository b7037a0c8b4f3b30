// From a host's config to what a Pulp construct on OpenStack needs: its network (made or existing), its
// security group, its flavor and image IDs (literal or looked up), and the sensitive variables of secrets
// only the operator has. Shared by the ark and mirror stacks.
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { HostConfig, ObjectStorageConfig } from '../config/model';
import {
  INetwork,
  IPulpServer,
  Network,
  ObjectStorageInput,
  openStackIdOf,
  pulpIngressRules,
  PulpServerProps,
  SecurityGroup,
} from '../constructs';

export function hostNetwork(stack: TerraformStack, host: HostConfig): INetwork {
  const network = host.network;
  if (network.kind === 'existing') {
    return Network.fromNetworkAttributes(stack, 'Network', {
      networkId: openStackIdOf(stack, 'NetworkLookup', 'network', network.network),
      subnetId: openStackIdOf(stack, 'SubnetLookup', 'subnet', network.subnet),
    });
  }
  return new Network(stack, 'Network', {
    name: network.name,
    cidr: network.cidr,
    dnsNameservers: network.dnsNameservers,
    externalNetworkId: network.externalNetwork
      ? openStackIdOf(stack, 'ExternalNetworkLookup', 'network', network.externalNetwork)
      : undefined,
  });
}

/** A sensitive string variable: its value is given at plan time (TF_VAR_<name>), never synthesised. */
export function secretVariable(stack: TerraformStack, name: string, description: string): string {
  const variable = new TerraformVariable(stack, name, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description,
  });
  return variable.stringValue;
}

export function adminPasswordVariable(stack: TerraformStack, host: HostConfig): string {
  return secretVariable(stack, 'pulp_admin_password', `Password of the Pulp admin user of ${host.hostname}`);
}

export function objectStorageInput(stack: TerraformStack, storage: ObjectStorageConfig): ObjectStorageInput {
  return {
    ...storage,
    accessKey: secretVariable(stack, 'object_storage_access_key', `Access key ID for s3 bucket ${storage.bucket}`),
    secretKey: secretVariable(stack, 'object_storage_secret_key', `Secret key for s3 bucket ${storage.bucket}`),
  };
}

/** The network, security group and IDs of a single Pulp server on OpenStack. */
export function pulpServerProps(stack: TerraformStack, host: HostConfig, role: string): PulpServerProps {
  const securityGroup = new SecurityGroup(stack, 'SecurityGroup', {
    name: `${host.name}-pulp`,
    description: `${host.name}: SSH and the Pulp API for admins, content for clients`,
    ingress: pulpIngressRules({ ...host, pulpPort: host.tls ? 443 : 80 }),
  });
  return {
    name: host.name,
    hostname: host.hostname,
    network: hostNetwork(stack, host),
    securityGroups: [securityGroup],
    flavorId: openStackIdOf(stack, 'FlavorLookup', 'flavor', host.flavor),
    imageId: openStackIdOf(stack, 'ImageLookup', 'image', host.image),
    bootVolumeSizeGiB: host.bootVolumeSizeGiB,
    dataVolumeSizeGiB: host.dataVolumeSizeGiB,
    floatingIpPool: host.floatingIpPool,
    pulpImage: host.pulpImage,
    keyPair: host.keyPair,
    tls: host.tls,
    adminPassword: adminPasswordVariable(stack, host),
    metadata: { 'release-train-role': role },
  };
}

/** Outputs every Pulp stack has: where its API, content and registry are. */
export function pulpOutputs(stack: TerraformStack, pulp: IPulpServer, what: string): void {
  const output = (id: string, description: string, value: string) =>
    new TerraformOutput(stack, id, { staticId: true, description, value });
  output('api_url', `Pulp API origin of ${what}`, pulp.apiUrl);
  output('content_url', `Content prefix of ${what}`, pulp.contentUrl);
  output('registry_host', `Container registry host of ${what}`, pulp.registryHost);
}
