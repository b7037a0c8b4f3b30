// A reviewer's summary of one stack's plan, in Markdown: what would be replaced or destroyed first, then
// what each construct makes, the security rules, totals, variables, outputs, rule suppressions, tasks, and
// a Mermaid diagram. Deterministic (no paths, no times, sorted), so its diff in a pull request means a change.
import { constructPathOfLogicalId } from './logical-id';
import { planDiagram } from './plan-diagram';
import type { PlanJson, ResourceChange } from './plan-json';

export type { PlanJson, ResourceChange } from './plan-json';

export interface SummaryInput {
  readonly stack: string;
  readonly plan: PlanJson;
  /** The synthesised cdk.tf.json: construct paths of resources. */
  readonly stackJson: any;
  readonly suppressions: readonly { readonly id: string; readonly reason: string }[];
  /** Tasks the stack runs after provisioning, in order. */
  readonly tasks?: readonly { readonly name: string; readonly rerunsWhen: string }[];
  /**
   * Why this stack could not be planned here; `plan` then comes from the synthesised configuration
   * (review/synthesised-changes.ts), and the summary says so.
   * @default - a real plan
   */
  readonly notPlanned?: string;
}

/** Attributes worth a reviewer's eye, per resource type. */
const KEY_ATTRIBUTES: Record<string, readonly string[]> = {
  openstack_compute_instance_v2: ['name', 'flavor_id', 'key_pair', 'image_id'],
  openstack_blockstorage_volume_v3: ['name', 'size', 'volume_type'],
  openstack_networking_port_v2: ['name'],
  openstack_networking_network_v2: ['name'],
  openstack_networking_subnet_v2: ['name', 'cidr'],
  openstack_networking_router_v2: ['name', 'external_network_id'],
  openstack_networking_secgroup_v2: ['name'],
  openstack_networking_floatingip_v2: ['pool'],
  openstack_compute_keypair_v2: ['name'],
  openstack_lb_loadbalancer_v2: ['name'],
  openstack_lb_listener_v2: ['name', 'protocol', 'protocol_port'],
  openstack_lb_pool_v2: ['name', 'protocol', 'lb_method'],
  openstack_lb_member_v2: ['name', 'protocol_port'],
  openstack_lb_monitor_v2: ['type', 'url_path'],
  openstack_lb_l7policy_v2: ['name', 'action'],
  openstack_lb_l7rule_v2: ['type', 'compare_type', 'value'],
  github_repository: ['name', 'visibility', 'archived'],
  github_branch_default: ['branch'],
  github_branch_protection: ['pattern'],
  github_issue_label: ['name', 'color'],
  github_team: ['name', 'privacy'],
  github_team_membership: ['username', 'role'],
  github_team_repository: ['permission'],
};

/** `create`, `update`, `delete+create`..., with `import` first for an object taken over. */
function actionOf(change: ResourceChange): string {
  const actions = change.change.actions.filter((a) => !(change.change.importing && a === 'no-op'));
  return [...(change.change.importing ? ['import'] : []), ...actions].join('+');
}

const cell = (value: unknown) =>
  value === undefined || value === null ? '' : textOf(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');

const textOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '_None._\n';
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ].join('\n');
}

/** `ark/Pulp/Server/Resource` -> `Pulp/Server`: the construct a resource belongs to. */
export function constructOf(change: Pick<ResourceChange, 'mode' | 'type' | 'name'>, stackJson: any): string {
  const section = change.mode === 'data' ? stackJson.data : stackJson.resource;
  const path: string | undefined = section?.[change.type]?.[change.name]?.['//']?.metadata?.path;
  // Not in this configuration (destroyed, seen by a live review): the path its logical ID encodes.
  const parts = path ? path.split('/').slice(1) : (constructPathOfLogicalId(change.name) ?? []);
  if (parts.length === 0) return '(stack)';
  if (parts[parts.length - 1] === 'Resource') parts.pop();
  return parts.length > 1 ? parts.slice(0, -1).join('/') : parts.join('/') || '(stack)';
}

/** `name=..., flavor_id=...`: the key attributes of a resource's values. */
export function keyAttributesOf(type: string, values: Record<string, any> | null | undefined): string {
  const after = values ?? {};
  const keys = (KEY_ATTRIBUTES[type] ?? []).filter((key) => after[key] !== undefined && after[key] !== null);
  const shown = keys.map((key) => `${key}=${after[key]}`);
  const image = type === 'openstack_compute_instance_v2' && !after.image_id ? bootImageOf(after) : undefined;
  if (image) shown.push(`image=${image}`);
  return shown.join(', ');
}

/** An instance booting from a volume has no image_id: its image is the boot volume's source. */
function bootImageOf(values: Record<string, any>): string | undefined {
  const boot = (values.block_device ?? []).find((d: any) => d?.source_type === 'image' && d.boot_index === 0);
  return boot?.uuid ?? undefined;
}

/** Every server with its flavor, image and boot volume: what a reviewer checks against the cloud's catalogue. */
function servers(changes: readonly ResourceChange[]): string {
  const rows = changes
    .filter((c) => c.mode === 'managed' && c.type === 'openstack_compute_instance_v2')
    .map((c) => {
      const a = c.change.after ?? {};
      const boot = (a.block_device ?? []).find((d: any) => d?.boot_index === 0);
      return [
        a.name ?? c.name,
        a.flavor_id ?? a.flavor_name ?? '(looked up)',
        a.image_id || bootImageOf(a) || a.image_name || '(looked up)',
        boot?.volume_size ? `${boot.volume_size} GiB volume` : 'local disk',
      ];
    })
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  return table(['Server', 'Flavor', 'Image', 'Boot disk'], rows);
}

function risky(changes: readonly ResourceChange[]): string {
  const rows = changes
    .filter((c) => c.change.actions.includes('delete'))
    .map((c) => [c.change.actions.includes('create') ? 'replace' : 'destroy', `\`${c.address}\``]);
  return rows.length === 0 ? 'None: nothing is replaced or destroyed.\n' : table(['Action', 'Address'], rows);
}

function byConstruct(changes: readonly ResourceChange[], stackJson: any): string {
  const groups = new Map<string, ResourceChange[]>();
  for (const change of changes) {
    const key = constructOf(change, stackJson);
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([construct, members]) =>
      [
        `### ${construct}`,
        '',
        table(
          ['Action', 'Type', 'Name', 'Key attributes'],
          members.map((c) => [
            actionOf(c),
            c.mode === 'data' ? `data.${c.type}` : c.type,
            c.name,
            keyAttributesOf(c.type, c.change.after),
          ]),
        ),
      ].join('\n'),
    )
    .join('\n');
}

/** Direction, protocol, ports and source of a security group rule's values. */
export function secgroupRuleCells(values: Record<string, any> | null | undefined): string[] {
  const a = values ?? {};
  const ports =
    a.port_range_min === undefined || a.port_range_min === null
      ? 'all'
      : a.port_range_min === a.port_range_max
        ? String(a.port_range_min)
        : `${a.port_range_min}-${a.port_range_max}`;
  const source = a.remote_ip_prefix ?? (a.remote_group_id === undefined ? '(own group)' : a.remote_group_id);
  return [a.direction, a.protocol ?? 'any', ports, source];
}

function securityRules(changes: readonly ResourceChange[]): string {
  const rows = changes
    .filter((c) => c.type === 'openstack_networking_secgroup_rule_v2')
    .map((c) => [
      c.name.replace(/_[0-9A-F]{8}$/, ''),
      ...secgroupRuleCells(c.change.after),
      c.change.after?.description,
    ])
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  return table(['Rule', 'Direction', 'Protocol', 'Ports', 'Source', 'Why'], rows);
}

function totals(changes: readonly ResourceChange[]): string {
  const created = changes.filter((c) => c.mode === 'managed' && c.change.actions.includes('create'));
  const flavors = new Map<string, number>();
  let volumeGiB = 0;
  for (const c of created) {
    const a = c.change.after ?? {};
    if (c.type === 'openstack_compute_instance_v2') {
      const flavor = a.flavor_id ?? '(looked up)';
      flavors.set(flavor, (flavors.get(flavor) ?? 0) + 1);
      for (const device of a.block_device ?? []) volumeGiB += Number(device.volume_size ?? 0);
    }
    if (c.type === 'openstack_blockstorage_volume_v3') volumeGiB += Number(a.size ?? 0);
  }
  const floatingIps = created.filter((c) => c.type === 'openstack_networking_floatingip_v2').length;
  const imports = changes.filter((c) => c.change.importing).length;
  const instances = [...flavors.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${n} × ${f}`);
  return [
    `- Instances: ${instances.length ? instances.join(', ') : 'none'}`,
    `- Volume storage: ${volumeGiB} GiB (boot volumes and data/OSD volumes)`,
    `- Floating IPs: ${floatingIps}`,
    `- Resources: ${created.length} to create, ${changes.filter((c) => c.change.actions.includes('update')).length} to update`,
    ...(imports > 0 ? [`- Imports: ${imports} existing objects taken over`] : []),
    '',
  ].join('\n');
}

export function planSummary(input: SummaryInput): string {
  const changes = [...(input.plan.resource_changes ?? [])].sort((a, b) => a.address.localeCompare(b.address));
  const root = input.plan.configuration?.root_module ?? {};
  const variables = Object.entries(root.variables ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const outputs = Object.entries(root.outputs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return [
    `# Plan summary: \`${input.stack}\``,
    '',
    input.notPlanned === undefined
      ? 'Generated by `npm run summary` from a real `tofu plan` of the example config (`tofu show -json`).'
      : 'Generated by `npm run summary` from the synthesised configuration of the example config, **not from a\n' +
        `plan**: ${input.notPlanned}\nValues \`\${...}\` are references that a plan would resolve.`,
    '',
    '## Replacements and destroys',
    '',
    risky(changes),
    '## Resources by construct',
    '',
    byConstruct(changes, input.stackJson),
    '## Security group rules',
    '',
    securityRules(changes),
    '## Servers',
    '',
    servers(changes),
    '## Totals',
    '',
    totals(changes),
    '## Variables',
    '',
    table(
      ['Name', 'Sensitive', 'Default', 'Description'],
      variables.map(([name, v]) => [
        `\`${name}\``,
        v.sensitive ? 'yes' : 'no',
        v.default === undefined ? '(required)' : JSON.stringify(v.default),
        v.description,
      ]),
    ),
    '## Outputs',
    '',
    table(
      ['Name', 'Sensitive', 'Description'],
      outputs.map(([name, o]) => [`\`${name}\``, o.sensitive ? 'yes' : 'no', o.description]),
    ),
    '## Security rule findings and suppressions',
    '',
    'Every finding of the rule pack ([RULES.md](../../RULES.md)) aborts synth, so a stack that plans has none',
    'left open; accepted findings are listed here with their reasons.',
    '',
    table(
      ['Rule', 'Reason'],
      input.suppressions.map((s) => [s.id, s.reason]),
    ),
    '## Tasks',
    '',
    input.tasks?.length
      ? 'Run in this order after provisioning, by `terraform_data` resources calling the release-train CLI;\n' +
        'each reruns only when what it depends on changes.\n\n' +
        table(
          ['Task', 'Reruns when'],
          input.tasks.map((t) => [t.name, t.rerunsWhen]),
        )
      : 'None: this stack runs no release-train task.\n',
    '## Diagram',
    '',
    '```mermaid',
    planDiagram(changes, input.stackJson),
    '```',
    '',
  ].join('\n');
}
