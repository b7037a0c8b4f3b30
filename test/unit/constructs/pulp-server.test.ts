import { TerraformVariable, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import {
  literalSecretIn,
  Network,
  PulpServer,
  PulpServerProps,
  ReleaseTrainValidationError,
  SecurityGroup,
} from '../../../constructs';
import { pulpServerSettings } from '../../../userdata';
import { Construct } from 'constructs';

function synth(extra: Partial<PulpServerProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const network = Network.fromNetworkAttributes(scope, 'Net', { networkId: 'net-id', subnetId: 'subnet-id' });
      const group = new SecurityGroup(scope, 'Sg', { name: 'sg', description: 'd', ingress: [] });
      new PulpServer(scope, 'Pulp', {
        name: 'ark',
        hostname: 'ark.example.org',
        network,
        securityGroups: [group],
        flavorId: 'flavor-id',
        imageId: 'image-id',
        ...extra,
      });
    }),
  );
}

const only = (json: any, type: string) => Object.values<any>(json.resource[type] ?? {});

describe('PulpServer', () => {
  const json = synth();
  const instance = only(json, 'openstack_compute_instance_v2')[0];
  const userData = instance.user_data as string;

  test('keeps Pulp\u2019s database and storage on a data volume that no plan may destroy', () => {
    const [volume] = only(json, 'openstack_blockstorage_volume_v3');
    expect(volume).toMatchObject({ name: 'ark-data', size: 200, lifecycle: { prevent_destroy: true } });
    const [attachment] = only(json, 'openstack_compute_volume_attach_v2');
    expect(attachment.volume_id).toMatch(/openstack_blockstorage_volume_v3\.Pulp_DataVolume_\w+\.id/);
    expect(userData).toMatch(/virtio-\$\{substr\(openstack_blockstorage_volume_v3\.Pulp_DataVolume_\w+\.id, 0, 20\)\}/);
  });

  test('a change of user data does not replace the instance', () => {
    expect(instance.lifecycle).toEqual({ ignore_changes: ['user_data'] });
  });

  test('user data is cloud-config that installs and starts the pinned image with the shared settings generator', () => {
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    const config = parse(userData);
    const files = Object.fromEntries(config.write_files.map((f: any) => [f.path, f.content]));
    expect(files['/etc/release-train/pulp-settings.py']).toBe(
      pulpServerSettings({ hostname: 'ark.example.org', tokenAuth: true }),
    );
    expect(files['/etc/release-train/pulp-settings.py']).toContain('CONTENT_ORIGIN = "https://ark.example.org"');
    expect(files['/etc/release-train/pulp-settings.py']).toContain('TOKEN_SERVER = "https://ark.example.org/token/"');
    expect(files['/etc/systemd/system/pulp.service']).toContain('docker.io/pulp/pulp:3.85');
    expect(files['/etc/systemd/system/pulp.service']).toContain('--env PULP_HTTPS=true');
    expect(config.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'pulp.service']);
    expect(config.mounts[0]).toEqual(['LABEL=pulp-data', '/var/lib/pulp-data', 'ext4', 'defaults,nofail', '0', '2']);
  });

  test('holds no secret: each is generated on the server at first boot', () => {
    expect(literalSecretIn(userData)).toBeUndefined();
    const script = parse(userData).write_files.find((f: any) => f.path.endsWith('first-boot')).content;
    expect(script).toContain('openssl rand -base64 48');
    expect(script).toContain('openssl ecparam -genkey -name prime256v1');
    expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY-----/);
  });

  test('the first-boot script is valid shell and keeps secrets on the data volume, made once', () => {
    const script = parse(userData).write_files.find((f: any) => f.path.endsWith('first-boot')).content;
    const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    for (const line of script.split('\n').filter((l: string) => l.includes('openssl rand'))) {
      expect(line).toMatch(/^\[ -s \/var\/lib\/pulp-data\/config\/\S+ \] \|\| /);
    }
    const unit = parse(userData).write_files.find((f: any) => f.path === '/etc/systemd/system/pulp.service').content;
    expect(unit).toContain('--volume /var/lib/pulp-data/config:/etc/pulp:Z');
    expect(unit).toContain('RequiresMountsFor=/var/lib/pulp-data');
  });

  test('a floating IP only when a pool is named, bound to the server\u2019s port', () => {
    expect(only(json, 'openstack_networking_floatingip_v2')).toEqual([]);
    const [fip] = only(synth({ floatingIpPool: 'public' }), 'openstack_networking_floatingip_v2');
    expect(fip).toMatchObject({ pool: 'public' });
    expect(fip.port_id).toMatch(/openstack_networking_port_v2\.Pulp_Server_Port_\w+\.id/);
  });

  test('the admin password and object storage keys come from variables, set once at first boot', () => {
    const withSecrets = JSON.parse(
      Testing.synthScope((scope: Construct) => {
        const secret = (name: string) => new TerraformVariable(scope, name, { sensitive: true }).stringValue;
        const network = Network.fromNetworkAttributes(scope, 'Net', { networkId: 'n', subnetId: 's' });
        new PulpServer(scope, 'Pulp', {
          name: 'ark',
          hostname: 'ark.example.org',
          network,
          securityGroups: [],
          flavorId: 'f',
          imageId: 'i',
          adminPassword: secret('admin'),
          objectStorage: {
            endpointUrl: 'https://s3.example.org',
            bucket: 'ark',
            region: 'r',
            accessKey: secret('ak'),
            secretKey: secret('sk'),
          },
        });
      }),
    );
    const data = only(withSecrets, 'openstack_compute_instance_v2')[0].user_data;
    expect(literalSecretIn(data)).toBeUndefined();
    const config = parse(data);
    const secrets = config.write_files.filter((f: any) => f.path.startsWith('/etc/release-train/secrets/'));
    expect(secrets.map((f: any) => [f.path, f.content, f.encoding, f.permissions])).toEqual([
      ['/etc/release-train/secrets/admin_password', '${base64encode(var.admin)}', 'b64', '0600'],
      ['/etc/release-train/secrets/object_storage_access_key', '${base64encode(var.ak)}', 'b64', '0600'],
      ['/etc/release-train/secrets/object_storage_secret_key', '${base64encode(var.sk)}', 'b64', '0600'],
    ]);
    expect(config.runcmd).toContainEqual(['/usr/local/sbin/release-train-pulp-admin-password']);
    const settings = config.write_files.find((f: any) => f.path.endsWith('pulp-settings.py')).content;
    expect(settings).toContain('"access_key": _secret("/etc/pulp/object_storage_access_key")');
  });

  test('without TLS: plain HTTP on port 80 and an http origin (which the rule pack then reports)', () => {
    const config = parse(only(synth({ tls: false }), 'openstack_compute_instance_v2')[0].user_data);
    const files = Object.fromEntries(config.write_files.map((f: any) => [f.path, f.content]));
    expect(files['/etc/systemd/system/pulp.service']).toContain('--publish 80:80');
    expect(files['/etc/systemd/system/pulp.service']).toContain('--env PULP_HTTPS=false');
    expect(files['/etc/release-train/pulp-settings.py']).toContain('CONTENT_ORIGIN = "http://ark.example.org"');
  });

  test('token auth off writes TOKEN_AUTH_DISABLED', () => {
    expect(pulpServerSettings({ hostname: 'mirror.example.org', tokenAuth: false })).toContain(
      'TOKEN_AUTH_DISABLED = True',
    );
  });

  test.each([
    [{ pulpImage: 'docker.io/pulp/pulp' }, /pulpImage must be an image with a pinned tag or digest/],
    [
      { pulpImage: 'docker.io/pulp/pulp:latest' },
      /pulpImage must be an image with a pinned tag or digest.*, got "docker.io\/pulp\/pulp:latest"/,
    ],
    [{ dataVolumeSizeGiB: 0 }, /dataVolumeSizeGiB must be a positive integer, got 0/],
    [{ workers: 0 }, /workers must be an integer from 1 to 32, got 0/],
    [{ hostname: 'ark' }, /hostname must be a fully qualified DNS name such as ark.example.org, got "ark"/],
  ])('refuses %p', (props, message) => {
    expect(() => synth(props as Partial<PulpServerProps>)).toThrow(ReleaseTrainValidationError);
    expect(() => synth(props as Partial<PulpServerProps>)).toThrow(message);
  });
});
