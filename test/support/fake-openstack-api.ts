// FakeOpenStackApi: the one fake allowed for OpenStack (no cloud can run here). A loopback stand-in for
// the few read-only calls that the real terraform-provider-openstack makes when a plan looks things up
// by name: a Keystone v3 password token with a service catalog, and GETs of Neutron networks and subnets,
// Glance images and Nova flavors from a fixed inventory. For the leak sweep (`test-cloud sweep`) it also
// lists and deletes servers, ports, security groups, floating IPs, volumes and key pairs, refusing as the
// real services do what is still in use: a port bound to a server (409), a volume attached to one (400),
// a security group on a port (409). Anything else answers 404 with what was asked, so a caller that needs
// more fails loudly instead of passing on a guess. It records every request.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from '../../testbed/servers/loopback';

export interface FakeInventory {
  readonly networks: readonly { readonly id: string; readonly name: string }[];
  readonly subnets: readonly {
    readonly id: string;
    readonly name: string;
    readonly networkId: string;
    readonly cidr: string;
  }[];
  readonly images: readonly { readonly id: string; readonly name: string }[];
  readonly flavors: readonly {
    readonly id: string;
    readonly name: string;
    readonly vcpus: number;
    readonly ramMiB: number;
  }[];
}

/** What a sweep finds in the fake project; the fake deletes from its own copy. */
export interface FakeCloudResources {
  readonly servers?: readonly {
    readonly id: string;
    readonly name: string;
    readonly tags?: readonly string[];
    readonly created?: string;
  }[];
  readonly ports?: readonly {
    readonly id: string;
    readonly name: string;
    readonly tags?: readonly string[];
    /** The server it is bound to. */
    readonly deviceId?: string;
    readonly securityGroups?: readonly string[];
    readonly created_at?: string;
  }[];
  readonly securityGroups?: readonly {
    readonly id: string;
    readonly name: string;
    readonly tags?: readonly string[];
    readonly created_at?: string;
  }[];
  readonly floatingIps?: readonly {
    readonly id: string;
    readonly description: string;
    readonly tags?: readonly string[];
    readonly created_at?: string;
  }[];
  readonly volumes?: readonly {
    readonly id: string;
    readonly name: string;
    readonly metadata?: Readonly<Record<string, string>>;
    /** The server it is attached to. */
    readonly attachedTo?: string;
    readonly created_at?: string;
  }[];
  readonly keypairs?: readonly { readonly name: string }[];
}

const PROJECT = 'fake0project0id';

export class FakeOpenStackApi {
  readonly requests: string[] = [];
  private readonly server: http.Server;
  private base = '';

  private readonly cloud: { [K in keyof FakeCloudResources]-?: any[] };

  constructor(
    private readonly inventory: FakeInventory,
    resources: FakeCloudResources = {},
  ) {
    const copy: FakeCloudResources = structuredClone(resources);
    this.cloud = {
      servers: [...(copy.servers ?? [])],
      ports: [...(copy.ports ?? [])],
      securityGroups: [...(copy.securityGroups ?? [])],
      floatingIps: [...(copy.floatingIps ?? [])],
      volumes: [...(copy.volumes ?? [])],
      keypairs: [...(copy.keypairs ?? [])],
    };
    this.server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => this.answer(req, res));
    });
  }

  async start(): Promise<string> {
    this.base = await listenOnLoopback(this.server);
    return this.base;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** What is left of the sweepable resources: names by kind. */
  remaining(): Record<keyof FakeCloudResources, string[]> {
    const names = (items: any[], key = 'name') => items.map((i) => i[key]).sort();
    return {
      servers: names(this.cloud.servers),
      ports: names(this.cloud.ports),
      securityGroups: names(this.cloud.securityGroups),
      floatingIps: names(this.cloud.floatingIps, 'description'),
      volumes: names(this.cloud.volumes),
      keypairs: names(this.cloud.keypairs),
    };
  }

  /** A clouds.yaml entry named `cloud` that authenticates against this fake. */
  cloudsYaml(cloud: string): string {
    return [
      'clouds:',
      `  ${cloud}:`,
      '    region_name: RegionOne',
      '    auth:',
      `      auth_url: ${this.base}/v3`,
      '      username: plan-only',
      '      password: plan-only',
      '      project_name: plan-only',
      '      user_domain_name: Default',
      '      project_domain_name: Default',
      '',
    ].join('\n');
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const name = url.searchParams.get('name');
    const byName = <T extends { name: string }>(items: readonly T[]) => items.filter((i) => !name || i.name === name);
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /v3/auth/tokens':
        return reply(201, this.token(), { 'X-Subject-Token': 'fake-openstack-api-token' });
      case 'GET /network/v2.0/networks':
        return reply(200, { networks: byName(this.inventory.networks).map((n) => this.network(n)) });
      case 'GET /network/v2.0/subnets':
        return reply(200, { subnets: byName(this.inventory.subnets).map((s) => subnet(s)) });
      case 'GET /image/v2/images':
        return reply(200, { images: byName(this.inventory.images).map(image) });
      case 'GET /compute/v2.1/flavors/detail':
        return reply(200, { flavors: this.inventory.flavors.map(flavor) });
    }
    const extraSpecs = /^GET \/compute\/v2\.1\/flavors\/([^/]+)\/os-extra_specs$/.exec(route);
    if (extraSpecs) return reply(200, { extra_specs: {} });
    if (this.answerResources(route, reply)) return;
    reply(404, { error: `FakeOpenStackApi does not fake ${route}` });
  }

  /** Lists and deletes of the sweepable resources; false when the route is none of them. */
  private answerResources(route: string, reply: (status: number, body: unknown) => void): boolean {
    const c = this.cloud;
    const lists: Record<string, () => unknown> = {
      'GET /compute/v2.1/servers/detail': () => ({
        servers: c.servers.map((s) => ({
          id: s.id,
          name: s.name,
          status: 'ACTIVE',
          tags: s.tags ?? [],
          created: s.created ?? '2026-01-01T00:00:00Z',
        })),
      }),
      'GET /compute/v2.1/os-keypairs': () => ({
        keypairs: c.keypairs.map((k) => ({ keypair: { name: k.name, type: 'ssh', fingerprint: 'fake' } })),
      }),
      'GET /network/v2.0/ports': () => ({
        ports: c.ports.map((p) => ({
          id: p.id,
          name: p.name,
          tags: p.tags ?? [],
          device_id: p.deviceId ?? '',
          security_groups: p.securityGroups ?? [],
          created_at: p.created_at ?? '2026-01-01T00:00:00Z',
        })),
      }),
      'GET /network/v2.0/security-groups': () => ({
        security_groups: c.securityGroups.map((g) => ({ tags: [], created_at: '2026-01-01T00:00:00Z', ...g })),
      }),
      'GET /network/v2.0/floatingips': () => ({
        floatingips: c.floatingIps.map((f) => ({
          tags: [],
          created_at: '2026-01-01T00:00:00Z',
          floating_ip_address: '192.0.2.10',
          ...f,
        })),
      }),
      [`GET /volume/v3/${PROJECT}/volumes/detail`]: () => ({
        volumes: c.volumes.map((v) => ({
          id: v.id,
          name: v.name,
          metadata: v.metadata ?? {},
          status: v.attachedTo ? 'in-use' : 'available',
          created_at: v.created_at ?? '2026-01-01T00:00:00.000000',
        })),
      }),
    };
    if (lists[route]) {
      reply(200, lists[route]());
      return true;
    }
    const item = /^(GET|DELETE) (\/.+)\/([^/]+)$/.exec(route);
    if (!item) return false;
    const [, method, collection, rawId] = item;
    const id = decodeURIComponent(rawId);
    const kinds: Record<
      string,
      { items: any[]; key: string; inUse: (x: any) => boolean; refusal: number; deleted: number }
    > = {
      '/compute/v2.1/servers': { items: c.servers, key: 'id', inUse: () => false, refusal: 409, deleted: 204 },
      '/compute/v2.1/os-keypairs': { items: c.keypairs, key: 'name', inUse: () => false, refusal: 409, deleted: 202 },
      '/network/v2.0/ports': {
        items: c.ports,
        key: 'id',
        inUse: (p) => !!p.deviceId && c.servers.some((s) => s.id === p.deviceId),
        refusal: 409,
        deleted: 204,
      },
      '/network/v2.0/security-groups': {
        items: c.securityGroups,
        key: 'id',
        inUse: (g) => c.ports.some((p) => (p.securityGroups ?? []).includes(g.id)),
        refusal: 409,
        deleted: 204,
      },
      '/network/v2.0/floatingips': { items: c.floatingIps, key: 'id', inUse: () => false, refusal: 409, deleted: 204 },
      [`/volume/v3/${PROJECT}/volumes`]: {
        items: c.volumes,
        key: 'id',
        inUse: (v) => !!v.attachedTo && c.servers.some((s) => s.id === v.attachedTo),
        refusal: 400,
        deleted: 202,
      },
    };
    const kind = kinds[collection];
    if (!kind) return false;
    const at = kind.items.findIndex((x) => x[kind.key] === id);
    if (at < 0) {
      reply(404, { error: `no ${collection} ${id}` });
      return true;
    }
    if (method === 'GET') {
      reply(200, { item: kind.items[at] });
      return true;
    }
    if (kind.inUse(kind.items[at])) {
      reply(kind.refusal, { error: `${collection} ${id} is in use` });
      return true;
    }
    kind.items.splice(at, 1);
    reply(kind.deleted, {});
    return true;
  }

  private token() {
    const endpoint = (type: string, name: string, suffix: string) => ({
      type,
      name,
      id: name,
      endpoints: [
        {
          id: `${name}-public`,
          interface: 'public',
          region: 'RegionOne',
          region_id: 'RegionOne',
          url: this.base + suffix,
        },
      ],
    });
    const domain = { id: 'default', name: 'Default' };
    return {
      token: {
        methods: ['password'],
        issued_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        user: { id: 'fake0user0id', name: 'plan-only', domain },
        project: { id: PROJECT, name: 'plan-only', domain },
        catalog: [
          endpoint('identity', 'keystone', '/v3'),
          endpoint('network', 'neutron', '/network'),
          endpoint('image', 'glance', '/image'),
          endpoint('compute', 'nova', '/compute/v2.1'),
          endpoint('volumev3', 'cinderv3', `/volume/v3/${PROJECT}`),
        ],
      },
    };
  }

  private network(n: FakeInventory['networks'][number]) {
    return {
      id: n.id,
      name: n.name,
      description: '',
      admin_state_up: true,
      status: 'ACTIVE',
      shared: false,
      'router:external': false,
      mtu: 1500,
      port_security_enabled: true,
      availability_zone_hints: [],
      subnets: this.inventory.subnets.filter((s) => s.networkId === n.id).map((s) => s.id),
      tags: [],
      tenant_id: PROJECT,
      project_id: PROJECT,
    };
  }
}

function subnet(s: FakeInventory['subnets'][number]) {
  const [address] = s.cidr.split('/');
  const gateway = address.replace(/\.\d+$/, '.1');
  return {
    id: s.id,
    name: s.name,
    description: '',
    network_id: s.networkId,
    cidr: s.cidr,
    ip_version: 4,
    gateway_ip: gateway,
    enable_dhcp: true,
    allocation_pools: [{ start: address.replace(/\.\d+$/, '.2'), end: address.replace(/\.\d+$/, '.254') }],
    dns_nameservers: [],
    host_routes: [],
    service_types: [],
    subnetpool_id: null,
    tags: [],
    tenant_id: PROJECT,
    project_id: PROJECT,
  };
}

function image(i: FakeInventory['images'][number]) {
  return {
    id: i.id,
    name: i.name,
    status: 'active',
    visibility: 'public',
    protected: false,
    container_format: 'bare',
    disk_format: 'qcow2',
    size: 1073741824,
    min_disk: 0,
    min_ram: 0,
    checksum: '0'.repeat(32),
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    tags: [],
    file: `/v2/images/${i.id}/file`,
    schema: '/v2/schemas/image',
  };
}

function flavor(f: FakeInventory['flavors'][number]) {
  return {
    id: f.id,
    name: f.name,
    vcpus: f.vcpus,
    ram: f.ramMiB,
    disk: 0,
    swap: '',
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'os-flavor-access:is_public': true,
    rxtx_factor: 1.0,
  };
}
