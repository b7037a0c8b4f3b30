// Every stack that main.ts synthesises is initialised, validated and planned by the project-built OpenTofu
// with the real providers, offline, from a temporary copy.
import * as fs from 'node:fs';
import { toolchainLayout } from '../../scripts/toolchain';
import { synthApp, TofuWorkspace } from '../support/tofu';

const layout = toolchainLayout();
const app = synthApp();
const expectedProviders = Object.fromEntries(
  Object.values(layout.providers).map((p) => [`registry.opentofu.org/${p.source}`, p.version]),
);

afterAll(() => fs.rmSync(app.outdir, { recursive: true, force: true }));

test('main.ts synthesises at least one stack', () => {
  expect(app.stacks.map((s) => s.name)).toContain('ark');
});

describe.each(app.stacks.map((stack) => [stack.name, stack] as const))('stack %s', (name, stack) => {
  let workspace: TofuWorkspace;
  const providers = () => Object.keys(stack.json.terraform.required_providers ?? {});

  beforeAll(() => {
    workspace = new TofuWorkspace(stack, layout);
    workspace.init();
  });
  afterAll(() => workspace?.dispose());

  test(`tofu ${layout.tofu.version} init installs the real providers at the pinned versions`, () => {
    const { terraform_version, provider_selections } = workspace.versions();
    expect(terraform_version).toBe(layout.tofu.version);
    for (const provider of providers()) {
      const source = stack.json.terraform.required_providers[provider].source;
      expect(provider_selections[`registry.opentofu.org/${source}`]).toBe(
        expectedProviders[`registry.opentofu.org/${source}`],
      );
    }
    console.log(
      `[${name}] tofu ${terraform_version}; providers: ${Object.entries(provider_selections)
        .map(([fqpn, version]) => `${fqpn} ${version}`)
        .join(', ')}`,
    );
  });

  test(`tofu validate passes with openstack ${layout.providers.openstack.version}`, () => {
    const result = workspace.validate();
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('tofu plan creates exactly the resources in cdk.tf.json', () => {
    const plan = workspace.plan();
    const planned = plan.resource_changes.map((change: any) => `${change.type}.${change.name}`).sort();
    const synthesised = Object.entries<Record<string, unknown>>(stack.json.resource ?? {})
      .flatMap(([type, resources]) => Object.keys(resources).map((resourceName) => `${type}.${resourceName}`))
      .sort();
    expect(planned).toEqual(synthesised);
    expect(plan.resource_changes.every((change: any) => change.change.actions.join() === 'create')).toBe(true);
    console.log(`[${name}] tofu plan: ${planned.length} to add, 0 to change, 0 to destroy`);
  });
});
