import { Testing } from 'cdktf';
import { loadConfig, PROJECT_ROOT } from '../../../config';
import { MirrorStack } from '../../../stacks';
import { pulpUrls } from '../../../constructs';

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

  test('with the config, it runs wait-ready, reconcile and (with pinned versions) mirror, in that order', () => {
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
    expect(siteB.stack.tasks.map((t) => t.node.id)).toEqual(['WaitReady', 'Reconcile', 'Mirror']);
    const commands = Object.values<any>(siteB.json.resource.terraform_data).map(
      (r) => r.provisioner[0]['local-exec'].command,
    );
    expect(commands.join('\n')).not.toContain(PROJECT_ROOT);
    expect(commands.find((c) => c.includes(' mirror '))).toContain(
      '--versions ../../../config/examples/pulp-repo-versions.yml --ark-content-url https://ark.example.org/pulp/content/',
    );
    const siteA = tasksOf('site-a');
    expect(siteA.stack.tasks.map((t) => t.node.id)).toEqual(['WaitReady', 'Reconcile']);
    const [waitReady] = Object.values<any>(siteA.json.resource.terraform_data).filter((r) =>
      r.provisioner[0]['local-exec'].command.includes('wait-ready'),
    );
    // A rebuilt mirror server reruns its tasks.
    expect(waitReady.triggers_replace.target_identity).toMatch(/openstack_compute_instance_v2\.Mirror_Server_\w+\.id/);
  });
});
