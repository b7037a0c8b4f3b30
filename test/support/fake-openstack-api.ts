// FakeOpenStackApi: the one fake allowed for OpenStack (no cloud can run here). A loopback stand-in for
// the few read-only calls that the real terraform-provider-openstack makes when a plan looks things up
// by name: a Keystone v3 password token with a service catalog, and GETs of Neutron networks and subnets,
// Glance images and Nova flavors from a fixed inventory. Anything else answers 404 with what was asked,
// so a plan that needs more fails loudly instead of passing on a guess. It records every request.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

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

const PROJECT = 'fake0project0id';

export class FakeOpenStackApi {
  readonly requests: string[] = [];
  private readonly server: http.Server;
  private base = '';

  constructor(private readonly inventory: FakeInventory) {
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
    reply(404, { error: `FakeOpenStackApi does not fake ${route}` });
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
