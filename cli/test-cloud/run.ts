// `test-cloud up` and `down`: one run's test environment, in its own state. The state of a run is the
// OpenTofu workspace named by its prefix (TF_WORKSPACE), in the config's shared backend (s3 or pg), so
// a later job, or a person, can still destroy what a cancelled run made. Real mode runs `cdktf deploy`
// and `cdktf destroy`; plan-only mode (what `npm test` runs) plans the same stack offline with the
// tofu that cdktf would run (TERRAFORM_BINARY_NAME; the tests give the project-built one), with a local stand-in for the backend that keeps one workspace per run too, and
// without refreshing (there is no cloud to read what a state holds).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { configErrorAt } from '../../config/locate';
import { PROJECT_ROOT } from '../../config/project-root';
import { ReleaseTrainConfig, TestEnvironmentConfig } from '../../config/model';
import { PREFIX_TAG_KEY } from '../../config/test-env-reader';
import { StepFailedError } from './errors';
import { perRunState } from './prefix';
import { MAX_ATTEMPTS, RETRY_PAUSE_SECONDS, transientError } from './transient';
import { cloudsYamlFile, OpenStackApi } from './openstack-api';
import { serverFaults, serversInError } from '../deploy/server-faults';
import { offlineTofu, TofuWorkspace } from '../../review/tofu-workspace';

export interface RunContext {
  readonly config: ReleaseTrainConfig;
  readonly environment: TestEnvironmentConfig;
  /** `test-<env>` */
  readonly stack: string;
  readonly prefix: string;
  readonly planOnly: boolean;
  readonly out: (line: string) => void;
}

/** Everything test-cloud keeps between its steps: one folder per run, and plan-only's stand-in backend. */
export function testCloudRoot(): string {
  return path.join(os.tmpdir(), 'release-train-test-cloud');
}

export function runDir(ctx: RunContext): string {
  return path.join(testCloudRoot(), 'runs', `${ctx.prefix}.${ctx.stack}`);
}

/** The environment of every real-mode command: the run's workspace and prefix, and the config. */
export function realEnv(ctx: RunContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_WORKSPACE: ctx.prefix,
    TF_VAR_prefix: ctx.prefix,
    RELEASE_TRAIN_CONFIG: ctx.config.sourceFile,
    CHECKPOINT_DISABLE: '1',
  };
  const clouds = cloudsYamlFromEnv(runDir(ctx));
  if (clouds) env.OS_CLIENT_CONFIG_FILE = clouds;
  delete env.RELEASE_TRAIN_CLOUDS_YAML;
  return env;
}

/**
 * CI hands clouds.yaml over as a secret's content (RELEASE_TRAIN_CLOUDS_YAML): written into `dir` as a file
 * only this user can read, whose path is returned; undefined when the variable is not set.
 */
export function cloudsYamlFromEnv(dir: string): string | undefined {
  const clouds = process.env.RELEASE_TRAIN_CLOUDS_YAML;
  if (!clouds) return undefined;
  const file = path.join(dir, 'clouds.yaml');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, clouds, { mode: 0o600 });
  return file;
}

/** Runs a real-mode command in the project root, its output streaming through. */
export function runReal(ctx: RunContext, argv: readonly string[], env: NodeJS.ProcessEnv = realEnv(ctx)): void {
  ctx.out(`$ TF_WORKSPACE=${ctx.prefix} TF_VAR_prefix=${ctx.prefix} ${argv.join(' ')}`);
  const result = spawnSync(argv[0], argv.slice(1), { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new StepFailedError(`cannot run ${argv[0]}: ${result.error.message}`);
  if (result.status !== 0) throw new StepFailedError(`${argv.slice(0, 3).join(' ')} exited with ${result.status}`);
}

/** Keeps this much of a command's output (its end) to look for a transient error in. */
const KEPT_OUTPUT_CHARS = 1_000_000;

/** Runs a real-mode command, its output streaming through and kept; resolves to its exit code and output. */
function runRealCaptured(ctx: RunContext, argv: readonly string[]): Promise<{ status: number; output: string }> {
  ctx.out(`$ TF_WORKSPACE=${ctx.prefix} TF_VAR_prefix=${ctx.prefix} ${argv.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: PROJECT_ROOT,
      env: realEnv(ctx),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      to.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, process.stderr));
    child.on('error', (error) => reject(new StepFailedError(`cannot run ${argv[0]}: ${error.message}`)));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

/**
 * `cdktf deploy` or `destroy` of the run's stack (already synthesised), run again after an error known to be
 * transient (cli/test-cloud/transient.ts), at most MAX_ATTEMPTS times in all, each retry reported; any other
 * error fails at once.
 */
async function deployWithRetries(ctx: RunContext, verb: 'deploy' | 'destroy'): Promise<void> {
  const argv = deployCommand(ctx, verb);
  for (let attempt = 1; ; attempt++) {
    const { status, output } = await runRealCaptured(ctx, argv);
    if (status === 0) return;
    const failed = `${argv.slice(0, 3).join(' ')} exited with ${status}`;
    // cdktf colours tofu's messages: without the colour codes, a message is one run of text.
    const plain = stripVTControlCharacters(output);
    const transient = transientError(`${plain}\n${await reportServerFaults(ctx, plain)}`);
    if (!transient) throw new StepFailedError(`${failed}; not retried: the error is not one known to be transient`);
    if (attempt === MAX_ATTEMPTS) {
      throw new StepFailedError(`${failed}; still failing after ${MAX_ATTEMPTS} attempts (${transient.label})`);
    }
    ctx.out(
      `test-cloud ${verb === 'deploy' ? 'up' : 'down'}: attempt ${attempt} of ${MAX_ATTEMPTS} failed on a transient error (${transient.label}); retrying in ${RETRY_PAUSE_SECONDS} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_SECONDS * 1000));
  }
}

/** The fault Nova gives for each server that went to ERROR, each reported; returns them as text. */
async function reportServerFaults(ctx: RunContext, output: string): Promise<string> {
  const ids = serversInError(output);
  if (ids.length === 0 || !ctx.config.openstack) return '';
  const nova = new OpenStackApi(ctx.config.openstack.cloud, cloudsYamlFile(realEnv(ctx)));
  const lines = [...(await serverFaults(nova, ids))].map(([id, fault]) => `server ${id} is in ERROR: ${fault}`);
  for (const line of lines) ctx.out(line);
  return lines.join('\n');
}

function checkBackend(ctx: RunContext): void {
  const state = perRunState(ctx.config.backend, ctx.stack, ctx.prefix);
  if ('where' in state) ctx.out(`per-run state: ${state.where}`);
  else if (ctx.planOnly) ctx.out(`note: real mode would refuse this config: ${state.refused}`);
  else throw configErrorAt(ctx.config.sourceFile, ['backend'], state.refused);
}

/**
 * The stack is synthesised once per step (`npx cdktf synth`), before the workspace is made: not again here.
 * No `tofu providers lock` either: it asks the registry for every platform's hashes, while the lock file that
 * `init` writes already holds those of the runner, the only platform a run deploys from.
 */
function deployCommand(ctx: RunContext, verb: 'deploy' | 'destroy'): string[] {
  return ['npx', 'cdktf', verb, ctx.stack, '--auto-approve', '--skip-synth', '--skip-provider-lock'];
}

/**
 * The workspaces of a stack's backend, handled with TF_WORKSPACE unset: tofu (and terraform) refuse to
 * `init` into a selected workspace that does not exist yet once the backend holds any other, which a shared
 * backend always does. So a run's workspace is made explicitly before the first `init` that selects it.
 */
interface Workspaces {
  init(): void;
  names(): string[];
  selectOrCreate(name: string): void;
  /** Deletes an empty workspace. */
  delete(name: string): void;
}

const WORKSPACE_COMMANDS = {
  init: ['init', '-input=false', '-no-color'],
  list: ['workspace', 'list'],
  selectOrCreate: (name: string) => ['workspace', 'select', '-or-create', name],
  delete: (name: string) => [
    ['workspace', 'select', 'default'],
    ['workspace', 'delete', name],
  ],
};

function workspaceNames(listed: string): string[] {
  return listed
    .split('\n')
    .map((line) => line.replace(/^\*/, '').trim())
    .filter(Boolean);
}

/** Real mode: the project's `cdktf.out/stacks/<stack>` with the user's terraform or tofu. */
class RealWorkspaces implements Workspaces {
  private readonly tf = process.env.TERRAFORM_BINARY_NAME || 'terraform';
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly ctx: RunContext) {
    const { TF_WORKSPACE: _selected, ...env } = realEnv(ctx);
    this.env = env;
  }

  private run(args: readonly string[]): string {
    this.ctx.out(`$ ${this.tf} ${args.join(' ')}   (in cdktf.out/stacks/${this.ctx.stack})`);
    const cwd = path.join(PROJECT_ROOT, 'cdktf.out', 'stacks', this.ctx.stack);
    const result = spawnSync(this.tf, args, { cwd, env: this.env, encoding: 'utf8' });
    if (result.error) throw new StepFailedError(`cannot run ${this.tf}: ${result.error.message}`);
    if (result.status !== 0) throw new StepFailedError(`${this.tf} ${args.join(' ')} failed:\n${result.stderr.trim()}`);
    return result.stdout;
  }

  init(): void {
    this.run(WORKSPACE_COMMANDS.init);
  }

  names(): string[] {
    return workspaceNames(this.run(WORKSPACE_COMMANDS.list));
  }

  selectOrCreate(name: string): void {
    this.run(WORKSPACE_COMMANDS.selectOrCreate(name));
  }

  delete(name: string): void {
    for (const args of WORKSPACE_COMMANDS.delete(name)) this.run(args);
  }
}

export async function up(ctx: RunContext): Promise<void> {
  checkBackend(ctx);
  if (!ctx.planOnly) {
    runReal(ctx, ['npx', 'cdktf', 'synth']);
    const workspaces = new RealWorkspaces(ctx);
    workspaces.init();
    workspaces.selectOrCreate(ctx.prefix);
    await deployWithRetries(ctx, 'deploy');
    return;
  }
  ctx.out(`plan-only: real mode would run: ${deployCommand(ctx, 'deploy').join(' ')}`);
  const workspace = planWorkspace(ctx);
  workspace.selectOrCreate(ctx.prefix);
  ctx.out(`tofu workspace select -or-create ${ctx.prefix}`);
  const valid = JSON.parse(workspace.step(['validate', '-json', '-no-color'], 'validate'));
  ctx.out(`tofu validate: ${valid.valid ? 'valid' : 'invalid'}`);
  workspace.step(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=up.tfplan'], 'plan');
  const plan = JSON.parse(workspace.step(['show', '-json', 'up.tfplan'], 'show'));
  const creates = (plan.resource_changes ?? []).filter((rc: any) => rc.change.actions.includes('create'));
  const names = creates.map((rc: any) => rc.change.after?.name).filter((n: unknown) => typeof n === 'string');
  ctx.out(`tofu plan: ${creates.length} to add in workspace ${ctx.prefix}: ${names.sort().join(', ')}`);
  // What the leak sweep will find them by, as tofu resolved it with this run's prefix.
  const marker = `${PREFIX_TAG_KEY}=${ctx.prefix}`;
  const tagged = creates.filter((rc: any) => (rc.change.after?.tags ?? []).includes(marker)).length;
  const volumes = creates.filter((rc: any) => rc.change.after?.metadata?.[PREFIX_TAG_KEY] === ctx.prefix).length;
  ctx.out(`run marker ${marker}: tags of ${tagged} resource(s), metadata of ${volumes} volume(s)`);
}

function nothingDeployed(ctx: RunContext): void {
  ctx.out(`workspace ${ctx.prefix} does not exist: nothing was deployed under this prefix, nothing to destroy`);
}

export async function down(ctx: RunContext): Promise<void> {
  checkBackend(ctx);
  if (!ctx.planOnly) {
    runReal(ctx, ['npx', 'cdktf', 'synth']);
    const workspaces = new RealWorkspaces(ctx);
    workspaces.init();
    if (workspaces.names().includes(ctx.prefix)) {
      await deployWithRetries(ctx, 'destroy');
      try {
        workspaces.delete(ctx.prefix);
        ctx.out(`workspace ${ctx.prefix} deleted`);
      } catch (error) {
        ctx.out(`note: the emptied workspace ${ctx.prefix} stays: ${(error as Error).message}`);
      }
    } else nothingDeployed(ctx);
    // The run's folder holds its clouds.yaml and outputs: nothing of it outlives the run.
    fs.rmSync(runDir(ctx), { recursive: true, force: true });
    return;
  }
  ctx.out(`plan-only: real mode would run: ${deployCommand(ctx, 'destroy').join(' ')}`);
  const workspace = planWorkspace(ctx);
  if (!workspace.names().includes(ctx.prefix)) {
    nothingDeployed(ctx);
    return workspace.dispose();
  }
  const held = workspace.stateList();
  workspace.step(
    ['plan', '-destroy', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=down.tfplan'],
    'destroy plan',
  );
  const plan = JSON.parse(workspace.step(['show', '-json', 'down.tfplan'], 'show'));
  const deletes = (plan.resource_changes ?? []).filter((rc: any) => rc.change.actions.includes('delete'));
  ctx.out(
    `tofu plan -destroy: ${deletes.length} to destroy; the state of workspace ${ctx.prefix} holds ${held.length}`,
  );
  if (held.length === 0) {
    workspace.delete(ctx.prefix);
    ctx.out(`workspace ${ctx.prefix} deleted (it held nothing)`);
  } else {
    ctx.out(`workspace ${ctx.prefix} kept: plan-only destroys nothing`);
  }
  workspace.dispose();
}

/** The stack synthesised from the run's config into the run's folder (plan-only: cdktf does this itself in real mode). */
export function synthesiseStack(ctx: RunContext): { dir: string; json: any } {
  const outdir = path.join(runDir(ctx), 'synth');
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'main.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, RELEASE_TRAIN_CONFIG: ctx.config.sourceFile, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new StepFailedError(`synth failed:\n${result.stderr.trim()}`);
  const dir = path.join(outdir, 'stacks', ctx.stack);
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) };
}

/** The run's stack in its own folder, its state in the stand-in backend's workspace `<prefix>`. */
class RunWorkspace extends TofuWorkspace implements Workspaces {
  constructor(
    private readonly ctx: RunContext,
    stack: { dir: string; json: any },
  ) {
    super({ name: ctx.stack, ...stack }, offlineTofu(), undefined, path.join(runDir(ctx), 'work'));
    // The config's backend (s3, pg) needs the network: a local one stands in, one workspace per run.
    const stateDir = path.join(testCloudRoot(), 'state', ctx.stack);
    const backend = { local: { path: path.join(stateDir, 'default.tfstate'), workspace_dir: stateDir } };
    fs.writeFileSync(path.join(this.dir, 'backend_override.tf.json'), JSON.stringify({ terraform: { backend } }));
    this.setVariable('prefix', ctx.prefix);
  }

  /** tofu with the run's workspace selected (TF_WORKSPACE, as cdktf deploy runs it), or a StepFailedError. */
  step(args: readonly string[], what: string): string {
    this.env.TF_WORKSPACE = this.ctx.prefix;
    try {
      return this.unselected(args, what);
    } finally {
      delete this.env.TF_WORKSPACE;
    }
  }

  /** tofu without TF_WORKSPACE, or a StepFailedError with tofu's own message. */
  private unselected(args: readonly string[], what: string): string {
    const result = this.run(args);
    if (result.status !== 0) {
      throw new StepFailedError(`tofu ${what} failed:\n${(result.stderr || result.stdout).trim()}`);
    }
    return result.stdout;
  }

  init(): void {
    this.unselected(WORKSPACE_COMMANDS.init, 'init');
  }

  names(): string[] {
    return workspaceNames(this.unselected(WORKSPACE_COMMANDS.list, 'workspace list'));
  }

  selectOrCreate(name: string): void {
    this.unselected(WORKSPACE_COMMANDS.selectOrCreate(name), 'workspace select -or-create');
  }

  delete(name: string): void {
    for (const args of WORKSPACE_COMMANDS.delete(name)) this.unselected(args, args.slice(0, 2).join(' '));
  }

  /** Addresses in the workspace's state; none when it has no state yet. */
  stateList(): string[] {
    this.env.TF_WORKSPACE = this.ctx.prefix;
    try {
      const result = this.run(['state', 'list']);
      if (result.status !== 0 && /No state file was found/.test(result.stderr)) return [];
      if (result.status !== 0) throw new StepFailedError(`tofu state list failed:\n${result.stderr.trim()}`);
      return result.stdout.split('\n').filter(Boolean);
    } finally {
      delete this.env.TF_WORKSPACE;
    }
  }

  /** Removes the run's folder; the stand-in backend keeps what it holds. */
  dispose(): void {
    fs.rmSync(runDir(this.ctx), { recursive: true, force: true });
  }
}

function planWorkspace(ctx: RunContext): RunWorkspace {
  const workspace = new RunWorkspace(ctx, synthesiseStack(ctx));
  workspace.init();
  ctx.out(
    `tofu init: ${ctx.stack}, state in ${path.join(testCloudRoot(), 'state')} (standing in for the config's backend)`,
  );
  return workspace;
}
