// `npm run summary`: synthesises the example config (or RELEASE_TRAIN_CONFIG), plans every stack with the
// project-built tofu and the real providers (offline: IDs only; sensitive variables get placeholders), and
// writes one Markdown summary per stack into docs/plans/ (or the folder given as the first argument). A stack
// whose provider cannot be built here (versions.json: blocked), or whose plan reads from GitHub
// (source-repos: its provider authenticates and reads what it imports), is summarised from its synthesised
// configuration instead, and its summary says so.
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { ReleaseTask } from '../constructs';
import { suppressionsOf } from '../constructs/rules';
import { PlanJson, planSummary } from '../review/plan-summary';
import { synthesisedChanges } from '../review/synthesised-changes';
import { buildStacks } from '../stacks';
import { blockedProvidersOf, projectRoot, toolchainTofu } from './toolchain';

/** Whether the stack requires integrations/github, whose plan authenticates to GitHub and reads from it. */
function readsGitHub(stackJson: unknown): boolean {
  const required = (stackJson as { terraform?: { required_providers?: Record<string, { source: string }> } }).terraform
    ?.required_providers;
  return Object.values(required ?? {}).some((provider) => provider.source === 'integrations/github');
}
import { TofuWorkspace } from '../review/tofu-workspace';

export function writeSummaries(outDir: string, configFile?: string): string[] {
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-summary-'));
  try {
    const app = new App({ outdir: synthDir, skipValidation: true }); // as stacks/synthesise.ts
    const stacks = buildStacks(app, loadConfig(configFile));
    app.synth();
    fs.mkdirSync(outDir, { recursive: true });
    return stacks.map((stack) => {
      const name = stack.node.id;
      const dir = path.join(synthDir, 'stacks', name);
      const json: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
      const file = path.join(outDir, `${name}.md`);
      const suppressions = suppressionsOf(stack);
      const tasks = (stack as { tasks?: readonly ReleaseTask[] }).tasks ?? [];
      const summaryTasks = tasks.map((task) => ({ name: task.description, rerunsWhen: task.rerunsWhen }));
      const input = { stack: name, stackJson: json, suppressions, tasks: summaryTasks };
      const blocked = blockedProvidersOf(json);
      const notPlanned =
        blocked.length > 0
          ? `the provider ${blocked.map((p) => `${p.source} ${p.version}`).join(', ')} cannot be built here (versions.json: blocked).`
          : readsGitHub(json)
            ? 'a plan of this stack reads from GitHub (the organisation and every object it imports), with its credentials.'
            : undefined;
      if (notPlanned) {
        fs.writeFileSync(file, planSummary({ ...input, plan: synthesisedChanges(json), notPlanned }));
        return file;
      }
      const workspace = new TofuWorkspace({ name, dir, json }, toolchainTofu());
      try {
        workspace.init();
        fs.writeFileSync(file, planSummary({ ...input, plan: workspace.plan() as PlanJson }));
        return file;
      } finally {
        workspace.dispose();
      }
    });
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(projectRoot, 'docs', 'plans'));
  for (const file of writeSummaries(outDir, process.env.RELEASE_TRAIN_CONFIG || undefined)) {
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
