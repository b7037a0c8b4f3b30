// A minimal OpenStack HTTP client for the harness and the cloud tests: a password-scoped Keystone token and
// JSON requests to catalogue endpoints. Errors name the method, the path and the status, never a credential.
import { HOST, PORTS } from './layout';

export type ServiceType =
  'identity' | 'compute' | 'network' | 'image' | 'volumev3' | 'placement' | 'load-balancer' | 'key-manager';

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
  readonly project: string;
}

export class TestbedClient {
  private token?: string;
  private catalog: Record<string, string> = {};
  projectId = '';
  userId = '';

  constructor(private readonly credentials: Credentials) {}

  static keystoneUrl = `http://${HOST}:${PORTS.keystone}/v3`;

  async login(): Promise<this> {
    const response = await fetch(`${TestbedClient.keystoneUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: this.credentials.username,
                password: this.credentials.password,
                domain: { id: 'default' },
              },
            },
          },
          scope: { project: { name: this.credentials.project, domain: { id: 'default' } } },
        },
      }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new HttpError(
        `POST /v3/auth/tokens as ${this.credentials.username}: HTTP ${response.status}`,
        response.status,
        text,
      );
    this.token = response.headers.get('x-subject-token') ?? undefined;
    const body = JSON.parse(text);
    this.projectId = body.token.project.id;
    this.userId = body.token.user.id;
    this.catalog = {};
    for (const service of body.token.catalog ?? []) {
      const endpoint = service.endpoints.find((e: { interface: string }) => e.interface === 'public');
      if (endpoint) this.catalog[service.type] = endpoint.url.replace(/\/+$/, '');
    }
    return this;
  }

  endpoint(service: ServiceType): string {
    if (service === 'identity') return TestbedClient.keystoneUrl;
    const url = this.catalog[service];
    if (!url) throw new Error(`the catalogue has no ${service} endpoint`);
    return service === 'network' ? `${url}/v2.0` : url;
  }

  /** A JSON request; resolves to the parsed body ({} when empty). */
  async call(
    service: ServiceType,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<any> {
    if (!this.token) await this.login();
    const url = `${this.endpoint(service)}${path}`;
    const isRaw = body instanceof Uint8Array;
    const response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        'X-Auth-Token': this.token!,
        // Nova's microversion (tags on servers, 2.79 fields); the header is per service: Cinder refuses another's.
        ...(service === 'compute' ? { 'OpenStack-API-Version': 'compute 2.79' } : {}),
        ...(body === undefined ? {} : { 'Content-Type': isRaw ? 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new HttpError(
        `${method} ${new URL(url).pathname}: HTTP ${response.status} ${text.slice(0, 300)}`,
        response.status,
        text,
      );
    return text ? JSON.parse(text) : {};
  }

  /** GET of a list key, e.g. list('compute', '/servers/detail', 'servers'). */
  async list(service: ServiceType, path: string, key: string): Promise<any[]> {
    return (await this.call(service, 'GET', path))[key] ?? [];
  }
}
