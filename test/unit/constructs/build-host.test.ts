import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { BuildHostPool, BuildHostPoolProps, literalSecretIn, Network } from '../../../constructs';

function synth(extra: Partial<BuildHostPoolProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      new BuildHostPool(scope, 'Pool', {
        name: 'rt-builder',
        count: 2,
        network: Network.fromNetworkAttributes(scope, 'Net', { networkId: 'n', subnetId: 's' }),
        flavorId: 'large',
        imageId: 'image',
        sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7yRk2mUq8x1tF9wV3hLp0aZ5sJ4nB6cD2eG8iK0oMq ci',
        adminCidrs: ['198.51.100.0/28'],
        runnerUrl: 'https://github.com/stackhpc/stackhpc-release-train',
        registrationToken: new TerraformVariable(scope, 'token', { sensitive: true }).stringValue,
        labels: ['stackhpc-release-train', 'image-build'],
        ...extra,
      });
    }),
  );
}

describe('BuildHostPool', () => {
  const json = synth();
  const instances = Object.values<any>(json.resource.openstack_compute_instance_v2);

  test('N hosts named <name>-NN, each registering as a runner with its labels', () => {
    expect(instances.map((i) => i.name)).toEqual(['rt-builder-01', 'rt-builder-02']);
    const script = parse(instances[1].user_data).write_files.find((f: any) => f.path.endsWith('register-runner'));
    expect(script.content).toContain('--name rt-builder-02 --labels stackhpc-release-train,image-build');
    expect(script.content).toContain('--url https://github.com/stackhpc/stackhpc-release-train');
  });

  test('the registration token comes from the sensitive variable, never a literal', () => {
    for (const instance of instances) {
      expect(literalSecretIn(instance.user_data)).toBeUndefined();
      const token = parse(instance.user_data).write_files.find((f: any) => f.path.endsWith('runner_token'));
      expect(token).toMatchObject({ content: '${base64encode(var.token)}', encoding: 'b64', permissions: '0600' });
    }
  });

  test('least privilege: SSH from admins is the only way in', () => {
    const rules = Object.values<any>(json.resource.openstack_networking_secgroup_rule_v2);
    expect(rules.map((r) => [r.direction, r.protocol, r.port_range_min, r.remote_ip_prefix])).toEqual([
      ['ingress', 'tcp', 22, '198.51.100.0/28'],
    ]);
  });

  test('fails on a count out of range', () => {
    expect(() => synth({ count: 0 })).toThrow(/count must be an integer from 1 to 50, got 0/);
  });
});

describe('BuildHostPool addresses', () => {
  test('hosts live under Hosts, by host number; moved blocks carry state from their former addresses', () => {
    const json = synth();
    const instances = Object.keys(json.resource.openstack_compute_instance_v2).sort();
    expect(instances).toEqual([
      expect.stringMatching(/^Pool_Hosts_host-01_/),
      expect.stringMatching(/^Pool_Hosts_host-02_/),
    ]);
    // The former addresses, as synthesised before the Hosts scope (docs/plans/builders-rt-builder.md had them).
    expect(json.moved).toEqual(
      expect.arrayContaining([
        {
          from: 'openstack_compute_instance_v2.Pool_host-01_A2F6CC1A',
          to: `openstack_compute_instance_v2.${instances[0]}`,
        },
        {
          from: 'openstack_networking_port_v2.Pool_host-01_Port_6A944471',
          to: expect.stringMatching(/^openstack_networking_port_v2\.Pool_Hosts_host-01_Port_/),
        },
      ]),
    );
  });
});
