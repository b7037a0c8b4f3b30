// The source-repos stack with the real integrations/github provider (built offline from ../shared/vendor/):
// the example's stack (GitHub App auth, import blocks) is initialised and validated; a plan runs on the same
// stack synthesised with token auth and without `import: true` (a takeover plan reads every imported object
// from GitHub), against the loopback GitHub fake (GITHUB_BASE_URL), which answers the provider's
// organisation lookup.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isPair, isSeq, parseDocument } from 'yaml';
import { FakeGitHubApi } from '../../testbed/fakes/fake-github-api';
import { projectRoot, toolchainLayout, toolchainTofu } from '../../scripts/toolchain';
import { synthApp, TofuWorkspace } from '../support/tofu';

const layout = toolchainLayout();
const EXAMPLES = path.join(projectRoot, 'config', 'examples');

/** The example config with the source repositories created rather than taken over, the provider on a token. */
function createOnlyConfig(dir: string): string {
  const doc = parseDocument(fs.readFileSync(path.join(EXAMPLES, 'release-train.yaml'), 'utf8'));
  doc.setIn(['sourceRepos', 'auth'], doc.createNode({ method: 'token' }));
  // Every `import: true` becomes false; a new repository starts with main only, so its defaultBranch goes.
  const dropImports = (node: unknown): void => {
    if (!isMap(node) && !isSeq(node)) return;
    if (isMap(node) && node.has('import')) {
      node.set('import', false);
      node.delete('defaultBranch');
    }
    for (const item of node.items) dropImports(isPair(item) ? item.value : item);
  };
  dropImports(doc.get('sourceRepos', true));
  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml'))) {
    fs.copyFileSync(path.join(EXAMPLES, file), path.join(dir, file));
  }
  const file = path.join(dir, 'create-only.yaml');
  fs.writeFileSync(file, doc.toString());
  return file;
}

describe('source-repos with the real GitHub provider', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-source-repos-'));
  const example = synthApp();
  const createOnly = synthApp({ RELEASE_TRAIN_CONFIG: createOnlyConfig(work) });
  const workspaces: TofuWorkspace[] = [];
  const workspaceOf = (app: typeof example) => {
    const stack = app.stacks.find((s) => s.name === 'source-repos')!;
    const workspace = new TofuWorkspace(stack, toolchainTofu(layout));
    workspaces.push(workspace);
    workspace.init();
    return { stack, workspace };
  };
  afterAll(() => {
    for (const workspace of workspaces) workspace.dispose();
    for (const dir of [example.outdir, createOnly.outdir, work]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`tofu validate of the example's stack passes with integrations/github ${layout.providers.github.version}`, () => {
    const { workspace } = workspaceOf(example);
    expect(workspace.versions().provider_selections['registry.opentofu.org/integrations/github']).toBe('6.9.0');
    const result = workspace.validate();
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('tofu plan creates exactly the resources in cdk.tf.json, the provider configured against the fake', async () => {
    const { stack, workspace } = workspaceOf(createOnly);
    const github = new FakeGitHubApi('stackhpc/release-train');
    const url = await github.start();
    try {
      workspace.setEnvironment('GITHUB_BASE_URL', `${url}/`);
      const planned = await workspace.runAsync([
        'plan',
        '-input=false',
        '-lock=false',
        '-no-color',
        '-out=plan.tfplan',
      ]);
      expect([planned.status, planned.stderr]).toEqual([0, '']);
      const plan = JSON.parse((await workspace.runAsync(['show', '-json', 'plan.tfplan'])).stdout);
      const changes: any[] = plan.resource_changes ?? [];
      const addresses = changes.map((change) => `${change.type}.${change.name}`).sort();
      const synthesised = Object.entries<Record<string, unknown>>(stack.json.resource)
        .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
        .sort();
      expect(addresses).toEqual(synthesised);
      expect(changes.every((change) => change.change.actions.join() === 'create')).toBe(true);
      expect(github.requests.map((request) => request.path)).toContain('/api/v3/orgs/stackhpc');
      console.log(`[source-repos] tofu plan with integrations/github 6.9.0: ${addresses.length} to add`);
    } finally {
      await github.stop();
    }
  });
});
