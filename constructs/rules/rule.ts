// The shape of a security rule: a pure function over one generated L1 resource's resolved Terraform
// attributes (STYLE.md §8). Rules never look at our own constructs, so they hold for any way a resource
// came to be.
import { isIP } from 'node:net';

export type RuleResult = 'compliant' | 'noncompliant' | 'not-applicable';

export interface ResourceView {
  /** Terraform type, e.g. `openstack_networking_secgroup_rule_v2`. */
  readonly type: string;
  /** Attributes as they will be synthesised (snake_case keys, tokens resolved to strings). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface SecurityRule {
  /** `RT-<AREA><n>`, stable: suppressions and RULES.md refer to it. */
  readonly id: string;
  /** What is wrong, as a reviewer would say it. */
  readonly summary: string;
  /** What to change in the config instead. */
  readonly fix: string;
  readonly check: (resource: ResourceView) => RuleResult;
}

/**
 * Whether a CIDR admits every address of its family: any /0 does (`0.0.0.0/0`, `::/0`, but also `::0/0` or
 * `10.0.0.0/0`, which Neutron and Octavia treat alike), so the check reads the prefix, not the spelling.
 */
export function admitsEveryAddress(cidr: string): boolean {
  const [address, bits, ...rest] = cidr.split('/');
  return rest.length === 0 && isIP(address) !== 0 && /^0+$/.test(bits ?? '');
}
