// Every security rule in both directions (STYLE.md §9): non-compliant resources are reported with the
// rule id and its fix, compliant ones are not, and a suppression with a reason silences exactly its rule.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotationMetadataEntryType, App, Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { GithubProvider, GithubProviderConfig } from '@cdktf/provider-github/lib/provider';
import { Construct } from 'constructs';
import { ComputeInstanceV2 } from '../../../../bindings/openstack/compute-instance-v2';
import { LbListenerV2 } from '../../../../bindings/openstack/lb-listener-v2';
import { NetworkingSecgroupRuleV2 } from '../../../../bindings/openstack/networking-secgroup-rule-v2';
import { OpenstackProvider } from '../../../../bindings/openstack/provider';
import {
  literalSecretIn,
  ReleaseTrainRules,
  ReleaseTrainValidationError,
  RULE_IDS,
  SECURITY_RULES,
  suppressRule,
} from '../../../../constructs';

type Expected = 'NON_COMPLIANCE' | 'COMPLIANCE';

/** Builds a minimal stack with `build`, runs the pack, and returns the findings of `ruleId`. */
function findings(build: (scope: Construct) => void, ruleId: string): string[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'rules');
  new OpenstackProvider(stack, 'openstack', {});
  build(stack);
  Aspects.of(stack).add(new ReleaseTrainRules());
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === (AnnotationMetadataEntryType.ERROR as string))
    .map((m) => String(m.data))
    .filter((message) => message.startsWith(`${ruleId}:`));
}

function validate(build: (scope: Construct) => void, ruleId: string, expected: Expected): void {
  const found = findings(build, ruleId);
  if (expected === 'COMPLIANCE') expect(found).toEqual([]);
  else {
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${ruleId}: .+\\. Fix: .+\\.$`));
  }
}

const ingress = (remoteIpPrefix: string, port?: number) => (scope: Construct) =>
  new NetworkingSecgroupRuleV2(scope, 'Rule', {
    securityGroupId: 'sg',
    direction: 'ingress',
    ethertype: remoteIpPrefix.includes(':') ? 'IPv6' : 'IPv4',
    protocol: port === undefined ? undefined : 'tcp',
    portRangeMin: port,
    portRangeMax: port,
    remoteIpPrefix,
  });

describe('RT-SG1: SSH or the Pulp API open to the whole Internet', () => {
  test('Noncompliance 1: SSH from 0.0.0.0/0', () => validate(ingress('0.0.0.0/0', 22), 'RT-SG1', 'NON_COMPLIANCE'));
  test('Noncompliance 2: the Pulp API port from ::/0', () =>
    validate(ingress('::/0', 24817), 'RT-SG1', 'NON_COMPLIANCE'));
  test('Noncompliance 3: every port (no protocol) from 0.0.0.0/0', () =>
    validate(ingress('0.0.0.0/0'), 'RT-SG1', 'NON_COMPLIANCE'));
  test.each(['::0/0', '0:0:0:0:0:0:0:0/0', '10.0.0.0/0'])(
    'Noncompliance 4: SSH from %s, anywhere spelt otherwise',
    (cidr) => validate(ingress(cidr, 22), 'RT-SG1', 'NON_COMPLIANCE'),
  );
  test('Compliance: SSH from an admin range; HTTPS from anywhere is not this rule', () => {
    validate(ingress('198.51.100.0/28', 22), 'RT-SG1', 'COMPLIANCE');
    validate(ingress('0.0.0.0/0', 443), 'RT-SG1', 'COMPLIANCE');
  });
});

describe('RT-SG2: any port open to the whole Internet', () => {
  test('Noncompliance 1: HTTPS from 0.0.0.0/0', () => validate(ingress('0.0.0.0/0', 443), 'RT-SG2', 'NON_COMPLIANCE'));
  test('Noncompliance 2: HTTPS from ::/0', () => validate(ingress('::/0', 443), 'RT-SG2', 'NON_COMPLIANCE'));
  test('Compliance: HTTPS from client ranges; egress to anywhere', () => {
    validate(ingress('203.0.113.0/24', 443), 'RT-SG2', 'COMPLIANCE');
    validate(
      (scope) =>
        new NetworkingSecgroupRuleV2(scope, 'Egress', {
          securityGroupId: 'sg',
          direction: 'egress',
          ethertype: 'IPv4',
          remoteIpPrefix: '0.0.0.0/0',
        }),
      'RT-SG2',
      'COMPLIANCE',
    );
  });
});

describe('RT-SEC1: a literal secret in a resource or provider attribute', () => {
  const server = (userData: string) => (scope: Construct) =>
    new ComputeInstanceV2(scope, 'Server', { name: 'ark', flavorId: 'f', imageId: 'i', userData });
  test('Noncompliance 1: a private key in user data', () =>
    validate(server('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n'), 'RT-SEC1', 'NON_COMPLIANCE'));
  test('Noncompliance 2: a literal SECRET_KEY in settings written by user data', () =>
    validate(server('SECRET_KEY = "abcdefghijkl"'), 'RT-SEC1', 'NON_COMPLIANCE'));
  test('Noncompliance 3: credentials inside a URL', () =>
    validate(server('url: https://admin:hunter22@ark.example.org/'), 'RT-SEC1', 'NON_COMPLIANCE'));
  test('Compliance: a secret generated at boot, or read from a file; a variable reference', () => {
    validate(server('SECRET_KEY = _secret("/etc/pulp/secret_key")'), 'RT-SEC1', 'COMPLIANCE');
    validate(server('openssl rand -hex 32 > /etc/pulp/secret_key'), 'RT-SEC1', 'COMPLIANCE');
    expect(literalSecretIn('password: ${var.admin_password}')).toBeUndefined();
    expect(literalSecretIn('DB_ENCRYPTION_KEY = "/etc/pulp/certs/database_fields.symmetric.key"')).toBeUndefined();
    expect(literalSecretIn('DB_ENCRYPTION_KEY = "c2VjcmV0LWtleS1tYXRlcmlhbA=="')).toBeDefined();
  });
  const github = (config: GithubProviderConfig) => (scope: Construct) => new GithubProvider(scope, 'github', config);
  const classicToken = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
  test('Noncompliance 4: a GitHub token written into the provider block', () =>
    validate(github({ owner: 'stackhpc', token: classicToken }), 'RT-SEC1', 'NON_COMPLIANCE'));
  test('Noncompliance 5: a GitHub App private key written into the provider block', () =>
    validate(
      github({ appAuth: { id: '1', installationId: '2', pemFile: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n' } }),
      'RT-SEC1',
      'NON_COMPLIANCE',
    ));
  test('Compliance: the token and the key from sensitive variables', () => {
    validate(
      (scope) =>
        github({
          owner: 'stackhpc',
          token: new TerraformVariable(scope, 'github_token', { sensitive: true }).stringValue,
        })(scope),
      'RT-SEC1',
      'COMPLIANCE',
    );
    // A token's shape is its prefix and full length: a word that merely starts alike is not one.
    expect(literalSecretIn(`branch: ${classicToken.slice(0, 20)}`)).toBeUndefined();
    expect(literalSecretIn(`branch: ${classicToken}`)).toBeDefined();
  });
});

describe('RT-TLS1 and RT-TLS2: Pulp without TLS, and token auth in clear', () => {
  const server = (settings: string) => (scope: Construct) =>
    new ComputeInstanceV2(scope, 'Server', {
      name: 'ark',
      flavorId: 'f',
      imageId: 'i',
      userData: `#cloud-config\nwrite_files:\n  - content: |\n      ${settings.split('\n').join('\n      ')}\n`,
    });
  const plain = 'CONTENT_ORIGIN = "http://ark.example.org"\nTOKEN_SERVER = "http://ark.example.org/token/"';
  const noTokens = 'CONTENT_ORIGIN = "http://mirror.example.org"\nTOKEN_AUTH_DISABLED = True';
  const secure = 'CONTENT_ORIGIN = "https://ark.example.org"\nTOKEN_SERVER = "https://ark.example.org/token/"';
  test('Noncompliance 1: CONTENT_ORIGIN on http://', () => validate(server(noTokens), 'RT-TLS1', 'NON_COMPLIANCE'));
  test('Noncompliance 2: a token server on http://', () => validate(server(plain), 'RT-TLS2', 'NON_COMPLIANCE'));
  test('Compliance: https origins; no token auth is not RT-TLS2', () => {
    validate(server(secure), 'RT-TLS1', 'COMPLIANCE');
    validate(server(secure), 'RT-TLS2', 'COMPLIANCE');
    validate(server(noTokens), 'RT-TLS2', 'COMPLIANCE');
  });
});

describe('RT-LB1 and RT-LB2: load balancer listeners', () => {
  const listener = (protocol: string, allowedCidrs?: string[]) => (scope: Construct) =>
    new LbListenerV2(scope, 'Listener', { loadbalancerId: 'lb', protocol, protocolPort: 443, allowedCidrs });
  test('Noncompliance: plain HTTP (RT-LB1); no allowed_cidrs or 0.0.0.0/0 (RT-LB2)', () => {
    validate(listener('HTTP', ['203.0.113.0/24']), 'RT-LB1', 'NON_COMPLIANCE');
    validate(listener('TERMINATED_HTTPS'), 'RT-LB2', 'NON_COMPLIANCE');
    validate(listener('TERMINATED_HTTPS', ['203.0.113.0/24', '0.0.0.0/0']), 'RT-LB2', 'NON_COMPLIANCE');
  });
  test('Compliance: TLS terminated for listed ranges', () => {
    validate(listener('TERMINATED_HTTPS', ['203.0.113.0/24']), 'RT-LB1', 'COMPLIANCE');
    validate(listener('TERMINATED_HTTPS', ['203.0.113.0/24']), 'RT-LB2', 'COMPLIANCE');
  });
});

describe('suppressions', () => {
  test('a suppression with a reason silences exactly its rule, for the scope and below', () => {
    const build = (scope: Construct) => {
      suppressRule(scope, { id: 'RT-SG2', reason: 'Ark serves public content to the whole Internet' });
      ingress('0.0.0.0/0', 22)(scope);
    };
    expect(findings(build, 'RT-SG2')).toEqual([]);
    expect(findings(build, 'RT-SG1')).toHaveLength(1);
  });

  test('a reason under 10 characters, or an unknown rule, is refused', () => {
    const stack = new TerraformStack(new App(), 's');
    expect(() => suppressRule(stack, { id: 'RT-SG2', reason: 'because' })).toThrow(ReleaseTrainValidationError);
    expect(() => suppressRule(stack, { id: 'RT-SG2', reason: 'because' })).toThrow(/at least 10 characters/);
    expect(() => suppressRule(stack, { id: 'RT-XX9', reason: 'a long enough reason' })).toThrow(/unknown rule/);
  });

  test('RULES.md lists every rule with its summary and fix', () => {
    const rules = fs.readFileSync(path.join(__dirname, '../../../../RULES.md'), 'utf8');
    for (const rule of SECURITY_RULES) {
      expect(rules).toMatch(new RegExp(`\\|\\s*${rule.id}\\s*\\|`));
      expect(rules).toContain(rule.fix);
    }
  });
});

test('RULE_IDS, which the config loader checks suppressions against, are exactly the pack\u2019s rules', () => {
  expect(SECURITY_RULES.map((rule) => rule.id)).toEqual([...RULE_IDS]);
});
