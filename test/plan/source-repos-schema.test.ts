// The source-repos stack beside its real validate and plan (source-repos-plan.test.ts): what those do not
// check, on the real entry point's output: every
// resource type, attribute and block against the schema @cdktf/provider-github was generated from (read
// from its generated code), the provider's source and exact version, the import blocks (each on a resource
// of the stack, with an ID of the provider's form that agrees with the resource's own attributes), and the
// credentials (sensitive variables, no secret). Controls prove each check can fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { literalSecretIn } from '../../constructs';
import { projectRoot, readVersions } from '../../scripts/toolchain';
import { readPackageSchema, stackProblems } from '../support/provider-package-schema';
import { synthApp } from '../support/tofu';

const PACKAGE_DIR = path.join(projectRoot, 'node_modules', '@cdktf', 'provider-github');
const schema = readPackageSchema(PACKAGE_DIR);
const app = synthApp();
const stack = app.stacks.find((s) => s.name === 'source-repos')!;
afterAll(() => fs.rmSync(app.outdir, { recursive: true, force: true }));

/** `type.name` -> the synthesised resource. */
const resources = new Map<string, any>(
  Object.entries<Record<string, any>>(stack.json.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as const),
  ),
);

/** Whether an import ID has the provider's form for its type and agrees with the resource's literal attributes. */
function importIdProblem(id: string, address: string): string | undefined {
  const body = resources.get(address);
  const type = address.split('.')[0];
  const [first, ...rest] = id.split(':');
  const second = rest.join(':');
  const expected: Record<string, () => boolean> = {
    github_repository: () => id === body.name,
    github_branch_default: () => !id.includes(':') && body.repository.startsWith('${github_repository.'),
    github_branch_protection: () => second === body.pattern && first !== '',
    github_issue_label: () => second === body.name && first !== '',
    github_team: () => /^[a-z0-9-]+$/.test(id),
    github_team_membership: () => second === body.username && /^[a-z0-9-]+$/.test(first),
    github_team_repository: () => /^[a-z0-9-]+$/.test(first) && second !== '',
  };
  if (!body) return `${address}: no such resource in the stack`;
  const check = expected[type];
  return check && check() ? undefined : `${address}: import ID ${JSON.stringify(id)} does not match`;
}

test('the package is the one generated from integrations/github at the version versions.json pins', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const pinned = readVersions().providers.github;
  expect(pkg.version).toBe('15.3.1');
  expect(pkg.cdktf.provider).toEqual({ name: `registry.terraform.io/${pinned.source}`, version: pinned.version });
  // Built from the vendored source (the proxy refuses it), so the plan tier runs the real provider.
  expect([pinned.blocked, pinned.build]).toEqual([undefined, 'vendored']);
});

test('the schema read from the package has the resources the stack uses, with their attributes', () => {
  expect(Object.keys(schema.resources).length).toBe(81);
  expect(Object.keys(schema.dataSources).length).toBe(72);
  expect(schema.resources.github_branch_protection.blocks.required_pull_request_reviews.attributes).toMatchObject({
    required_approving_review_count: 'number',
    require_code_owner_reviews: 'boolean',
  });
  expect(schema.providers.github.blocks.app_auth.attributes).toEqual({
    id: 'string',
    installation_id: 'string',
    pem_file: 'string',
  });
});

test('every resource type, attribute and block of the synthesised stack is one the provider knows', () => {
  expect(Object.keys(stack.json.resource).sort()).toEqual([
    'github_branch_default',
    'github_branch_protection',
    'github_issue_label',
    'github_repository',
    'github_team',
    'github_team_membership',
    'github_team_repository',
  ]);
  expect(stackProblems(stack.json, schema)).toEqual([]);
});

test('control: an unknown attribute, a misspelt block, a wrong type and an unknown type are each found', () => {
  const broken = JSON.parse(JSON.stringify(stack.json));
  const [protectionName, protection] = Object.entries<any>(broken.resource.github_branch_protection)[0];
  protection.require_signed_commit = true; // the attribute is require_signed_commits
  protection.required_pull_request_reviews[0].required_approving_reviews = 1;
  protection.allows_deletions = 'false';
  broken.resource.github_repo = { x: { name: 'y' } };
  broken.provider.github[0].app_auth.pem = '${var.github_app_pem_file}';
  const where = `resource.github_branch_protection.${protectionName}`;
  expect(stackProblems(broken, schema).sort()).toEqual(
    [
      `${where}.require_signed_commit: unknown attribute`,
      `${where}.required_pull_request_reviews[0].required_approving_reviews: unknown attribute`,
      `${where}.allows_deletions: expected boolean, got string "false"`,
      'resource.github_repo.x: unknown type',
      'provider.github[0].app_auth[0].pem: unknown attribute',
    ].sort(),
  );
});

test('requires integrations/github at exactly 6.9.0, the version the bindings come from', () => {
  expect(stack.json.terraform.required_providers).toEqual({
    github: { source: 'integrations/github', version: '6.9.0' },
  });
});

test('import blocks take over what exists: each on a resource of the stack, with an ID of the provider form', () => {
  const imports: { id: string; to: string }[] = stack.json.import;
  expect(imports).toHaveLength(84);
  expect(imports.map((i) => importIdProblem(i.id, i.to)).filter(Boolean)).toEqual([]);
  // Control: a label imported under another name, and a protection of another pattern, are found.
  const label = imports.find((i) => i.to.startsWith('github_issue_label.'))!;
  expect(importIdProblem(`${label.id}x`, label.to)).toMatch(/does not match/);
  const rule = imports.find((i) => i.to.startsWith('github_branch_protection.'))!;
  expect(importIdProblem(rule.id.replace(/:.*/, ':stackhpc/other'), rule.to)).toMatch(/does not match/);
});

test('credentials only from sensitive variables, and no literal secret anywhere in the stack', () => {
  expect(stack.json.provider.github[0].app_auth.pem_file).toBe('${var.github_app_pem_file}');
  for (const variable of Object.values<any>(stack.json.variable)) expect(variable.sensitive).toBe(true);
  expect(literalSecretIn(stack.json)).toBeUndefined();
});
