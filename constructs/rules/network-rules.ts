// Ingress from the whole Internet is never a default (DOMAIN.md §12): admins and content clients are
// separate, named ranges.
import { admitsEveryAddress, ResourceView, RuleResult, SecurityRule } from './rule';

const SECGROUP_RULE = 'openstack_networking_secgroup_rule_v2';
/** SSH, and Pulp's API and content app when reached on their own ports. */
const ADMIN_PORTS = [22, 24816, 24817];

function worldIngress(resource: ResourceView): { min: number; max: number } | undefined {
  const a = resource.attributes;
  if (resource.type !== SECGROUP_RULE || a.direction !== 'ingress') return undefined;
  const prefix = a.remote_ip_prefix;
  if (typeof prefix !== 'string' || !admitsEveryAddress(prefix)) return undefined;
  const protocol = a.protocol;
  // No protocol or no port range means every port.
  const all = protocol === undefined || a.port_range_min === undefined;
  return all ? { min: 1, max: 65535 } : { min: Number(a.port_range_min), max: Number(a.port_range_max) };
}

export const WORLD_OPEN_ADMIN: SecurityRule = {
  id: 'RT-SG1',
  summary: 'SSH or the Pulp API is open to the whole Internet (0.0.0.0/0 or ::/0)',
  fix: 'list the operators\u2019 ranges in adminCidrs instead of 0.0.0.0/0',
  check(resource): RuleResult {
    if (resource.type !== SECGROUP_RULE) return 'not-applicable';
    const range = worldIngress(resource);
    if (!range) return 'compliant';
    return ADMIN_PORTS.some((port) => port >= range.min && port <= range.max) ? 'noncompliant' : 'compliant';
  },
};

export const WORLD_OPEN_INGRESS: SecurityRule = {
  id: 'RT-SG2',
  summary: 'a port is open to the whole Internet (0.0.0.0/0 or ::/0)',
  fix: 'list the client sites\u2019 ranges in contentCidrs, or suppress RT-SG2 with the reason a public service needs it',
  check(resource): RuleResult {
    if (resource.type !== SECGROUP_RULE) return 'not-applicable';
    return worldIngress(resource) ? 'noncompliant' : 'compliant';
  },
};
