// Day-two plans need a prior state, and there is no cloud to apply to. So this "applies" a plan by hand: a
// state file (format 4) whose attributes are the plan's planned values, every value only the cloud would
// know (IDs, addresses) made up, stable per address and attribute path. References between resources (a
// port's ID in the instance's network block) are then resolved by tofu itself: plan again against that
// state and take what the plan now knows, until the config plans no change against its own state.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SynthesisedStack, TofuWorkspace } from './tofu-workspace';

/** Every plan here: no refresh (there is no cloud to read), no lock (a temp copy nobody shares). */
const PLAN_ARGS = ['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=plan.tfplan'];
const MAX_ROUNDS = 6;

/** `tofu plan -refresh=false` against the workspace's state, then `tofu show -json` of the saved plan. */
export function planAgainstState(workspace: TofuWorkspace): any {
  workspace.ok(PLAN_ARGS);
  return JSON.parse(workspace.ok(['show', '-json', 'plan.tfplan']));
}

/** Resource address -> planned actions, e.g. `{ 'openstack_compute_instance_v2.X': ['delete', 'create'] }`. */
export function actionsByAddress(plan: any): Record<string, string[]> {
  return Object.fromEntries((plan.resource_changes ?? []).map((rc: any) => [rc.address, rc.change.actions]));
}

/** The next config of the same stack, in place of the one the state was made for (same backend, no re-init). */
export function replaceConfig(workspace: TofuWorkspace, stack: SynthesisedStack): void {
  fs.copyFileSync(path.join(stack.dir, 'cdk.tf.json'), path.join(workspace.dir, 'cdk.tf.json'));
}

/** Writes the state the workspace's config would have once applied; returns how many plans that took. */
export function writeAppliedState(workspace: TofuWorkspace): number {
  const config = JSON.parse(fs.readFileSync(path.join(workspace.dir, 'cdk.tf.json'), 'utf8'));
  const statePath = config.terraform?.backend?.local?.path;
  if (!statePath) throw new Error('prior-state: the stack must use the local backend');
  const stateFile = path.resolve(workspace.dir, statePath);
  const schemas = JSON.parse(workspace.ok(['providers', 'schema', '-json'])).provider_schemas;
  const lineage = randomUUID();
  const { terraform_version } = workspace.versions();
  let previous: Map<string, any> = new Map();
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const plan = planAgainstState(workspace);
    const pending = plan.resource_changes.filter((rc: any) => rc.change.actions.join() !== 'no-op');
    if (pending.length === 0) return round;
    const resources = new Map(previous);
    for (const rc of pending) {
      const schema = schemas[rc.provider_name].resource_schemas[rc.type];
      if (rc.mode !== 'managed' || !schema) throw new Error(`prior-state: cannot apply ${rc.address}`);
      resources.set(rc.address, {
        rc,
        providerKey: plan.configuration.root_module.resources.find((r: any) => r.address === rc.address)
          ?.provider_config_key,
        schemaVersion: schema.version,
        // A value derived from a sensitive variable (user data with the admin password) stays marked in the
        // state; without the mark, tofu plans an update that only adds it.
        sensitive: sensitivePaths(rc.change.after_sensitive, []),
        attributes: resolveBlock(
          schema.block,
          rc.change.after,
          rc.change.after_unknown,
          previous.get(rc.address)?.attributes,
          rc.address,
        ),
      });
    }
    fs.writeFileSync(
      stateFile,
      JSON.stringify(stateFileOf(resources, plan, { lineage, serial: round, terraform_version }), null, 2),
    );
    previous = resources;
  }
  throw new Error(`prior-state: the config still plans changes against its own state after ${MAX_ROUNDS} rounds`);
}

function stateFileOf(
  resources: Map<string, any>,
  plan: any,
  meta: { lineage: string; serial: number; terraform_version: string },
) {
  const providers = plan.configuration.provider_config ?? {};
  return {
    version: 4,
    ...meta,
    outputs: {},
    resources: [...resources.values()].map(({ rc, providerKey, schemaVersion, attributes, sensitive }) => {
      const alias = providers[providerKey]?.alias;
      return {
        mode: 'managed',
        type: rc.type,
        name: rc.name,
        provider: `provider["${rc.provider_name}"]${alias ? `.${alias}` : ''}`,
        instances: [
          {
            ...(rc.index !== undefined ? { index_key: rc.index } : {}),
            schema_version: schemaVersion,
            attributes,
            sensitive_attributes: sensitive,
          },
        ],
      };
    }),
    check_results: null,
  };
}

type PathStep = { type: 'get_attr'; value: string } | { type: 'index'; value: { value: number; type: 'number' } };

/** The state's form of the plan's `after_sensitive` tree: one step list per sensitive value. */
function sensitivePaths(marks: unknown, at: PathStep[]): PathStep[][] {
  if (marks === true) return [at];
  if (Array.isArray(marks)) {
    return marks.flatMap((m, i) => sensitivePaths(m, [...at, { type: 'index', value: { value: i, type: 'number' } }]));
  }
  if (marks && typeof marks === 'object') {
    return Object.entries(marks).flatMap(([k, m]) => sensitivePaths(m, [...at, { type: 'get_attr', value: k }]));
  }
  return [];
}

/** Planned values with each unknown taken from the prior state, else made up for its type. */
function resolveBlock(block: any, after: any, unknown: any, prior: any, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries<any>(block.attributes ?? {})) {
    out[name] = resolveValue(attribute.type, after?.[name], unknown?.[name], prior?.[name], `${at}.${name}`);
  }
  for (const [name, nested] of Object.entries<any>(block.block_types ?? {})) {
    const [a, u, p] = [after?.[name], unknown?.[name], prior?.[name]];
    const one = (i: number | string) => resolveBlock(nested.block, a?.[i], u?.[i], p?.[i], `${at}.${name}[${i}]`);
    if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
      out[name] = a == null ? null : resolveBlock(nested.block, a, u, p, `${at}.${name}`);
    } else if (nested.nesting_mode === 'map') {
      out[name] = Object.fromEntries(Object.keys(a ?? {}).map((k) => [k, one(k)]));
    } else {
      out[name] = (a ?? []).map((_: unknown, i: number) => one(i));
    }
  }
  return out;
}

function resolveValue(type: any, after: any, unknown: any, prior: any, at: string): unknown {
  // A dynamically-typed attribute (terraform_data's triggers_replace, input, output) is stored with its type.
  if (type === 'dynamic') {
    if (unknown === true || after === undefined || after === null) return null;
    return { value: after, type: ctyTypeOf(after) };
  }
  if (unknown === true) return prior !== undefined && prior !== null ? prior : madeUp(type, at);
  if (after === undefined || after === null || !Array.isArray(type)) return after ?? null;
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set' || kind === 'tuple') {
    return after.map((v: unknown, i: number) =>
      resolveValue(kind === 'tuple' ? element[i] : element, v, unknown?.[i], prior?.[i], `${at}[${i}]`),
    );
  }
  const entries = Object.keys(after).map((k) => [
    k,
    resolveValue(kind === 'object' ? element[k] : element, after[k], unknown?.[k], prior?.[k], `${at}.${k}`),
  ]);
  return Object.fromEntries(entries);
}

/** The cty type (in tofu's JSON form) of a known JSON value. */
function ctyTypeOf(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyTypeOf)];
  if (value && typeof value === 'object') {
    return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ctyTypeOf(v)]))];
  }
  return 'dynamic';
}

/** What the cloud would have answered: a UUID for a string (most are IDs), one element for a collection. */
function madeUp(type: any, at: string): unknown {
  if (type === 'string') return stableUuid(at);
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (!Array.isArray(type)) return null;
  const [kind, element] = type;
  // One element rather than none, so that `element(port.all_fixed_ips, 0)` has something to take.
  if (kind === 'list' || kind === 'set') return [madeUp(element, `${at}[0]`)];
  if (kind === 'map') return {};
  if (kind === 'object')
    return Object.fromEntries(Object.entries(element).map(([k, t]) => [k, madeUp(t, `${at}.${k}`)]));
  return null;
}

/** Made-up strings are UUIDs with a fixed first half, so that a report can tell them from real values. */
const MADE_UP = /^00000000-0000-4000-8000-[0-9a-f]{12}$/;

/** Whether a value of a state written here was made up (an ID or address only the cloud would know). */
export function isMadeUpValue(value: unknown): boolean {
  return typeof value === 'string' && MADE_UP.test(value);
}

function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `00000000-0000-4000-8000-${hex.slice(0, 12)}`;
}
