import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import {
  literalSecretIn,
  Network,
  PulpCluster,
  PulpClusterProps,
  ReleaseTrainValidationError,
  SecurityGroup,
} from '../../../constructs';

function synth(extra: Partial<PulpClusterProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const network = Network.fromNetworkAttributes(scope, 'Net', { networkId: 'net-id', subnetId: 'subnet-id' });
      const ssh = new SecurityGroup(scope, 'Ssh', { name: 'ssh', description: 'd', ingress: [] });
      const secret = (name: string) => new TerraformVariable(scope, name, { sensitive: true }).stringValue;
      new PulpCluster(scope, 'Pulp', {
        name: 'ark',
        hostname: 'ark.example.org',
        network,
        securityGroups: [ssh],
        flavorId: 'api-flavor',
        workerFlavorId: 'worker-flavor',
        imageId: 'image-id',
        database: { host: 'pg.example.org', port: 5432, name: 'pulp', user: 'pulp', password: secret('db') },
        objectStorage: {
          endpointUrl: 'https://s3.example.org',
          bucket: 'ark',
          region: 'RegionOne',
          accessKey: secret('ak'),
          secretKey: secret('sk'),
        },
        tlsCertificateRef: 'https://barbican.example.org/v1/containers/c',
        allowedCidrs: ['203.0.113.0/24'],
        backendCidr: '10.42.0.0/24',
        adminPassword: secret('admin'),
        ...extra,
      });
    }),
  );
}

const byType = (json: any, type: string) => json.resource[type] ?? {};
const userDataOf = (instance: any) => parse(instance.user_data);

describe('PulpCluster', () => {
  const json = synth();
  const instances = byType(json, 'openstack_compute_instance_v2');

  test('names nodes by stable numbers, so that growing N adds nodes and renames none', () => {
    expect(Object.values<any>(instances).map((i) => i.name)).toEqual([
      'ark-api-01',
      'ark-api-02',
      'ark-api-03',
      'ark-worker-01',
      'ark-worker-02',
    ]);
    const grown = synth({ apiNodes: 4 });
    const before = Object.keys(instances);
    expect(Object.keys(byType(grown, 'openstack_compute_instance_v2'))).toEqual(expect.arrayContaining(before));
    expect(Object.keys(byType(grown, 'openstack_lb_member_v2'))).toHaveLength(8);
  });

  test('workers get their own flavor; every node ignores user data changes', () => {
    const flavors = Object.values<any>(instances).map((i) => i.flavor_id);
    expect(flavors).toEqual(['api-flavor', 'api-flavor', 'api-flavor', 'worker-flavor', 'worker-flavor']);
    expect(Object.values<any>(instances).every((i) => i.lifecycle.ignore_changes[0] === 'user_data')).toBe(true);
  });

  test('only the leader migrates and sets the admin password; every node fetches the shared secrets', () => {
    const runcmds = Object.values<any>(instances).map((i) => userDataOf(i).runcmd.map((c: string[]) => c.join(' ')));
    const migrating = runcmds.filter((cmds) => cmds.some((c: string) => c.includes('pulpcore-manager migrate')));
    expect(migrating).toHaveLength(1);
    expect(runcmds[0].some((c: string) => c.endsWith('shared_secrets.py leader'))).toBe(true);
    expect(runcmds.slice(1).every((cmds) => cmds.some((c: string) => c.endsWith('shared_secrets.py follower')))).toBe(
      true,
    );
    expect(runcmds[0]).toContain('/usr/local/sbin/release-train-pulp-admin-password');
    expect(runcmds[1]).not.toContain('/usr/local/sbin/release-train-pulp-admin-password');
  });

  test('API nodes run the API and content apps, worker nodes only workers, all on the shared database', () => {
    const [api, , , worker] = Object.values<any>(instances).map(userDataOf);
    const units = (config: any) =>
      config.write_files.filter((f: any) => f.path.startsWith('/etc/systemd/')).map((f: any) => f.path);
    expect(units(api)).toEqual(['/etc/systemd/system/pulp-api.service', '/etc/systemd/system/pulp-content.service']);
    expect(units(worker)).toEqual([
      '/etc/systemd/system/pulp-worker-1.service',
      '/etc/systemd/system/pulp-worker-2.service',
    ]);
    const settings = api.write_files.find((f: any) => f.path.endsWith('pulp-settings.py')).content;
    expect(settings).toContain('"HOST": "pg.example.org"');
    expect(settings).toContain('"BACKEND": "storages.backends.s3.S3Storage"');
    expect(settings).toContain('CONTENT_ORIGIN = "https://ark.example.org"');
  });

  test('secrets are variable references, base64-encoded into root-only files, never literals', () => {
    for (const instance of Object.values<any>(instances)) {
      expect(literalSecretIn(instance.user_data)).toBeUndefined();
      const secrets = userDataOf(instance).write_files.filter((f: any) =>
        f.path.startsWith('/etc/release-train/secrets/'),
      );
      expect(secrets.every((f: any) => f.permissions === '0600' && f.encoding === 'b64')).toBe(true);
      expect(secrets.map((f: any) => f.content)).toContain('${base64encode(var.db)}');
    }
  });

  test('the load balancer terminates TLS for the allowed ranges and routes content paths to the content pool', () => {
    const [listener] = Object.values<any>(byType(json, 'openstack_lb_listener_v2'));
    expect(listener).toMatchObject({
      protocol: 'TERMINATED_HTTPS',
      protocol_port: 443,
      allowed_cidrs: ['203.0.113.0/24'],
      default_tls_container_ref: 'https://barbican.example.org/v1/containers/c',
    });
    const rules = Object.values<any>(byType(json, 'openstack_lb_l7rule_v2')).map((r) => r.value);
    expect(rules).toEqual(['/pulp/content/', '/pulp/container/']);
    const ports = Object.values<any>(byType(json, 'openstack_lb_member_v2')).map((m) => m.protocol_port);
    expect(ports.sort()).toEqual([24816, 24816, 24816, 24817, 24817, 24817]);
    const backendRules = Object.values<any>(byType(json, 'openstack_networking_secgroup_rule_v2'));
    expect(backendRules.map((r) => r.remote_ip_prefix)).toEqual(['10.42.0.0/24', '10.42.0.0/24']);
  });

  test('every script the leader runs is valid shell or Python', () => {
    const files = userDataOf(Object.values<any>(instances)[0]).write_files;
    const scripts = files.filter((f: any) => f.path.startsWith('/usr/local/sbin/'));
    expect(scripts.map((f: any) => f.path)).toEqual([
      '/usr/local/sbin/release-train-pulp-first-boot',
      '/usr/local/sbin/release-train-pulp-admin-password',
    ]);
    for (const script of scripts) {
      const check = spawnSync('sh', ['-n'], { input: script.content, encoding: 'utf8' });
      expect([script.path, check.status, check.stderr]).toEqual([script.path, 0, '']);
    }
    const python = files.find((f: any) => f.path.endsWith('shared_secrets.py')).content;
    const compiled = spawnSync(
      'python3',
      ['-c', 'import sys; compile(sys.stdin.read(), "shared_secrets.py", "exec")'],
      {
        input: python,
        encoding: 'utf8',
      },
    );
    expect([compiled.status, compiled.stderr]).toEqual([0, '']);
  });

  test.each([
    [{ apiNodes: 0 }, /apiNodes must be an integer from 1 to 32, got 0/],
    [{ pulpImage: 'docker.io/pulp/pulp:latest' }, /pulpImage must be an image with a pinned tag/],
  ])('refuses %p', (props, message) => {
    expect(() => synth(props)).toThrow(ReleaseTrainValidationError);
    expect(() => synth(props)).toThrow(message);
  });
});
