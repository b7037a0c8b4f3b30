// A Mermaid flowchart of one stack: networks, hosts, volumes, floating IPs and load balancers, linked the
// way the synthesised JSON references them (ports, attachments and members are folded into the links).
import type { ResourceChange } from './plan-json';

const SHOWN: Record<string, { readonly label: string; readonly shape: [string, string] }> = {
  openstack_networking_network_v2: { label: 'network', shape: ['[(', ')]'] },
  openstack_networking_subnet_v2: { label: 'subnet', shape: ['[(', ')]'] },
  openstack_networking_router_v2: { label: 'router', shape: ['{{', '}}'] },
  openstack_compute_instance_v2: { label: 'instance', shape: ['[', ']'] },
  openstack_blockstorage_volume_v3: { label: 'volume', shape: ['[/', '/]'] },
  openstack_networking_floatingip_v2: { label: 'floating IP', shape: ['((', '))'] },
  openstack_lb_loadbalancer_v2: { label: 'load balancer', shape: ['{{', '}}'] },
  openstack_lb_pool_v2: { label: 'pool', shape: ['[', ']'] },
};
/** Resources that only connect others: a link through them joins what they reference. */
const CONNECTORS = new Set([
  'openstack_networking_port_v2',
  'openstack_compute_volume_attach_v2',
  'openstack_lb_member_v2',
  'openstack_networking_router_interface_v2',
]);
const REFERENCE = /\$\{[^}]*?\b(openstack_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g;

type Key = string;

function referencesOf(value: unknown): Key[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(REFERENCE)].map((m) => `${m[1]}.${m[2]}`);
}

function nodeId(key: Key): string {
  return key.replace(/^openstack_/, '').replace(/[^A-Za-z0-9]/g, '_');
}

/** `instance: {prefix}-seed-01`: variables shown by name, nothing that would end a quoted Mermaid label. */
function labelOf(type: string, config: any): string {
  const name = typeof config?.name === 'string' ? config.name : typeof config?.pool === 'string' ? config.pool : '';
  const shown = name.replace(/\$\{var\.([a-z_]+)\}/g, '{$1}').replace(/["]/g, "'");
  return `${SHOWN[type].label}${shown ? `: ${shown}` : ''}`;
}

export function planDiagram(changes: readonly ResourceChange[], stackJson: any): string {
  const resources = new Map<Key, { type: string; config: any }>();
  for (const [type, byName] of Object.entries<Record<string, any>>(stackJson.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) resources.set(`${type}.${name}`, { type, config });
  }
  const planned = new Set(changes.filter((c) => c.mode === 'managed').map((c) => `${c.type}.${c.name}`));
  const shown = [...resources.keys()].filter((key) => planned.has(key) && SHOWN[resources.get(key)!.type]).sort();
  if (shown.length === 0) return 'flowchart LR\n  none["no OpenStack resources"]';

  // Ports are folded into their instance: a reference to a port is a link to the instance that owns it,
  // and an instance links to its port's subnet.
  const portOwner = new Map<Key, Key>();
  for (const key of shown.filter((k) => k.startsWith('openstack_compute_instance_v2.'))) {
    for (const ref of referencesOf(resources.get(key)!.config.network ?? [])) portOwner.set(ref, key);
  }
  const resolve = (ref: Key): Key[] => {
    const type = resources.get(ref)?.type;
    if (type === 'openstack_networking_port_v2') {
      const owner = portOwner.get(ref);
      return owner ? [owner] : [];
    }
    return shown.includes(ref) ? [ref] : [];
  };
  const subnetsOfPort = (port: Key) =>
    referencesOf(resources.get(port)?.config.fixed_ip ?? []).filter((ref) =>
      ref.startsWith('openstack_networking_subnet_v2.'),
    );
  const edges = new Set<string>();
  const link = (a: Key, b: Key) => {
    if (a !== b) edges.add([nodeId(a), nodeId(b)].sort().join(' --- '));
  };
  for (const key of shown) {
    for (const ref of referencesOf(resources.get(key)!.config)) {
      if (portOwner.get(ref) === key) subnetsOfPort(ref).forEach((subnet) => link(key, subnet));
      else resolve(ref).forEach((target) => link(key, target));
    }
  }
  for (const [key, { type, config }] of resources) {
    if (!CONNECTORS.has(type) || type === 'openstack_networking_port_v2' || !planned.has(key)) continue;
    const ends = [...new Set(referencesOf(config).flatMap(resolve))].sort();
    for (let i = 1; i < ends.length; i++) link(ends[0], ends[i]);
  }
  const hasNetwork = shown.some((key) => /networking_(network|subnet)_v2\./.test(key));
  const lines = ['flowchart LR'];
  if (!hasNetwork) lines.push('  existing_network[("existing network")]');
  for (const key of shown) {
    const { type, config } = resources.get(key)!;
    const [open, close] = SHOWN[type].shape;
    lines.push(`  ${nodeId(key)}${open}"${labelOf(type, config)}"${close}`);
  }
  if (!hasNetwork) {
    for (const key of shown.filter((k) => /compute_instance_v2\.|lb_loadbalancer_v2\./.test(k))) {
      edges.add(`existing_network --- ${nodeId(key)}`);
    }
  }
  lines.push(...[...edges].sort().map((edge) => `  ${edge}`));
  return lines.join('\n');
}
