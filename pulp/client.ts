import axios, { AxiosInstance, AxiosResponse, isAxiosError, Method } from 'axios';
import { randomUUID } from 'node:crypto';
import {
  AuthError,
  ClientValidationError,
  ConnectionError,
  ForbiddenError,
  HttpError,
  MultipleFoundError,
  TaskAbandonedError,
  NotFoundError,
  pulpMessageOf,
  TaskFailedError,
  TimeoutError,
} from './errors';

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
}

export type TaskState = 'waiting' | 'skipped' | 'running' | 'completed' | 'failed' | 'canceled' | 'canceling';

export interface ProgressReport {
  readonly message: string;
  readonly code: string;
  readonly state: string;
  readonly total: number | null;
  readonly done: number;
}

export interface Task {
  readonly pulp_href: string;
  readonly name: string;
  readonly state: TaskState;
  readonly error?: { readonly description?: string; readonly reason?: string } | null;
  readonly progress_reports?: readonly ProgressReport[];
  readonly created_resources?: readonly string[];
}

export interface PulpStatus {
  readonly versions: readonly { readonly component: string; readonly version: string }[];
  readonly online_workers: readonly { readonly name: string }[];
  readonly online_content_apps?: readonly { readonly name: string }[];
  readonly database_connection: { readonly connected: boolean };
}

export interface WaitOptions {
  /** Named in errors, e.g. `rpm repository "rocky-9-baseos"`. */
  readonly subject?: string;
  readonly timeoutMs?: number;
  /** Called after each poll with the task as Pulp reports it. */
  readonly onProgress?: (task: Task) => void;
}

const FINAL_STATES: readonly TaskState[] = ['completed', 'failed', 'canceled', 'skipped'];
type Params = Record<string, string | number | boolean>;

/**
 * A typed client for Pulp's REST API: basic auth on every request, pagination, one place that waits on
 * tasks, and bounded retries with backoff for GETs and task polls only. A POST is never retried: Pulp does
 * not deduplicate tasks or publications, so callers look the object up again by its natural key instead.
 */
export class PulpClient {
  /** `/pulp/api/v3/` for the default API_ROOT. */
  public readonly apiPath: string;
  /** Requests sent, by method; benchmarks and tests read it. */
  public readonly requestCounts: Record<string, number> = {};
  private readonly http: AxiosInstance;
  private readonly options: Required<Omit<PulpClientOptions, 'username' | 'password'>>;

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
    };
    this.apiPath = `${this.options.apiRoot.replace(/\/?$/, '/')}api/v3/`;
    this.http = axios.create({
      baseURL: this.options.baseUrl,
      auth: { username: options.username, password: options.password },
      timeout: this.options.requestTimeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      headers: { 'Correlation-ID': randomUUID(), Accept: 'application/json' },
    });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** An API path (`repositories/rpm/rpm/`) or an href (`/pulp/api/v3/...`) as a path from the origin. */
  path(pathOrHref: string): string {
    return pathOrHref.startsWith('/') ? pathOrHref : `${this.apiPath}${pathOrHref}`;
  }

  /** `GET /status/`; unauthenticated in Pulp, retried like every GET. */
  async status(): Promise<PulpStatus> {
    return this.get<PulpStatus>('status/');
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
    const task = await this.waitForTask(reply.task, { subject });
    const created = task.created_resources?.[0];
    if (!created) throw new ClientValidationError(`task ${task.pulp_href} (${subject ?? pathOrHref}) created nothing`);
    return this.get<T>(created, undefined, subject);
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
    return isTaskReply(reply) ? this.waitForTask(reply.task, options) : reply;
  }

  /** The one place that waits on tasks: polls with backoff to a final state or the deadline. */
  async waitForTask(taskHref: string, options: WaitOptions = {}): Promise<Task> {
    const deadline = Date.now() + (options.timeoutMs ?? this.options.taskTimeoutMs);
    let interval = this.options.taskPollInitialMs;
    const abandonment = { nextCheck: Date.now() + this.options.abandonCheckMs, strikes: 0 };
    for (;;) {
      const task = await this.get<Task>(taskHref, undefined, options.subject);
      options.onProgress?.(task);
      if (task.state === 'running' && Date.now() >= abandonment.nextCheck) {
        abandonment.nextCheck = Date.now() + this.options.abandonCheckMs;
        abandonment.strikes = (await this.heldByNoWorker(task.pulp_href)) ? abandonment.strikes + 1 : 0;
        if (abandonment.strikes >= 2) throw new TaskAbandonedError(task.pulp_href, options.subject);
      }
      if (FINAL_STATES.includes(task.state)) {
        if (task.state === 'failed' || task.state === 'canceled') {
          const description = task.error?.description ?? task.error?.reason ?? 'no error reported';
          throw new TaskFailedError(task.pulp_href, task.state, description.split('\n')[0], options.subject);
        }
        return task;
      }
      if (Date.now() + interval > deadline) {
        throw new TimeoutError(
          `task ${taskHref}${options.subject ? ` (${options.subject})` : ''} still ${task.state} after ${
            (options.timeoutMs ?? this.options.taskTimeoutMs) / 1000
          } s; it keeps running in Pulp`,
          taskHref,
        );
      }
      await sleep(interval);
      interval = Math.min(Math.ceil(interval * 1.5), this.options.taskPollMaxMs);
    }
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

  private async send(
    method: Method,
    pathOrHref: string,
    request: { params?: Params; data?: object; headers?: Record<string, string>; retry: boolean; subject?: string },
  ): Promise<AxiosResponse> {
    const url = this.path(pathOrHref);
    const attempts = request.retry ? this.options.maxAttempts : 1;
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
          headers: request.headers,
        });
      } catch (error) {
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
