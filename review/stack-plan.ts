// One stack of a review: its base "applied" (a state made from the base's own plan, review/prior-state.ts),
// then the head's configuration planned against that state, offline. A stack only in the head is planned
// against no state; one only in the base is destroyed whole (its base plan lists what it holds).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planAgainstState, writeAppliedState } from './prior-state';
import { SynthesisedStack, Tofu, TofuWorkspace } from './tofu-workspace';

/** An attribute a resource ignores (`lifecycle.ignore_changes`) whose deployed value the head would change. */
export interface IgnoredChange {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

export type StackPlan =
  /** `ignored`: from a live plan, which has no base configuration to compare the ignored attributes with. */
  | { readonly kind: 'planned'; readonly plan: any; readonly ignored?: readonly IgnoredChange[] }
  | { readonly kind: 'added'; readonly plan: any }
  | { readonly kind: 'removed'; readonly basePlan: any }
  /** tofu could not plan it here (e.g. a provider that cannot be installed): why, in one line. */
  | { readonly kind: 'not-planned'; readonly reason: string };

/** The local backend at the stack's usual relative path: an offline review never touches a shared state. */
function withLocalBackend(stack: SynthesisedStack): SynthesisedStack {
  const backend = stack.json.terraform?.backend ?? {};
  if (Object.keys(backend).length === 1 && backend.local) return stack;
  const json = {
    ...stack.json,
    terraform: { ...stack.json.terraform, backend: { local: { path: `terraform.${stack.name}.tfstate` } } },
  };
  const dir = fs.mkdtempSync(`${stack.dir}.local-`);
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return { ...stack, dir, json };
}

/** The first `Error: ...` line of tofu's output, without any absolute path. */
function firstError(error: unknown): string {
  const text = String((error as Error).message ?? error);
  const line = text.split('\n').find((l) => /Error: /.test(l)) ?? text.split('\n')[0];
  return line
    .replace(/^.*?Error: /, '')
    .replace(/(^|[\s"'(])\/[^\s"')]+/g, '$1<path>')
    .trim();
}

export function planStack(
  base: SynthesisedStack | undefined,
  head: SynthesisedStack | undefined,
  tofu: Tofu,
): StackPlan {
  const first = base ?? head!;
  const workspace = new TofuWorkspace(withLocalBackend(first), tofu);
  try {
    try {
      workspace.init();
    } catch (error) {
      return { kind: 'not-planned', reason: `\`tofu init\` failed: ${firstError(error)}` };
    }
    try {
      if (!base) return { kind: 'added', plan: planAgainstState(workspace) };
      if (!head) return { kind: 'removed', basePlan: planAgainstState(workspace) };
      writeAppliedState(workspace);
      const headLocal = withLocalBackend(head);
      fs.copyFileSync(path.join(headLocal.dir, 'cdk.tf.json'), path.join(workspace.dir, 'cdk.tf.json'));
      // A provider the base did not need (or another version of one): init again, keeping the state.
      const providers = (json: any) => JSON.stringify(json.terraform?.required_providers ?? {});
      if (providers(head.json) !== providers(base.json)) workspace.init();
      for (const [name, variable] of Object.entries<any>(head.json.variable ?? {})) {
        if (variable.default === undefined) workspace.setVariable(name, 'plan-only');
      }
      return { kind: 'planned', plan: planAgainstState(workspace) };
    } catch (error) {
      // A plan that needs the cloud (a data source looking a name up) cannot run offline.
      return { kind: 'not-planned', reason: `\`tofu plan\` failed: ${firstError(error)}` };
    }
  } finally {
    workspace.dispose();
  }
}

/** `tofu init` and `tofu plan` in the synthesised stack's own folder, with its real backend (`--live`). */
export function livePlan(stack: SynthesisedStack, tofu: Tofu, refresh: boolean): StackPlan {
  const run = (args: readonly string[]) => {
    const result = spawnSync(tofu.binary, args, {
      cwd: stack.dir,
      env: tofu.env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`tofu ${args[0]} failed:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const planFile = path.join(stack.dir, 'review.tfplan');
  try {
    run(['init', '-input=false', '-no-color']);
  } catch (error) {
    return { kind: 'not-planned', reason: `\`tofu init\` failed: ${firstError(error)}` };
  }
  const savedPlan = (args: readonly string[]) => {
    try {
      run(['plan', '-input=false', '-no-color', ...args, '-out=review.tfplan']);
      return JSON.parse(run(['show', '-json', 'review.tfplan']));
    } finally {
      fs.rmSync(planFile, { force: true });
    }
  };
  try {
    const plan = savedPlan([`-refresh=${refresh}`]);
    return {
      kind: 'planned',
      plan,
      ignored: ignoredByDeployed(stack, (config) => withConfig(stack, config, savedPlan)),
    };
  } catch (error) {
    return { kind: 'not-planned', reason: `\`tofu plan\` failed: ${firstError(error)}` };
  }
}

/** Runs `plan` with `config` in place of the stack's cdk.tf.json, then puts the stack's own back. */
function withConfig(stack: SynthesisedStack, config: any, plan: (args: readonly string[]) => any): any {
  const file = path.join(stack.dir, 'cdk.tf.json');
  const own = fs.readFileSync(file);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  try {
    // The state as the first plan read it: no second refresh, and no lock (nothing is written).
    return plan(['-refresh=false', '-lock=false']);
  } finally {
    fs.writeFileSync(file, own);
  }
}

/**
 * The ignored attributes (`lifecycle.ignore_changes`) the head changes against what is deployed. A plan
 * never shows them, and a state may keep only a hash of the value (the OpenStack provider's `user_data`), so
 * the stack is planned once more with its ignore lists dropped: an ignored attribute that then changes
 * (or forces a replacement) is one the head changes.
 */
function ignoredByDeployed(stack: SynthesisedStack, planWith: (config: any) => any): IgnoredChange[] {
  const ignoring: IgnoredChange[] = [];
  const resources = stack.json.resource ?? {};
  const config = JSON.parse(JSON.stringify(stack.json));
  for (const [type, byName] of Object.entries<any>(resources)) {
    for (const [name, body] of Object.entries<any>(byName)) {
      const ignored: unknown = body.lifecycle?.ignore_changes;
      if (!Array.isArray(ignored)) continue;
      for (const attribute of ignored) if (typeof attribute === 'string') ignoring.push({ type, name, attribute });
      delete config.resource[type][name].lifecycle.ignore_changes;
    }
  }
  if (ignoring.length === 0) return [];
  const changes = new Map<string, any>(
    (planWith(config).resource_changes ?? []).map((c: any) => [c.address, c.change]),
  );
  return ignoring.filter(({ type, name, attribute }) => {
    const change = changes.get(`${type}.${name}`);
    if (!change || change.actions.join() === 'no-op') return false;
    return (
      change.after_unknown?.[attribute] === true ||
      JSON.stringify(change.before?.[attribute]) !== JSON.stringify(change.after?.[attribute])
    );
  });
}
