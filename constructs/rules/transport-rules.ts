// Pulp's clients send passwords (basic auth) and bearer tokens with every request: without TLS anyone on
// the path reads them. Rules read what the server will run: the settings inside an instance's user data,
// and the protocol of a load balancer's listeners.
import { admitsEveryAddress, ResourceView, RuleResult, SecurityRule } from './rule';

const INSTANCE = 'openstack_compute_instance_v2';
const LISTENER = 'openstack_lb_listener_v2';

function userDataSays(resource: ResourceView, setting: RegExp): RuleResult {
  if (resource.type !== INSTANCE) return 'not-applicable';
  const userData = resource.attributes.user_data;
  if (typeof userData !== 'string') return 'compliant';
  return setting.test(userData) ? 'noncompliant' : 'compliant';
}

export const PULP_WITHOUT_TLS: SecurityRule = {
  id: 'RT-TLS1',
  summary: 'a Pulp server serves its API and content over plain HTTP (CONTENT_ORIGIN is http://)',
  fix: 'keep tls: true (the default), or suppress RT-TLS1 with the reason a TLS proxy fronts this server',
  check: (resource) => userDataSays(resource, /^\s*CONTENT_ORIGIN = "http:\/\//m),
};

export const TOKEN_AUTH_IN_CLEAR: SecurityRule = {
  id: 'RT-TLS2',
  summary: 'registry token authentication runs over plain HTTP (TOKEN_SERVER is http://): tokens travel in clear',
  fix: 'serve Pulp over TLS (tls: true), which puts the token server on https://',
  check: (resource) => userDataSays(resource, /^\s*TOKEN_SERVER = "http:\/\//m),
};

export const LISTENER_WITHOUT_TLS: SecurityRule = {
  id: 'RT-LB1',
  summary: 'a load balancer listener accepts plain HTTP',
  fix: 'use protocol TERMINATED_HTTPS with a Barbican certificate (or TCP passthrough to servers that serve TLS)',
  check(resource): RuleResult {
    if (resource.type !== LISTENER) return 'not-applicable';
    return resource.attributes.protocol === 'HTTP' ? 'noncompliant' : 'compliant';
  },
};

export const LISTENER_OPEN_TO_ALL: SecurityRule = {
  id: 'RT-LB2',
  summary: 'a load balancer listener accepts connections from anywhere (no allowed_cidrs, or 0.0.0.0/0 or ::/0)',
  fix: 'list the admins\u2019 and client sites\u2019 ranges (adminCidrs, contentCidrs), which become allowed_cidrs',
  check(resource): RuleResult {
    if (resource.type !== LISTENER) return 'not-applicable';
    const cidrs = resource.attributes.allowed_cidrs;
    if (!Array.isArray(cidrs) || cidrs.length === 0) return 'noncompliant';
    return cidrs.some((cidr) => typeof cidr === 'string' && admitsEveryAddress(cidr)) ? 'noncompliant' : 'compliant';
  },
};
