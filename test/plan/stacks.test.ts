// Every stack that main.ts synthesises, from the example config and from the Ark-at-scale example, is
// initialised, validated and planned by the project-built OpenTofu with the real providers, offline, from a
// temporary copy. Sensitive variables get placeholder values (TofuWorkspace), as an operator's TF_VAR_* would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blockedProvidersOf, toolchainLayout, toolchainTofu } from '../../scripts/toolchain';
import { synthApp, TofuWorkspace } from '../support/tofu';

const layout = toolchainLayout();
const app = synthApp();
const atScale = synthApp({ RELEASE_TRAIN_CONFIG: path.join('config', 'examples', 'ark-at-scale.yaml') });
const all = [
  ...app.stacks.map((stack) => [stack.name, stack] as const),
  ...atScale.stacks.map((stack) => [`${stack.name} (ark-at-scale.yaml)`, stack] as const),
];
// source-repos is planned in source-repos-plan.test.ts, against the loopback GitHub fake its provider needs.
const plannable = all.filter(([name]) => name !== 'source-repos');
const expectedProviders = Object.fromEntries(
  Object.values(layout.providers).map((p) => [`registry.opentofu.org/${p.source}`, p.version]),
);

afterAll(() => {
  for (const outdir of [app.outdir, atScale.outdir]) fs.rmSync(outdir, { recursive: true, force: true });
});

test('the example synthesises ark, a mirror on OpenStack and one on an existing host, test clouds and builders', () => {
  expect(app.stacks.map((s) => s.name).sort()).toEqual([
    'ark',
    'builders-rt-builder',
    'mirror-site-a',
    'mirror-site-b',
    'source-repos',
    'test-aio',
    'test-multinode',
  ]);
  expect(atScale.stacks.map((s) => s.name)).toEqual(['ark']);
});

test('every stack requires only providers the toolchain builds (none is versions.json `blocked`)', () => {
  expect(
    all.map(([name, stack]) => [name, blockedProvidersOf(stack.json, layout)]).filter(([, b]) => b.length),
  ).toEqual([]);
});

describe.each(plannable)('stack %s', (name, stack) => {
  let workspace: TofuWorkspace;
  const providers = () => Object.keys(stack.json.terraform.required_providers ?? {});

  beforeAll(() => {
    workspace = new TofuWorkspace(stack, toolchainTofu(layout));
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
    // A mirror on an existing host plans no resource at all: only its outputs.
    const changes: any[] = plan.resource_changes ?? [];
    const planned = changes.map((change: any) => `${change.type}.${change.name}`).sort();
    const synthesised = Object.entries<Record<string, unknown>>(stack.json.resource ?? {})
      .flatMap(([type, resources]) => Object.keys(resources).map((resourceName) => `${type}.${resourceName}`))
      .sort();
    expect(planned).toEqual(synthesised);
    expect(changes.every((change: any) => change.change.actions.join() === 'create')).toBe(true);
    expect(Object.keys(plan.output_changes ?? {}).sort()).toEqual(Object.keys(stack.json.output ?? {}).sort());
    console.log(`[${name}] tofu plan: ${planned.length} to add, 0 to change, 0 to destroy`);
  });
});
