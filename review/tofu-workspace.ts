// Runs OpenTofu (or Terraform) on one synthesised stack in a temporary copy (never in cdktf.out, so no lock
// file with locally built provider hashes is ever written into the project), planning offline: every cloud
// of clouds.yaml points at a closed loopback port unless a test serves one. The binary and its settings come
// from the caller's environment as cdktf takes them (TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE), so the
// product never builds or looks for a toolchain; tests hand in the project-built one. Used by
// `test-cloud --plan-only`, `npm run summary` and the tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A stack as synthesised: its name, the folder holding cdk.tf.json, and the parsed JSON. */
export interface SynthesisedStack {
  readonly name: string;
  readonly dir: string;
  readonly json: any;
}

export interface TofuResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The tofu (or terraform) to run and the environment to run it in. */
export interface Tofu {
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * tofu as cdktf would run it from `base` (TERRAFORM_BINARY_NAME, else `tofu` from PATH), kept offline: no
 * OpenStack or Terraform settings of the caller's shell but the CLI config (provider mirrors), and an auth
 * URL on a closed loopback port, since the provider authenticates lazily and a plan that reads no data
 * source never calls it.
 */
export function offlineTofu(base: NodeJS.ProcessEnv = process.env): Tofu {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('OS_') && !key.startsWith('TF_')) env[key] = value;
  }
  // The CLI config (provider mirrors) and the plugin cache: where providers come from, no cloud or state.
  for (const key of ['TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR']) if (base[key]) env[key] = base[key];
  return {
    binary: tofuBinary(base),
    env: { ...env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', OS_AUTH_URL: 'http://127.0.0.1:9/v3' },
  };
}

/** TERRAFORM_BINARY_NAME, else `tofu` on PATH, else `terraform` (what an operator without OpenTofu has). */
function tofuBinary(base: NodeJS.ProcessEnv): string {
  if (base.TERRAFORM_BINARY_NAME) return base.TERRAFORM_BINARY_NAME;
  const onPath = (name: string) =>
    (base.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
  return onPath('tofu') || !onPath('terraform') ? 'tofu' : 'terraform';
}

/**
 * The same binary with the caller's whole environment (clouds.yaml, TF_VAR_*, backend credentials), for a
 * plan against the real backends: `release-train review --live`.
 */
export function liveTofu(base: NodeJS.ProcessEnv = process.env): Tofu {
  return { binary: tofuBinary(base), env: { ...base, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } };
}

/** One stack copied into a temporary working folder, with a clouds.yaml whose every cloud is a loopback dummy. */
export class TofuWorkspace {
  public readonly dir: string;
  protected readonly env: NodeJS.ProcessEnv;

  /**
   * @param cloudsYaml the clouds.yaml to plan with; by default every cloud points at a closed port
   * @param workRoot a folder of the caller's to work in, kept from one run to the next (`test-cloud`'s
   *   per-run folder); by default a fresh temporary one
   */
  constructor(
    stack: SynthesisedStack,
    private readonly tofuToRun: Tofu = offlineTofu(),
    cloudsYaml?: string,
    workRoot?: string,
  ) {
    // Same depth as cdktf.out/stacks/<name>, so the stack's relative state path stays inside the temp root.
    const root = workRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), `rt-tofu-${stack.name}-`));
    this.dir = path.join(root, 'cdktf.out', 'stacks', stack.name);
    fs.mkdirSync(this.dir, { recursive: true });
    fs.copyFileSync(path.join(stack.dir, 'cdk.tf.json'), path.join(this.dir, 'cdk.tf.json'));
    const cloudsFile = path.join(root, 'clouds.yaml');
    fs.writeFileSync(cloudsFile, cloudsYaml ?? dummyCloudsYaml(stack.json));
    this.env = { ...tofuToRun.env, OS_CLIENT_CONFIG_FILE: cloudsFile };
    // Plans need a value for every variable without a default (the sensitive ones); tests that care set theirs.
    for (const [name, variable] of Object.entries<any>(stack.json.variable ?? {})) {
      if (variable.default === undefined) this.setVariable(name, 'plan-only');
    }
  }

  /** Sets an environment variable for tofu, e.g. a backend's credentials (PG_CONN_STR). */
  setEnvironment(name: string, value: string): void {
    this.env[name] = value;
  }

  /** Gives a (sensitive) variable its value the way an operator would: `TF_VAR_<name>` in tofu's environment. */
  setVariable(name: string, value: string): void {
    this.setEnvironment(`TF_VAR_${name}`, value);
  }

  get tofu(): string {
    return this.tofuToRun.binary;
  }

  run(args: readonly string[]): TofuResult {
    const result = spawnSync(this.tofu, args, { cwd: this.dir, env: this.env, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs tofu and throws with its output when it fails. */
  ok(args: readonly string[]): string {
    const result = this.run(args);
    if (result.status !== 0) {
      throw new Error(`tofu ${args.join(' ')} exited with ${result.status}:\n${result.stderr}\n${result.stdout}`);
    }
    return result.stdout;
  }

  init(): void {
    this.ok(['init', '-input=false', '-no-color']);
  }

  versions(): { terraform_version: string; provider_selections: Record<string, string> } {
    return JSON.parse(this.ok(['version', '-json']));
  }

  validate(): { valid: boolean; error_count: number; diagnostics: unknown[] } {
    return JSON.parse(this.ok(['validate', '-json', '-no-color']));
  }

  /** `tofu plan` then `tofu show -json` of the saved plan. */
  plan(): any {
    this.ok(['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.tfplan']);
    return JSON.parse(this.ok(['show', '-json', 'plan.tfplan']));
  }

  dispose(): void {
    fs.rmSync(path.dirname(path.dirname(path.dirname(this.dir))), { recursive: true, force: true });
  }
}

/** Every cloud named by the stack's openstack provider blocks, pointing at a closed loopback port. */
export function dummyCloudsYaml(stackJson: any): string {
  const clouds = new Set<string>((stackJson.provider?.openstack ?? []).map((p: any) => p.cloud).filter(Boolean));
  const lines = ['clouds:'];
  for (const cloud of clouds) {
    lines.push(
      `  ${cloud}:`,
      '    auth:',
      '      auth_url: http://127.0.0.1:9/v3',
      '      username: plan-only',
      '      password: plan-only',
      '      project_name: plan-only',
      '      user_domain_name: Default',
      '      project_domain_name: Default',
    );
  }
  return lines.join('\n') + '\n';
}
