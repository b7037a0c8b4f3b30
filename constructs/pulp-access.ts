// Who may reach a Pulp, and on which port: operators (SSH and the REST API's admin use) apart from content
// clients (packages, images, the registry). Both are lists of named ranges; nothing is open to the world by
// default (rules RT-SG1 and RT-SG2 catch it when a config says so).
import { IngressRule } from './security-group';

export const SSH_PORT = 22;

export interface PulpAccessProps {
  /** Operators' ranges: SSH and the Pulp API. */
  readonly adminCidrs: readonly string[];
  /** Client sites' ranges: content and the registry. */
  readonly contentCidrs: readonly string[];
  /** The port Pulp answers on: 443 with TLS, 80 without. */
  readonly pulpPort: number;
}

/** The ingress rules of a Pulp server's security group; an admin range gets no second content rule. */
export function pulpIngressRules(props: PulpAccessProps): IngressRule[] {
  const admin = props.adminCidrs.flatMap((cidr): IngressRule[] => [
    { description: 'SSH from admins', protocol: 'tcp', fromPort: SSH_PORT, remoteCidr: cidr },
    { description: 'Pulp API from admins', protocol: 'tcp', fromPort: props.pulpPort, remoteCidr: cidr },
  ]);
  const content = props.contentCidrs
    .filter((cidr) => !props.adminCidrs.includes(cidr))
    .map((cidr): IngressRule => ({
      description: 'Pulp content and registry',
      protocol: 'tcp',
      fromPort: props.pulpPort,
      remoteCidr: cidr,
    }));
  return [...admin, ...content];
}
