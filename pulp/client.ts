import axios, { AxiosInstance, AxiosResponse, isAxiosError, Method } from 'axios';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import {
  AuthError,
  ClientValidationError,
  ConnectionError,
  ForbiddenError,
  HttpError,
  MultipleFoundError,
  NotFoundError,
  pulpMessageOf,
} from './errors';
import { SessionCookies, sessionRefused } from './session';
import { Task, TaskPoller, WaitOptions } from './task-poller';

export type { ProgressReport, Task, TaskState, WaitOptions } from './task-poller';

export interface PulpClientOptions {
  /** Origin of the Pulp API, e.g. `http://127.0.0.1:24817`; must not carry credentials. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /**
   * Pulp's API_ROOT setting.
   * @default '/pulp/'
   */
  readonly apiRoot?: string;
  /**
   * Socket timeout of one request.
   * @default 60000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Attempts for GETs and task polls on connection errors and 5xx; other verbs are never retried.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * Delay before the first retry, doubled for each further one.
   * @default 250
   */
  readonly retryBaseDelayMs?: number;
  /**
   * How long to wait for a task before giving up (the task keeps running on the server).
   * @default 600000
   */
  readonly taskTimeoutMs?: number;
  /**
   * Task polls start this often and back off to `taskPollMaxMs`.
   * @default 100
   */
  readonly taskPollInitialMs?: number;
  /** @default 2000 */
  readonly taskPollMaxMs?: number;
  /**
   * How often a running task's worker is checked for; a task that no online worker holds at two checks in a
   * row was abandoned (its worker died) and is reported as such.
   * @default 15000
   */
  readonly abandonCheckMs?: number;
  /**
   * `session`: log in once through Pulp's `login/` (pulpcore 3.70+) and send the session cookie from then
   * on, with one new login if Pulp drops the session; basic auth where Pulp has no login endpoint.
   * `basic`: the password on every request, which costs Pulp a password hash each time.
   * @default 'session'
   */
  readonly auth?: 'session' | 'basic';
  /**
   * Connections to Pulp are kept open and reused (keep-alive), at most this many at once: size it to the
   * work done in parallel (--concurrency).
   * @default 8
   */
  readonly maxSockets?: number;
  /** @default true */
  readonly keepAlive?: boolean;
}

export interface PulpStatus {
  readonly versions: readonly { readonly component: string; readonly version: string }[];
  readonly online_workers: readonly { readonly name: string }[];
  readonly online_content_apps?: readonly { readonly name: string }[];
  readonly database_connection: { readonly connected: boolean };
}

type Params = Record<string, string | number | boolean>;

/**
 * Free connections are closed after this long: below the idle timeouts of the proxies in front of Pulp (the
 * pulp/pulp image's nginx closes after 5 s, as gunicorn's docs suggest; HAProxy and Apache default to 5 s
 * too), so that a request rarely meets a connection the server is closing. One that does is sent again when
 * that is safe (see `transmit`).
 */
const IDLE_SOCKET_MS = 4000;

/**
 * A typed client for Pulp's REST API: one session per run (or basic auth), connections kept open, pagination,
 * one place that waits on tasks, and bounded retries with backoff for GETs and task polls only. A POST is
 * never retried: Pulp does not deduplicate tasks or publications, so callers look the object up again by its
 * natural key instead.
 */
export class PulpClient {
  /** `/pulp/api/v3/` for the default API_ROOT. */
  public readonly apiPath: string;
  /** Requests sent, by method; benchmarks and tests read it. */
  public readonly requestCounts: Record<string, number> = {};
  /** Logins made (session auth); benchmarks and tests read it. */
  public logins = 0;
  private readonly http: AxiosInstance;
  private readonly agent: http.Agent;
  private readonly basicAuthorization: string;
  private readonly tasks: TaskPoller;
  private readonly options: Required<Omit<PulpClientOptions, 'username' | 'password' | 'auth'>>;
  /** `session` until Pulp shows it has no login endpoint. */
  private authMode: 'session' | 'basic';
  /** The login under way or done; undefined before the first and after the session was refused. */
  private sessionLogin?: Promise<SessionCookies | undefined>;
  /** The session that requests currently send (set once its login answered). */
  private currentSession?: SessionCookies;

  constructor(options: PulpClientOptions) {
    const base = new URL(options.baseUrl);
    if (base.username || base.password) {
      throw new ClientValidationError('the Pulp URL must not carry credentials; pass them separately');
    }
    this.options = {
      baseUrl: base.origin,
      apiRoot: options.apiRoot ?? '/pulp/',
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 250,
      taskTimeoutMs: options.taskTimeoutMs ?? 600_000,
      taskPollInitialMs: options.taskPollInitialMs ?? 100,
      taskPollMaxMs: options.taskPollMaxMs ?? 2000,
      abandonCheckMs: options.abandonCheckMs ?? 15_000,
      maxSockets: options.maxSockets ?? 8,
      keepAlive: options.keepAlive ?? true,
    };
    this.authMode = options.auth ?? 'session';
    this.tasks = new TaskPoller(this.options, {
      read: (hrefs, subject) => this.readTasks(hrefs, subject),
      heldByNoWorker: (href) => this.heldByNoWorker(href),
    });
    this.basicAuthorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.apiPath = `${this.options.apiRoot.replace(/\/?$/, '/')}api/v3/`;
    const agentOptions: http.AgentOptions = {
      keepAlive: this.options.keepAlive,
      maxSockets: this.options.maxSockets,
      maxFreeSockets: this.options.maxSockets,
      timeout: IDLE_SOCKET_MS,
    };
    this.agent = base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.http = axios.create({
      baseURL: this.options.baseUrl,
      timeout: this.options.requestTimeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: base.protocol === 'https:' ? undefined : this.agent,
      httpsAgent: base.protocol === 'https:' ? this.agent : undefined,
      headers: { 'Correlation-ID': randomUUID(), Accept: 'application/json' },
    });
  }

  /** How requests authenticate now: `session` once logged in (or before the first request), else `basic`. */
  get authentication(): 'session' | 'basic' {
    return this.authMode;
  }

  /**
   * Ends the run's session (its row leaves Pulp's database; best effort) and closes the open connections.
   * The client can still be used afterwards: it logs in again.
   */
  async close(): Promise<void> {
    const session = this.currentSession;
    this.currentSession = undefined;
    this.sessionLogin = undefined;
    if (session) {
      await this.transmit(
        'DELETE',
        this.path('login/'),
        { retry: false },
        session.headers('DELETE', this.baseUrl),
      ).catch(() => undefined);
    }
    this.agent.destroy();
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** An API path (`repositories/rpm/rpm/`) or an href (`/pulp/api/v3/...`) as a path from the origin. */
  path(pathOrHref: string): string {
    return pathOrHref.startsWith('/') ? pathOrHref : `${this.apiPath}${pathOrHref}`;
  }

  /** `GET /status/`; unauthenticated in Pulp (so it sends no credentials and never logs in), retried. */
  async status(): Promise<PulpStatus> {
    const response = await this.send('GET', 'status/', { retry: true, anonymous: true });
    return this.expectOk<PulpStatus>(response, 'GET', 'status/');
  }

  async get<T>(pathOrHref: string, params?: Params, subject?: string): Promise<T> {
    const response = await this.send('GET', pathOrHref, { params, retry: true });
    if (response.status === 404) {
      throw new NotFoundError(`GET ${this.path(pathOrHref)}${subject ? ` (${subject})` : ''}: not found`);
    }
    return this.expectOk<T>(response, 'GET', pathOrHref, subject);
  }

  /** Every object of a list endpoint, following `next` with pages of `pageSize`. */
  async list<T>(pathOrHref: string, params: Params = {}, pageSize = 1000): Promise<T[]> {
    const results: T[] = [];
    let next: string | null = this.path(pathOrHref);
    let query: Params | undefined = { ...params, limit: pageSize, offset: 0 };
    while (next) {
      const page: { results?: T[]; next?: string | null } = await this.get(next, query);
      if (!Array.isArray(page.results)) {
        throw new ClientValidationError(`GET ${this.path(pathOrHref)}: reply has no results list`);
      }
      results.push(...page.results);
      // `next` is an absolute URL with the query already in it.
      next = page.next ? pathAndQuery(page.next) : null;
      query = undefined;
    }
    return results;
  }

  /**
   * The one object that `params` (a natural key such as `{ name }`) selects, or undefined; more than one is
   * a MultipleFoundError, never a silent first pick. One call: a page of two tells one from several.
   */
  async findOne<T>(pathOrHref: string, params: Params, subject?: string): Promise<T | undefined> {
    const page: { results?: T[] } = await this.get(this.path(pathOrHref), { ...params, limit: 2, offset: 0 }, subject);
    if (!Array.isArray(page.results)) {
      throw new ClientValidationError(`GET ${this.path(pathOrHref)}: reply has no results list`);
    }
    if (page.results.length > 1) {
      const key = Object.entries(params)
        .map(([name, value]) => `${name}=${String(value)}`)
        .join(', ');
      throw new MultipleFoundError(`GET ${this.path(pathOrHref)}: more than one object has ${key}`);
    }
    return page.results[0];
  }

  /**
   * POST that creates an object: 201 returns it; 202 waits for the task and reads the object it created.
   * Never retried.
   */
  async create<T>(pathOrHref: string, body: object, subject?: string): Promise<T> {
    const response = await this.send('POST', pathOrHref, { data: body, retry: false, subject });
    const reply = this.expectOk<unknown>(response, 'POST', pathOrHref, subject);
    if (!isTaskReply(reply)) return reply as T;
    const task = await this.waitForDispatched(reply.task, { subject });
    const created = task.created_resources?.[0];
    if (!created) throw new ClientValidationError(`task ${task.pulp_href} (${subject ?? pathOrHref}) created nothing`);
    return this.get<T>(created, undefined, subject);
  }

  /**
   * POST that creates an object, for a caller that needs only its href: 201 carries it; 202 waits for the task
   * and takes it from the task's created resources, without reading the object back (one call fewer per
   * object where Pulp creates in a task, e.g. every distribution). Never retried.
   */
  async createHref(pathOrHref: string, body: object, subject?: string): Promise<string> {
    const response = await this.send('POST', pathOrHref, { data: body, retry: false, subject });
    const reply = this.expectOk<{ pulp_href?: unknown; task?: unknown }>(response, 'POST', pathOrHref, subject);
    const href = isTaskReply(reply)
      ? (await this.waitForDispatched(reply.task, { subject })).created_resources?.[0]
      : reply.pulp_href;
    if (typeof href !== 'string')
      throw new ClientValidationError(
        `POST ${this.path(pathOrHref)}${subject ? ` (${subject})` : ''}: reply names no created object`,
      );
    return href;
  }

  /**
   * PATCH for a caller that does not need the object back: 200 (no change, or synchronous) or 202 and the task
   * awaited; never a read after it. Never retried.
   */
  async change(href: string, body: object, subject?: string): Promise<void> {
    const response = await this.send('PATCH', href, { data: body, retry: false, subject });
    const reply = this.expectOk<unknown>(response, 'PATCH', href, subject);
    if (isTaskReply(reply)) await this.waitForTask(reply.task, { subject });
  }

  /** PATCH: 200 returns the object (no change, or a synchronous update); 202 waits, then reads it. */
  async update<T>(href: string, body: object, subject?: string): Promise<T> {
    const response = await this.send('PATCH', href, { data: body, retry: false, subject });
    const reply = this.expectOk<unknown>(response, 'PATCH', href, subject);
    if (!isTaskReply(reply)) return reply as T;
    await this.waitForTask(reply.task, { subject });
    return this.get<T>(href, undefined, subject);
  }

  /** DELETE: 204, or 202 and the task awaited. */
  async remove(href: string, subject?: string): Promise<void> {
    const response = await this.send('DELETE', href, { retry: false, subject });
    const reply = this.expectOk<unknown>(response, 'DELETE', href, subject);
    if (isTaskReply(reply)) await this.waitForTask(reply.task, { subject });
  }

  /**
   * PUT of raw bytes with headers of their own (a chunk of an upload, as multipart/form-data). Never retried:
   * whether a failed one arrived is for the caller to read back.
   */
  async putBytes<T>(href: string, body: Buffer, headers: Record<string, string>, subject?: string): Promise<T> {
    const response = await this.send('PUT', href, { data: body, headers, retry: false, subject });
    return this.expectOk<T>(response, 'PUT', href, subject);
  }

  /** A POST that starts work (sync, publish, modify): returns the finished task, or the reply if synchronous. */
  async action(pathOrHref: string, body: object, options: WaitOptions = {}): Promise<unknown> {
    const response = await this.send('POST', pathOrHref, { data: body, retry: false, subject: options.subject });
    const reply = this.expectOk<unknown>(response, 'POST', pathOrHref, options.subject);
    return isTaskReply(reply) ? this.waitForDispatched(reply.task, options) : reply;
  }

  /**
   * The one place that waits on tasks: polls with backoff to a final state or the deadline; the tasks awaited
   * at the same time are read together, in one call per poll (see TaskPoller).
   */
  waitForTask(taskHref: string, options: WaitOptions = {}): Promise<Task> {
    return this.tasks.wait(taskHref, options);
  }

  /**
   * A task that a POST started (a create, sync, publish): Pulp runs those in a worker, never before it
   * answers, so the first poll waits one interval instead of going out at once.
   */
  private waitForDispatched(taskHref: string, options: WaitOptions): Promise<Task> {
    return this.tasks.wait(taskHref, options, this.options.taskPollInitialMs);
  }

  /** One GET for a single task, else one list call per 50 (pulp_href__in); any the list left out, alone. */
  private async readTasks(hrefs: readonly string[], subject?: string): Promise<Task[]> {
    if (hrefs.length === 1) return [await this.get<Task>(hrefs[0], undefined, subject)];
    const tasks: Task[] = [];
    for (let i = 0; i < hrefs.length; i += 50) {
      const batch = hrefs.slice(i, i + 50);
      tasks.push(...(await this.list<Task>('tasks/', { pulp_href__in: batch.join(',') }, batch.length)));
    }
    const found = new Set(tasks.map((task) => task.pulp_href));
    for (const href of hrefs.filter((h) => !found.has(h))) tasks.push(await this.get<Task>(href));
    return tasks;
  }

  /**
   * Whether no online worker reports the task as its current one. Pulp itself fails such a task only at a
   * worker's periodic clean-up (every 100 heartbeats), long after the worker's TTL has passed. Unknown
   * (false) when workers cannot be listed or do not report their task.
   */
  private async heldByNoWorker(taskHref: string): Promise<boolean> {
    let workers: Record<string, unknown>[];
    try {
      workers = await this.list<Record<string, unknown>>('workers/', { online: true });
    } catch (error) {
      if (error instanceof HttpError) return false;
      throw error;
    }
    return workers.every((w) => 'current_task' in w && w.current_task !== taskHref);
  }

  /**
   * One request with the run's credentials: the session (logging in first if needed; once more if Pulp
   * refuses the session, then the request is sent again: a refused request did nothing), else basic auth.
   */
  private async send(method: Method, pathOrHref: string, request: SendOptions): Promise<AxiosResponse> {
    const url = this.path(pathOrHref);
    if (request.anonymous) return this.transmit(method, url, request, {});
    const session = await this.session();
    if (!session) return this.transmit(method, url, request, { Authorization: this.basicAuthorization });
    const response = await this.transmit(method, url, request, session.headers(method, this.baseUrl));
    session.absorb(response.headers['set-cookie']);
    if (!sessionRefused(response.status, pulpMessageOf(response.data))) return response;
    const renewed = await this.renewSession(session);
    const headers = renewed ? renewed.headers(method, this.baseUrl) : { Authorization: this.basicAuthorization };
    const again = await this.transmit(method, url, request, headers);
    renewed?.absorb(again.headers['set-cookie']);
    return again;
  }

  /** The run's session: the login made once and shared by concurrent requests; none for basic auth. */
  private async session(): Promise<SessionCookies | undefined> {
    if (this.authMode === 'basic') return undefined;
    this.sessionLogin ??= this.logIn().catch((error) => {
      this.sessionLogin = undefined; // the next request tries again (and meets the same error, if it stays)
      throw error;
    });
    return this.sessionLogin;
  }

  /** A new login unless another request already replaced the refused session. */
  private renewSession(refused: SessionCookies): Promise<SessionCookies | undefined> {
    if (this.currentSession === refused) {
      this.currentSession = undefined;
      this.sessionLogin = undefined;
    }
    return this.session();
  }

  /**
   * `POST login/` with basic auth: Pulp makes a Django session and sets its cookie and a fresh CSRF token.
   * No login endpoint (404/405: pulpcore before 3.70, or a proxy that hides it) or no session cookie in the
   * answer means basic auth for the rest of the run. Wrong credentials are an AuthError, as with basic auth.
   */
  private async logIn(): Promise<SessionCookies | undefined> {
    const url = this.path('login/');
    const response = await this.transmit('POST', url, { retry: true }, { Authorization: this.basicAuthorization });
    const cookies = new SessionCookies();
    cookies.absorb(response.headers['set-cookie']);
    if (response.status === 404 || response.status === 405 || (response.status < 300 && !cookies.hasSession)) {
      this.authMode = 'basic';
      return undefined;
    }
    this.expectOk(response, 'POST', url, 'log in');
    this.logins++;
    this.currentSession = cookies;
    return cookies;
  }

  /**
   * Sends one request as given, retrying connection errors and 5xx for retryable requests. A PATCH, PUT or
   * DELETE that broke on a kept-open connection before an answer came is sent once more on a new one: most
   * likely the server closed that connection while idle, and if it did get the request, the same one again
   * changes nothing more. A POST is never sent twice (see the class comment).
   */
  private async transmit(
    method: Method,
    url: string,
    request: SendOptions,
    auth: Record<string, string>,
  ): Promise<AxiosResponse> {
    const attempts = request.retry ? this.options.maxAttempts : 1;
    let staleConnectionRetried = false;
    for (let attempt = 1; ; attempt++) {
      this.requestCounts[method] = (this.requestCounts[method] ?? 0) + 1;
      let response: AxiosResponse | undefined;
      let failure: string | undefined;
      try {
        response = await this.http.request({
          method,
          url,
          params: request.params,
          data: request.data,
          headers: { ...request.headers, ...auth },
        });
      } catch (error) {
        if (!staleConnectionRetried && method !== 'POST' && onStaleConnection(error)) {
          staleConnectionRetried = true;
          attempt--;
          continue;
        }
        failure = describeNetworkError(error);
      }
      const retryable = failure !== undefined || (response !== undefined && response.status >= 500);
      if (!retryable || attempt >= attempts) {
        if (response) return response;
        throw new ConnectionError(
          `${method} ${this.options.baseUrl}${url}${request.subject ? ` (${request.subject})` : ''}: cannot reach Pulp: ${failure}${
            attempts > 1 ? ` (after ${attempts} attempts)` : ''
          }`,
        );
      }
      await sleep(this.options.retryBaseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    }
  }

  private expectOk<T>(response: AxiosResponse, method: string, pathOrHref: string, subject?: string): T {
    if (response.status >= 200 && response.status < 300) return response.data as T;
    const message = pulpMessageOf(response.data);
    const path = this.path(pathOrHref);
    if (response.status === 401) throw new AuthError(401, method, path, message, subject);
    if (response.status === 403) throw new ForbiddenError(403, method, path, message, subject);
    throw new HttpError(response.status, method, path, message, subject);
  }
}

interface SendOptions {
  readonly params?: Params;
  readonly data?: object;
  readonly headers?: Record<string, string>;
  readonly retry: boolean;
  readonly subject?: string;
  /** Sent without credentials (the status endpoint). */
  readonly anonymous?: boolean;
}

/** A reset or broken pipe on a connection that an earlier request had used: the server closed it while idle. */
function onStaleConnection(error: unknown): boolean {
  if (!isAxiosError(error) || !['ECONNRESET', 'EPIPE'].includes(error.code ?? '')) return false;
  return (error.request as http.ClientRequest | undefined)?.reusedSocket === true;
}

function isTaskReply(reply: unknown): reply is { task: string } {
  return typeof reply === 'object' && reply !== null && typeof (reply as { task?: unknown }).task === 'string';
}

function pathAndQuery(absolute: string): string {
  const url = new URL(absolute);
  return `${url.pathname}${url.search}`;
}

/** The network failure in words, without the request config (which holds the credentials). */
function describeNetworkError(error: unknown): string {
  if (isAxiosError(error)) return error.code ? `${error.code} ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
