import { Testing } from 'cdktf';
import { loadConfig, PROJECT_ROOT } from '../../../config';
import { MirrorStack } from '../../../stacks';
import { pulpUrls } from '../../../constructs';
import { contentScopes, groupScopes } from '../../../tasks/content-scope';

const config = loadConfig();
const ark = pulpUrls(config.ark!.hostname);

function synthMirror(name: string): any {
  const mirror = config.mirrors.find((m) => m.name === name)!;
  const stack = new MirrorStack(Testing.app(), `mirror-${name}`, {
    mirror,
    upstream: ark,
    openstack: config.openstack,
  });
  return JSON.parse(Testing.synth(stack));
}

const addresses = (json: any) =>
  Object.entries<Record<string, unknown>>(json.resource ?? {})
    .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
    .sort();

describe('MirrorStack', () => {
  test('on OpenStack: keeps its Terraform addresses, in its own cloud', () => {
    const json = synthMirror('site-a');
    expect(addresses(json)).toEqual([
      'openstack_blockstorage_volume_v3.Mirror_Server_DataVolume_3E2E193B',
      'openstack_compute_instance_v2.Mirror_Server_656414B0',
      'openstack_compute_volume_attach_v2.Mirror_Server_DataVolumeAttachment_99299658',
      'openstack_networking_port_v2.Mirror_Server_Port_4F711540',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-22-22-from-198511000_28_AAC0851C',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-443-443-from-106000_16_A8BFBAD6',
      'openstack_networking_secgroup_rule_v2.SecurityGroup_tcp-443-443-from-198511000_28_45E25D6C',
      'openstack_networking_secgroup_v2.SecurityGroup_DD263621',
    ]);
    expect(json.provider.openstack).toEqual([{ cloud: 'site-a' }]);
    expect(json.variable.pulp_admin_password).toMatchObject({ sensitive: true, type: 'string' });
    expect(json.output.upstream_api_url.value).toBe('https://ark.example.org');
    expect(json.output.api_url.value).toBe('https://pulp.site-a.example.net');
  });

  test('on an existing host: no provider, no resource, only where it is and what it syncs from', () => {
    const json = synthMirror('site-b');
    expect(json.resource).toBeUndefined();
    expect(json.provider).toBeUndefined();
    expect(Object.fromEntries(Object.entries<any>(json.output).map(([k, v]) => [k, v.value]))).toEqual({
      api_url: 'https://pulp.site-b.example.net',
      content_url: 'https://pulp.site-b.example.net/pulp/content/',
      registry_host: 'pulp.site-b.example.net',
      upstream_api_url: 'https://ark.example.org',
    });
  });

  test('with the config, it waits for Pulp, reconciles access, then reconciles or (where pinned) mirrors each repository', () => {
    const tasksOf = (name: string) => {
      const mirror = config.mirrors.find((m) => m.name === name)!;
      const stack = new MirrorStack(Testing.app(), `mirror-${name}`, {
        mirror,
        upstream: ark,
        openstack: config.openstack,
        config,
      });
      return { stack, json: JSON.parse(Testing.synth(stack)) };
    };
    const siteB = tasksOf('site-b');
    const ids = siteB.stack.tasks.map((t) => t.node.id);
    expect(ids.slice(0, 2)).toEqual(['WaitReady', 'Reconcile-access']);
    // The three repositories and the image series pinned in the versions file are mirrored; the others only
    // reconciled.
    expect(ids.filter((id) => id.startsWith('Mirror-')).sort()).toEqual([
      'Mirror-deb-Ubuntu Noble',
      'Mirror-image-kayobe-images-2024.1-rocky-9',
      'Mirror-rpm-Extra Packages for Enterprise Linux 9',
      'Mirror-rpm-Rocky Linux 9.8 - BaseOS',
    ]);
    expect(ids).toContain('Reconcile-rpm-ELK repository for 7.x packages');
    expect(ids).toContain('Reconcile-image-ipa-images-2024.1-rocky-9');
    expect(ids).not.toContain('Reconcile-rpm-Rocky Linux 9.8 - BaseOS');
    const resources = Object.values<any>(siteB.json.resource.terraform_data);
    const commands = resources.map((r) => r.provisioner[0]['local-exec'].command);
    expect(commands.join('\n')).not.toContain(PROJECT_ROOT);
    expect(commands.find((c) => c.includes(' mirror ') && c.includes('Rocky'))).toContain(
      "--only 'rpm/Rocky Linux 9.8 - BaseOS' --versions ../../../config/examples/pulp-repo-versions.yml --ark-content-url https://ark.example.org/pulp/content/",
    );
    expect(commands.find((c) => c.includes(' mirror ') && c.includes('image/'))).toContain(
      'mirror image/kayobe-images-2024.1-rocky-9 at 2024.1-20240912T145502',
    );
    // Every repository task runs after access, which runs after wait-ready.
    const access = resources.find((r) => r.provisioner[0]['local-exec'].command.includes('--only access'));
    expect(access.depends_on).toEqual([expect.stringMatching(/^terraform_data\.Tasks_WaitReady_/)]);
    for (const task of resources.filter((r) => / --only (?!access)/.test(r.provisioner[0]['local-exec'].command)))
      expect(task.depends_on).toEqual([expect.stringMatching(/^terraform_data\.Tasks_Reconcile-access_/)]);
    const siteA = tasksOf('site-a');
    const siteAIds = siteA.stack.tasks.map((t) => t.node.id);
    expect(siteAIds.filter((id) => id.startsWith('Mirror-'))).toEqual([]);
    // One task per repository, but one per image for container repositories (the development and release
    // repositories of nova-api are one task).
    expect(siteAIds).toHaveLength(1 + groupScopes(contentScopes(config.content)).length);
    expect(siteAIds).toContain('Reconcile-container-nova-api');
    const [waitReady] = Object.values<any>(siteA.json.resource.terraform_data).filter((r) =>
      r.provisioner[0]['local-exec'].command.includes('wait-ready'),
    );
    // A rebuilt mirror server reruns its tasks.
    expect(waitReady.triggers_replace.target_identity).toMatch(/openstack_compute_instance_v2\.Mirror_Server_\w+\.id/);
  });
});
