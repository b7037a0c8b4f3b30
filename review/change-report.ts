// The Markdown report of `release-train review`: per stack, what applying the head would do to what the base
// made. A headline per stack first, then per stack with changes: replacements and destroys (with the
// attribute forcing each), in-place updates (before -> after), additions, security group rules added and
// removed, release tasks that run (and which trigger changed), moved addresses, and configuration changes
// the plan ignores (`ignore_changes`). Sorted throughout, no paths, no times: the same input gives the same bytes.
import { attributeChanges } from './attribute-diff';
import { constructOf, keyAttributesOf, secgroupRuleCells } from './plan-summary';
import { isMadeUpValue } from './prior-state';
import { lineDiff } from './line-diff';
import type { IgnoredChange, StackPlan } from './stack-plan';

export interface StackReview {
  readonly name: string;
  readonly plan: StackPlan;
  /** The synthesised cdk.tf.json of each side (absent when the stack is not on that side). */
  readonly baseJson?: any;
  readonly headJson?: any;
}

export interface ReviewReport {
  readonly markdown: string;
  readonly hasChanges: boolean;
}

const TASK_COMMAND = /^echo 'release-train task: (.*?)' && /;

/** The description of a release task (constructs/release-task.ts), from its local-exec command. */
function taskDescription(json: any, name: string): string | undefined {
  const body = json?.resource?.terraform_data?.[name];
  const command: string | undefined = body?.provisioner?.[0]?.['local-exec']?.command;
  return command?.match(TASK_COMMAND)?.[1];
}

const TRIGGER_WORDS: Record<string, string> = {
  inputs_sha256: 'its inputs changed',
  target: 'the target URL changed',
  target_identity: 'the target server is replaced',
};

interface Classified {
  readonly add: any[];
  readonly update: any[];
  readonly replace: any[];
  readonly destroy: any[];
  readonly tasks: any[];
  readonly moved: any[];
}

function classify(changes: readonly any[], json: any): Classified {
  const out: Classified = { add: [], update: [], replace: [], destroy: [], tasks: [], moved: [] };
  for (const c of [...changes].sort((a, b) => a.address.localeCompare(b.address))) {
    if (c.mode !== 'managed') continue;
    const actions = c.change.actions.join('+');
    if (c.previous_address && c.previous_address !== c.address) out.moved.push(c);
    if (actions === 'no-op' || actions === 'read') continue;
    if (c.type === 'terraform_data' && taskDescription(json, c.name) !== undefined && actions !== 'delete') {
      out.tasks.push(c);
      continue;
    }
    if (actions === 'create') out.add.push(c);
    else if (actions === 'update') out.update.push(c);
    else if (actions === 'delete') out.destroy.push(c);
    else if (c.change.actions.includes('delete') && c.change.actions.includes('create')) out.replace.push(c);
  }
  return out;
}

/** `rt-mn-controller-01` and the construct path, to tell a resource without reading its address. */
function label(c: any, json: any, withName = true): string {
  const values = c.change.after ?? c.change.before ?? {};
  const named = withName && typeof values.name === 'string' && !isMadeUpValue(values.name);
  const name = named ? ` \`${values.name}\`` : '';
  const construct = constructOf(c, json);
  return `\`${c.address}\`${name}${construct === '(stack)' ? '' : ` (${construct})`}`;
}

/** Top-level values marked sensitive shown as (sensitive): a live plan holds the real ones. */
function withoutSensitive(values: Record<string, any> | null, marks: any): Record<string, any> {
  if (marks === true) return {};
  const out = { ...(values ?? {}) };
  for (const [key, mark] of Object.entries(marks ?? {})) if (mark === true) out[key] = '(sensitive)';
  return out;
}

function attributeLines(c: any): string[] {
  return attributeChanges(c.change).map(
    (a) => `  - \`${a.path}\`: ${a.before} -> ${a.after}${a.forcesReplacement ? ' (forces replacement)' : ''}`,
  );
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function cell(value: unknown): string {
  const text = isMadeUpValue(value) ? '(a security group)' : value === undefined || value === null ? '' : textOf(value);
  return text.replace(/\|/g, '\\|');
}

function ruleRows(cl: Classified): string[] {
  const rows: string[][] = [];
  const isRule = (c: any) => c.type === 'openstack_networking_secgroup_rule_v2';
  for (const c of [...cl.add, ...cl.replace].filter(isRule)) {
    rows.push(['added', ...secgroupRuleCells(withoutSensitive(c.change.after, c.change.after_sensitive))]);
  }
  for (const c of [...cl.destroy, ...cl.replace].filter(isRule)) {
    rows.push(['removed', ...secgroupRuleCells(withoutSensitive(c.change.before, c.change.before_sensitive))]);
  }
  if (rows.length === 0) return [];
  rows.sort((a, b) => a.join('|').localeCompare(b.join('|')));
  return [
    '| Change | Direction | Protocol | Ports | CIDR or source |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function taskLines(cl: Classified, json: any): string[] {
  return cl.tasks.map((c) => {
    const description = taskDescription(json, c.name);
    if (c.change.actions.join() === 'create') return `- ${description}: new task, runs for the first time`;
    const before = c.change.before?.triggers_replace ?? {};
    const after = c.change.after?.triggers_replace ?? {};
    const unknown = c.change.after_unknown?.triggers_replace ?? {};
    const changed = Object.keys(TRIGGER_WORDS).filter(
      (k) => unknown === true || unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    const why = changed.map((k) => `${TRIGGER_WORDS[k]} (\`${k}\`)`).join(', ');
    return `- ${description}: reruns because ${why || 'it is replaced'}`;
  });
}

/** Attributes a resource ignores (`lifecycle.ignore_changes`) whose synthesised value differs between the sides. */
function ignoredChanges(baseJson: any, headJson: any, replacedOrNew: Set<string>): string[] {
  const lines: string[] = [];
  const types = Object.keys(headJson?.resource ?? {}).sort();
  for (const type of types) {
    for (const name of Object.keys(headJson.resource[type]).sort()) {
      const head = headJson.resource[type][name];
      const base = baseJson?.resource?.[type]?.[name];
      const ignored: unknown = head.lifecycle?.ignore_changes;
      if (!base || replacedOrNew.has(`${type}.${name}`) || !Array.isArray(ignored)) continue;
      for (const attribute of ignored.filter((a): a is string => typeof a === 'string').sort()) {
        if (JSON.stringify(base[attribute]) === JSON.stringify(head[attribute])) continue;
        const c = { mode: 'managed' as const, type, name };
        lines.push(`- \`${type}.${name}\` (${constructOf(c, headJson)}): \`${attribute}\` changed`);
        const diff = lineDiff(String(base[attribute] ?? ''), String(head[attribute] ?? ''));
        if (diff.length > 0) lines.push('', '  ```diff', ...diff.map((l) => `  ${l}`), '  ```', '');
      }
    }
  }
  return lines;
}

/** The same lines from a live plan: the state may keep only a hash of the deployed value, so no line diff. */
function ignoredAgainstDeployed(
  changes: readonly IgnoredChange[],
  headJson: any,
  replacedOrNew: Set<string>,
): string[] {
  return [...changes]
    .filter((c) => !replacedOrNew.has(`${c.type}.${c.name}`))
    .sort((a, b) => `${a.type}.${a.name} ${a.attribute}`.localeCompare(`${b.type}.${b.name} ${b.attribute}`))
    .map((c) => {
      const construct = constructOf({ mode: 'managed', type: c.type, name: c.name }, headJson);
      return `- \`${c.type}.${c.name}\` (${construct}): \`${c.attribute}\` changed`;
    });
}

function count(n: number, what: string): string {
  return `${n} ${what}`;
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [`### ${title}`, '', ...lines, ''];
}

function reviewOf(stack: StackReview): { headline: string; body: string[]; changed: boolean } {
  const { plan, name } = stack;
  const title = `**${name}**`;
  if (plan.kind === 'not-planned') {
    const same = JSON.stringify(stack.baseJson) === JSON.stringify(stack.headJson);
    const what = same ? 'its synthesised configuration is unchanged' : 'its synthesised configuration changed';
    return { headline: `- ${title}: not planned here (${plan.reason}); ${what}`, body: [], changed: !same };
  }
  if (plan.kind === 'removed') {
    const managed = (plan.basePlan.resource_changes ?? []).filter((c: any) => c.mode === 'managed');
    const body = managed
      .map((c: any) => `- destroy \`${c.address}\``)
      .sort()
      .slice(0, 200);
    return {
      headline: `- ${title}: **stack removed**: ${count(managed.length, 'to destroy')}`,
      body: section('Destroyed with the stack', body),
      changed: true,
    };
  }
  const json = stack.headJson;
  const cl = classify(plan.plan.resource_changes ?? [], json);
  const replacedOrNew = new Set([...cl.add, ...cl.replace].map((c) => c.address));
  const ignored =
    plan.kind !== 'planned'
      ? []
      : plan.ignored
        ? ignoredAgainstDeployed(plan.ignored, json, replacedOrNew)
        : ignoredChanges(stack.baseJson, json, replacedOrNew);
  const counts = [
    count(cl.add.length, 'to add'),
    count(cl.update.length, 'to update in place'),
    count(cl.replace.length, 'to replace'),
    count(cl.destroy.length, 'to destroy'),
  ].join(', ');
  const extras = [
    ...(cl.tasks.length
      ? [count(cl.tasks.length, cl.tasks.length === 1 ? 'release task runs' : 'release tasks run')]
      : []),
    ...(cl.moved.length ? [count(cl.moved.length, 'moved')] : []),
    ...(ignored.length ? ['configuration changes the plan ignores'] : []),
  ];
  const total = cl.add.length + cl.update.length + cl.replace.length + cl.destroy.length + cl.tasks.length;
  const changed = total > 0 || cl.moved.length > 0 || ignored.length > 0;
  if (!changed) return { headline: `- ${title}: no changes`, body: [], changed };
  const prefix = plan.kind === 'added' ? '**new stack**: ' : '';
  const headline = `- ${title}: ${prefix}${counts}${extras.length ? `; ${extras.join('; ')}` : ''}`;
  const risky = [
    // A destroyed resource is only in the base's configuration.
    ...cl.destroy.map((c) => [`- **destroy** ${label(c, stack.baseJson ?? json)}`]),
    ...cl.replace.map((c) => [`- **replace** ${label(c, json)}`, ...attributeLines(c)]),
  ].flat();
  const body = [
    ...section('Replacements and destroys', risky),
    ...section(
      'In-place updates',
      cl.update.flatMap((c) => [`- ${label(c, json)}`, ...attributeLines(c)]),
    ),
    ...section(
      'Added',
      cl.add.map((c) => {
        const key = keyAttributesOf(c.type, withoutSensitive(c.change.after, c.change.after_sensitive));
        return `- ${label(c, json, false)}${key ? `: ${key}` : ''}`;
      }),
    ),
    ...section('Security group rules', ruleRows(cl)),
    ...section('Release tasks that run', taskLines(cl, json)),
    ...section(
      'Moved',
      cl.moved.map((c) => `- \`${c.previous_address}\` -> \`${c.address}\``),
    ),
    ...section(
      'Configuration changes the plan ignores',
      ignored.length
        ? [
            'These resources ignore the attribute (`lifecycle.ignore_changes`): the change reaches the cloud only',
            'when the resource is rebuilt (`tofu apply -replace=<address>`).',
            '',
            ...ignored,
          ]
        : [],
    ),
  ];
  return { headline, body, changed };
}

export interface ReportMeta {
  /** What the head is compared with, e.g. `` `HEAD~1` (0123456789ab) `` or `the deployed stacks`. */
  readonly against: string;
  /** One line on how the plans were made, e.g. offline from states made from the base's own plans. */
  readonly method: string;
}

export function renderReview(meta: ReportMeta, stacks: readonly StackReview[]): ReviewReport {
  const reviews = stacks.map((s) => ({ stack: s, ...reviewOf(s) }));
  const changed = reviews.filter((r) => r.changed);
  const lines = [
    `# Review: the working tree against ${meta.against}`,
    '',
    meta.method,
    '',
    ...reviews.map((r) => r.headline),
    '',
  ];
  for (const r of changed) {
    if (r.body.length === 0) continue;
    lines.push(`## ${r.stack.name}`, '', ...r.body);
  }
  if (changed.length === 0) lines.push('No stack changes.', '');
  return { markdown: lines.join('\n').replace(/\n+$/, '\n'), hasChanges: changed.length > 0 };
}
