import { isIPv6 } from 'node:net';
import { Construct } from 'constructs';
import { NetworkingSecgroupRuleV2 } from '../bindings/openstack/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '../bindings/openstack/networking-secgroup-v2';
import { isResolved, validateProps } from './validation';

export interface ISecurityGroup {
  readonly securityGroupId: string;
}

/** One ingress rule: a protocol and port range open to one CIDR. */
export interface IngressRule {
  /** Why the rule exists; becomes the Neutron rule's description. */
  readonly description: string;
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  /**
   * First port of the range (tcp/udp only).
   * @default - all ports (icmp)
   */
  readonly fromPort?: number;
  /**
   * Last port of the range.
   * @default - `fromPort`
   */
  readonly toPort?: number;
  /** Source CIDR, IPv4 or IPv6; or `self`: any port that carries this same group. */
  readonly remoteCidr: string;
}

export interface SecurityGroupProps {
  /** Neutron name of the group. */
  readonly name: string;
  /** What the group protects. */
  readonly description: string;
  /** Ingress rules; egress keeps Neutron's default (all outbound). */
  readonly ingress: readonly IngressRule[];
  /**
   * Neutron tags.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** A security group whose rules are separate resources, each with an id derived from what it allows. */
export class SecurityGroup extends Construct implements ISecurityGroup {
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    validateProps(
      this,
      props.ingress.flatMap((rule) => ruleChecks(rule)),
    );
    const group = new NetworkingSecgroupV2(this, 'Resource', {
      name: props.name,
      description: props.description,
      tags: props.tags ? [...props.tags] : undefined,
    });
    this.securityGroupId = group.id;
    for (const rule of props.ingress) {
      const to = rule.toPort ?? rule.fromPort;
      // Neutron stores 1-65535 as "any port" and reads it back as 0-0: the full range is sent as no range, or
      // every plan would replace the rule (found re-planning a test environment on a real Neutron).
      const allPorts = rule.fromPort === 1 && to === 65535;
      const ports = rule.protocol === 'icmp' || allPorts ? {} : { portRangeMin: rule.fromPort, portRangeMax: to };
      const source = rule.remoteCidr === 'self' ? { remoteGroupId: group.id } : { remoteIpPrefix: rule.remoteCidr };
      new NetworkingSecgroupRuleV2(this, ruleId(rule), {
        securityGroupId: group.id,
        direction: 'ingress',
        ethertype: isIPv6(rule.remoteCidr.split('/')[0]) ? 'IPv6' : 'IPv4',
        protocol: rule.protocol,
        ...source,
        description: rule.description,
        ...ports,
      });
    }
  }
}

/** `tcp-443-443-from-203.0.113.0_24` (or `...-from-self`): stable across reorderings of the rule list. */
function ruleId(rule: IngressRule): string {
  const ports = rule.protocol === 'icmp' ? 'all' : `${rule.fromPort}-${rule.toPort ?? rule.fromPort}`;
  return `${rule.protocol}-${ports}-from-${rule.remoteCidr.replace(/\//g, '_')}`;
}

function ruleChecks(rule: IngressRule) {
  const to = rule.toPort ?? rule.fromPort;
  const isPort = (port: number | undefined) =>
    port !== undefined && Number.isInteger(port) && port >= 1 && port <= 65535;
  const tcpOrUdp = rule.protocol !== 'icmp';
  return [
    {
      invalid: tcpOrUdp && isResolved(rule.fromPort) && !isPort(rule.fromPort),
      message: `rule "${rule.description}": fromPort must be an integer from 1 to 65535, got ${rule.fromPort}`,
    },
    {
      invalid: tcpOrUdp && isPort(rule.fromPort) && (!isPort(to) || (to as number) < (rule.fromPort as number)),
      message: `rule "${rule.description}": toPort must be from fromPort (${rule.fromPort}) to 65535, got ${to}`,
    },
    {
      invalid: !tcpOrUdp && (rule.fromPort !== undefined || rule.toPort !== undefined),
      message: `rule "${rule.description}": icmp takes no ports, got ${rule.fromPort}-${rule.toPort}`,
    },
    {
      invalid: isResolved(rule.remoteCidr) && rule.remoteCidr !== 'self' && !rule.remoteCidr.includes('/'),
      message: `rule "${rule.description}": remoteCidr must be a CIDR, got ${JSON.stringify(rule.remoteCidr)}`,
    },
  ];
}
