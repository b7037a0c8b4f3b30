import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { OpenstackProvider } from '../bindings/openstack/provider';
import { BackendConfig, OpenStackSettings, TestEnvironmentConfig, TestHostSettings } from '../config/model';
import { PREFIX, PREFIX_TAG_KEY } from '../config/test-env-reader';
import { Network, openStackIdOf, subnetWithCidr, TestEnvironment } from '../constructs';
import { ReleaseTrainStack } from './release-train-stack';

export interface TestEnvironmentStackProps {
  readonly openstack: OpenStackSettings;
  readonly environment: TestEnvironmentConfig;
  /** @default - local state */
  readonly backend?: BackendConfig;
}

/** Host names must stay valid DNS labels once the role and number are appended (the config's own pattern). */
const PREFIX_REGEX = PREFIX.pattern.source;

/**
 * A test cloud, `test-<name>`. Its names carry the `prefix` variable, which CI sets per run
 * (`TF_VAR_prefix=ci-<run id>`), so that parallel runs never collide.
 */
export class TestEnvironmentStack extends ReleaseTrainStack {
  public readonly environment: TestEnvironment;

  constructor(scope: Construct, id: string, props: TestEnvironmentStackProps) {
    const env = props.environment;
    super(scope, id, { backend: props.backend, suppressions: env.suppressions });
    new OpenstackProvider(this, 'openstack', { cloud: props.openstack.cloud, region: props.openstack.region });
    const prefix = new TerraformVariable(this, 'prefix', {
      type: 'string',
      default: env.defaultPrefix,
      description: 'Prefix of every name in this environment; one per CI run',
      validation: [
        {
          condition: `\${can(regex("${PREFIX_REGEX}", var.prefix))}`,
          errorMessage: 'prefix must be 2-32 lowercase letters, digits or "-", starting with a letter.',
        },
      ],
    });
    // One lookup per flavor name, however many host kinds share it (a multinode cloud has 2 or 3 flavors).
    const flavorIds = new Map<string, string>();
    const flavor = (ref: TestEnvironmentConfig['controlHost']['flavor']) => {
      if ('id' in ref) return ref.id;
      const id =
        flavorIds.get(ref.name) ?? openStackIdOf(this, `FlavorLookup-${encodeURIComponent(ref.name)}`, 'flavor', ref);
      flavorIds.set(ref.name, id);
      return id;
    };
    const host = (name: string, settings: TestHostSettings) => ({
      flavorId: flavor(settings.flavor),
      bootVolumeSizeGiB: settings.bootVolumeSizeGiB,
      bootVolumeType: settings.bootVolumeType,
      configDrive: settings.configDrive,
      availabilityZone: settings.availabilityZone,
      securityGroupIds: settings.securityGroups.map((ref, i) =>
        openStackIdOf(this, `${name}SecurityGroup${i}Lookup`, 'securityGroup', ref),
      ),
      metadata: settings.metadata,
    });
    const role = (name: string, group: TestEnvironmentConfig['roles']['seed']) =>
      group.count === 0 ? undefined : { count: group.count, ...host(name, group) };
    const subnet = subnetWithCidr(
      this,
      'SubnetLookup',
      env.network.subnet,
      env.subnetCidr,
      `testEnvironments "${env.name}" subnetCidr`,
    );
    this.environment = new TestEnvironment(this, 'Environment', {
      prefix: prefix.stringValue,
      network: Network.fromNetworkAttributes(this, 'Network', {
        networkId: openStackIdOf(this, 'NetworkLookup', 'network', env.network.network),
        subnetId: subnet.subnetId,
      }),
      imageId: openStackIdOf(this, 'ImageLookup', 'image', env.image),
      sshPublicKey: env.sshPublicKey,
      controlHost: { ...host('ControlHost', env.controlHost), floatingIpPool: env.controlHost.floatingIpPool },
      roles: {
        seed: role('Seed', env.roles.seed),
        controller: role('Controller', env.roles.controller),
        compute: role('Compute', env.roles.compute),
        storage: role('Storage', env.roles.storage),
        aio: role('Aio', env.roles.aio),
      },
      osdVolumes: env.osdVolumes,
      infraVms: env.infraVms.map((vm) => ({ name: vm.name, role: vm.role, ...host(`Infra${vm.name}`, vm) })),
      adminCidrs: env.adminCidrs,
      // The run marker: the leak sweep finds the resources of a run that is gone by this tag.
      tags: [...env.tags, `release-train-env=${env.name}`, `${PREFIX_TAG_KEY}=${prefix.stringValue}`],
    });
    const output = (name: string, description: string, value: unknown) =>
      new TerraformOutput(this, name, { staticId: true, description, value });
    output('control_host_address', 'Address to SSH to the Ansible control host', this.environment.controlHostAddress);
    output('ssh_user', 'Login user of every host', env.sshUser);
    output('name_prefix', 'Prefix of every name in this run', prefix.stringValue);
    output('inventory', 'Kayobe inventory groups: group -> host names', this.environment.inventory);
    output('admin_oc_ips', 'Host name -> fixed IP on the admin network', this.environment.adminIps);
    output('admin_oc_cidr', "The admin network's CIDR (the config's, else the subnet's)", subnet.cidr);
  }
}
