// A small OpenStack API client for the leak sweep: Keystone v3 authentication from a clouds.yaml entry
// (password or application credential), the service catalog, paged lists and deletes. Credentials and the
// token are never printed: errors name the method, the path and the status only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

export type OpenStackService = 'compute' | 'network' | 'volume';

/** The first clouds.yaml that exists, in the order OpenStack's own clients look. */
export function cloudsYamlFile(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.OS_CLIENT_CONFIG_FILE,
    path.resolve('clouds.yaml'),
    path.join(os.homedir(), '.config', 'openstack', 'clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ].filter((f): f is string => !!f);
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`no clouds.yaml (looked at ${candidates.join(', ')})`);
  return found;
}

export class OpenStackApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface Session {
  readonly token: string;
  readonly endpoints: Readonly<Record<OpenStackService, string>>;
}

const SERVICE_TYPES: Record<OpenStackService, readonly string[]> = {
  compute: ['compute'],
  network: ['network'],
  volume: ['block-storage', 'volumev3', 'volume'],
};

export interface OpenStackApiOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /**
   * Items per page (`limit`): every list asks for pages, so Nova, Neutron, Cinder and key pairs all page the
   * same way (Neutron returns everything at once without a limit, Nova and Cinder stop at their max_limit).
   * @default 500
   */
  readonly pageSize?: number;
}

/** At most this many pages per list: a service whose next link never ends cannot loop the sweep forever. */
const MAX_PAGES = 1000;

export class OpenStackApi {
  private session?: Session;
  private readonly timeoutMs: number;
  private readonly pageSize: number;

  constructor(
    private readonly cloud: string,
    private readonly cloudsFile: string = cloudsYamlFile(),
    options: OpenStackApiOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pageSize = options.pageSize ?? 500;
  }

  /** GETs every page of a list (following `<key>_links` rel=next), e.g. `list('compute', '/servers/detail', 'servers')`. */
  async list(service: OpenStackService, listPath: string, key: string): Promise<any[]> {
    const items: any[] = [];
    const first = new URL((await this.base(service)) + listPath);
    first.searchParams.set('limit', String(this.pageSize));
    let url: string | undefined = first.href;
    for (let page = 0; url; page++) {
      if (page === MAX_PAGES) throw new OpenStackApiError(`GET ${first.pathname}: more than ${MAX_PAGES} pages`);
      const body: any = await this.request('GET', url, service);
      const got: any[] = body[key] ?? [];
      items.push(...got);
      // A full page may be followed by an empty one; an empty page ends the list whatever its links say.
      url = got.length === 0 ? undefined : (body[`${key}_links`] ?? []).find((link: any) => link.rel === 'next')?.href;
    }
    return items;
  }

  /** DELETE; true when deleted (or already gone), false when the service refused for now (409, 400 while in use). */
  async delete(service: OpenStackService, itemPath: string): Promise<boolean> {
    try {
      await this.request('DELETE', (await this.base(service)) + itemPath, service);
      return true;
    } catch (error) {
      if (error instanceof OpenStackApiError && error.status === 404) return true;
      if (error instanceof OpenStackApiError && (error.status === 409 || error.status === 400)) return false;
      throw error;
    }
  }

  /** GET of one item, e.g. `get('compute', '/servers/<id>')`. */
  async get(service: OpenStackService, itemPath: string): Promise<any> {
    return this.request('GET', (await this.base(service)) + itemPath, service);
  }

  /** Whether GET of the item answers (false on 404). */
  async exists(service: OpenStackService, itemPath: string): Promise<boolean> {
    try {
      await this.request('GET', (await this.base(service)) + itemPath, service);
      return true;
    } catch (error) {
      if (error instanceof OpenStackApiError && error.status === 404) return false;
      throw error;
    }
  }

  private async base(service: OpenStackService): Promise<string> {
    this.session ??= await this.authenticate();
    const url = this.session.endpoints[service].replace(/\/+$/, '');
    return service === 'network' && !/\/v2\.0$/.test(url) ? `${url}/v2.0` : url;
  }

  private async request(method: string, url: string, service?: OpenStackService, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // Nova lists server tags from microversion 2.26 on, and pages key pairs (limit, marker) from 2.35 on. The
    // header goes to Nova only: another service may refuse a microversion that is not its own.
    if (service === 'compute') headers['OpenStack-API-Version'] = 'compute 2.35';
    if (this.session) headers['X-Auth-Token'] = this.session.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((error: Error) => {
      throw new OpenStackApiError(`${method} ${new URL(url).pathname}: ${error.message}`);
    });
    const text = await response.text();
    if (!response.ok) {
      throw new OpenStackApiError(`${method} ${new URL(url).pathname}: HTTP ${response.status}`, response.status);
    }
    if (method === 'POST')
      return { body: text ? JSON.parse(text) : {}, token: response.headers.get('x-subject-token') };
    return text ? JSON.parse(text) : {};
  }

  private async authenticate(): Promise<Session> {
    const entry = parse(fs.readFileSync(this.cloudsFile, 'utf8'))?.clouds?.[this.cloud];
    if (!entry?.auth?.auth_url) throw new Error(`${this.cloudsFile}: no cloud "${this.cloud}" with auth.auth_url`);
    const auth = entry.auth;
    const authUrl = String(auth.auth_url).replace(/\/+$/, '');
    const identity =
      entry.auth_type === 'v3applicationcredential'
        ? {
            methods: ['application_credential'],
            application_credential: auth.application_credential_id
              ? { id: auth.application_credential_id, secret: auth.application_credential_secret }
              : {
                  name: auth.application_credential_name,
                  secret: auth.application_credential_secret,
                  user: { name: auth.username, domain: { name: auth.user_domain_name ?? 'Default' } },
                },
          }
        : {
            methods: ['password'],
            password: {
              user: auth.user_id
                ? { id: auth.user_id, password: auth.password }
                : {
                    name: auth.username,
                    password: auth.password,
                    domain: { name: auth.user_domain_name ?? 'Default' },
                  },
            },
          };
    const scope =
      entry.auth_type === 'v3applicationcredential'
        ? undefined
        : auth.project_id
          ? { project: { id: auth.project_id } }
          : { project: { name: auth.project_name, domain: { name: auth.project_domain_name ?? 'Default' } } };
    const tokensUrl = `${/\/v3$/.test(authUrl) ? authUrl : `${authUrl}/v3`}/auth/tokens`;
    const { body, token } = await this.request('POST', tokensUrl, undefined, {
      auth: { identity, ...(scope ? { scope } : {}) },
    });
    if (!token) throw new OpenStackApiError('POST /auth/tokens: no X-Subject-Token in the answer');
    const iface = entry.interface ?? 'public';
    const region = entry.region_name;
    const endpointOf = (service: OpenStackService): string => {
      for (const type of SERVICE_TYPES[service]) {
        const found = (body.token?.catalog ?? [])
          .filter((s: any) => s.type === type)
          .flatMap((s: any) => s.endpoints)
          .find((e: any) => e.interface === iface && (!region || e.region === region || e.region_id === region));
        if (found) return found.url;
      }
      throw new OpenStackApiError(`the catalog has no ${iface} ${service} endpoint${region ? ` in ${region}` : ''}`);
    };
    return {
      token,
      endpoints: { compute: endpointOf('compute'), network: endpointOf('network'), volume: endpointOf('volume') },
    };
  }
}
