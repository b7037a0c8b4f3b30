import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { NetworkingSecgroupRuleV2 } from '../../../bindings/openstack/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '../../../bindings/openstack/networking-secgroup-v2';
import { IngressRule, SecurityGroup } from '../../../constructs';

const ssh: IngressRule = { description: 'SSH', protocol: 'tcp', fromPort: 22, remoteCidr: '198.51.100.0/28' };

function synth(ingress: IngressRule[]) {
  return Testing.synthScope((scope) => new SecurityGroup(scope, 'Sg', { name: 'sg', description: 'test', ingress }));
}

describe('SecurityGroup', () => {
  test('creates one rule resource per ingress rule, with the ethertype of its CIDR', () => {
    // WHEN
    const synthesized = synth([ssh, { ...ssh, description: 'HTTPS v6', fromPort: 443, remoteCidr: '2001:db8::/64' }]);
    // THEN
    expect(synthesized).toHaveResourceWithProperties(NetworkingSecgroupV2, { name: 'sg', description: 'test' });
    expect(synthesized).toHaveResourceWithProperties(NetworkingSecgroupRuleV2, {
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '198.51.100.0/28',
      security_group_id: '${openstack_networking_secgroup_v2.Sg_D4954771.id}',
    });
    expect(synthesized).toHaveResourceWithProperties(NetworkingSecgroupRuleV2, {
      ethertype: 'IPv6',
      port_range_min: 443,
      remote_ip_prefix: '2001:db8::/64',
    });
  });

  test('rule ids come from what they allow, so reordering the list keeps every address', () => {
    const addresses = (rules: IngressRule[]) =>
      Object.keys(JSON.parse(synth(rules)).resource.openstack_networking_secgroup_rule_v2).sort();
    const https: IngressRule = { ...ssh, description: 'HTTPS', fromPort: 443 };
    expect(addresses([ssh, https])).toEqual(addresses([https, ssh]));
    expect(addresses([ssh])).toEqual(['Sg_tcp-22-22-from-198511000_28_B1AF6866']);
  });

  test('icmp rules carry no ports', () => {
    const synthesized = synth([{ description: 'ping', protocol: 'icmp', remoteCidr: '198.51.100.0/28' }]);
    const rule = Object.values<any>(JSON.parse(synthesized).resource.openstack_networking_secgroup_rule_v2)[0];
    expect(rule.protocol).toBe('icmp');
    expect(rule.port_range_min).toBeUndefined();
  });

  test.each([
    [{ ...ssh, fromPort: 0 }, /fromPort must be an integer from 1 to 65535, got 0/],
    [{ ...ssh, fromPort: 443, toPort: 80 }, /toPort must be from fromPort \(443\) to 65535, got 80/],
    [{ ...ssh, protocol: 'icmp' as const }, /icmp takes no ports, got 22-undefined/],
    [{ ...ssh, remoteCidr: '198.51.100.1' }, /remoteCidr must be a CIDR, got "198\.51\.100\.1"/],
  ])('fails on an invalid rule %#', (rule, message) => {
    expect(() => synth([rule])).toThrow(message);
  });
});
