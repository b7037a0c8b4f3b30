// Resources an interrupted apply made and no state knows. The local backend writes the state to disk only
// every 20 s of an apply (OpenTofu's TF_STATE_PERSIST_INTERVAL, which cannot go lower) and at its end, so a
// tofu killed (SIGKILL, OOM, a cancelled job) in between leaves what it made since unrecorded: the next apply
// makes all of it again, and the first set stays, named like the second. Found after an apply by name (a
// floating IP by its description) against the state's own resources of each kind: reported, never deleted
// here, since a same-named resource may also be another stack's.
import { OpenStackApi, OpenStackService } from '../test-cloud/openstack-api';
import { stateResources } from './orphans';

interface LeftoverKind {
  /** The provider's resource type. */
  readonly type: string;
  /** In the operator's words, as `openstack <cli> delete` takes it. */
  readonly cli: string;
  readonly service: OpenStackService;
  readonly listPath: string;
  readonly key: string;
  readonly matchOn: 'name' | 'description';
}

const KINDS: readonly LeftoverKind[] = [
  {
    type: 'openstack_compute_instance_v2',
    cli: 'server',
    service: 'compute',
    listPath: '/servers/detail',
    key: 'servers',
    matchOn: 'name',
  },
  {
    type: 'openstack_networking_floatingip_v2',
    cli: 'floating ip',
    service: 'network',
    listPath: '/floatingips',
    key: 'floatingips',
    matchOn: 'description',
  },
  {
    type: 'openstack_networking_router_v2',
    cli: 'router',
    service: 'network',
    listPath: '/routers',
    key: 'routers',
    matchOn: 'name',
  },
  {
    type: 'openstack_networking_port_v2',
    cli: 'port',
    service: 'network',
    listPath: '/ports',
    key: 'ports',
    matchOn: 'name',
  },
  {
    type: 'openstack_networking_subnet_v2',
    cli: 'subnet',
    service: 'network',
    listPath: '/subnets',
    key: 'subnets',
    matchOn: 'name',
  },
  {
    type: 'openstack_networking_network_v2',
    cli: 'network',
    service: 'network',
    listPath: '/networks',
    key: 'networks',
    matchOn: 'name',
  },
  {
    type: 'openstack_networking_secgroup_v2',
    cli: 'security group',
    service: 'network',
    listPath: '/security-groups',
    key: 'security_groups',
    matchOn: 'name',
  },
  {
    type: 'openstack_blockstorage_volume_v3',
    cli: 'volume',
    service: 'volume',
    listPath: '/volumes/detail',
    key: 'volumes',
    matchOn: 'name',
  },
];

export interface Leftover {
  readonly cli: string;
  readonly id: string;
  /** The name (or description) it shares with the state's resource at `address`. */
  readonly name: string;
  readonly address: string;
}

/** What the cloud has under the names of the state's resources that the state does not hold. */
export async function leftovers(api: OpenStackApi, shown: any): Promise<Leftover[]> {
  const resources = stateResources(shown);
  const found: Leftover[] = [];
  for (const kind of KINDS) {
    const ours = resources.filter((r) => r.type === kind.type && r.values?.[kind.matchOn]);
    if (ours.length === 0) continue;
    const ids = new Set(ours.map((r) => r.values.id as string));
    const byKey = new Map(ours.map((r) => [r.values[kind.matchOn] as string, r.address]));
    for (const item of await api.list(kind.service, kind.listPath, kind.key)) {
      const key = item[kind.matchOn];
      const address = typeof key === 'string' ? byKey.get(key) : undefined;
      if (address && !ids.has(item.id)) found.push({ cli: kind.cli, id: item.id, name: key, address });
    }
  }
  return found;
}
