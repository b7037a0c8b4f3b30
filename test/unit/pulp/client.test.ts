// Retry and error behaviour that a real Pulp cannot be made to show on demand (5xx, dropped connections,
// a session refused at a chosen request, no login endpoint) is exercised against FakeFlakyHttpServer, a
// loopback fake named as such. Everything else about the client, sessions included, is tested against the
// real Pulps in test/integration/.
import * as http from 'node:http';
import { inspect } from 'node:util';
import { closeServer, listenOnLoopback } from '../../../testbed/servers/loopback';
import { secretsIn } from '../../support/canary';
import {
  AuthError,
  ConnectionError,
  HttpError,
  MultipleFoundError,
  PulpClient,
  PulpClientOptions,
  pulpMessageOf,
} from '../../../pulp';

/** A loopback HTTP server answering from a script of responses, recording each request it saw. */
class FakeFlakyHttpServer {
  readonly seen: { method: string; url: string; headers: http.IncomingHttpHeaders; authorization?: string }[] = [];
  /** Client connections accepted. */
  connections = 0;
  private readonly server: http.Server;

  constructor(private readonly script: ((req: http.IncomingMessage, res: http.ServerResponse) => void)[]) {
    this.server = http.createServer((req, res) => {
      this.seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        authorization: req.headers.authorization,
      });
      const step = this.script[Math.min(this.seen.length - 1, this.script.length - 1)];
      step(req, res);
    });
  }

  start(): Promise<string> {
    this.server.on('connection', () => this.connections++);
    return listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}

const json = (status: number, body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const drop = (req: http.IncomingMessage) => req.socket.destroy();

function client(baseUrl: string, password = 's3cret-password', options: Partial<PulpClientOptions> = {}) {
  return new PulpClient({
    baseUrl,
    username: 'admin',
    password,
    retryBaseDelayMs: 5,
    maxAttempts: 4,
    auth: 'basic',
    ...options,
  });
}

describe('PulpClient against FakeFlakyHttpServer', () => {
  let server: FakeFlakyHttpServer | undefined;
  afterEach(async () => server?.stop());

  test('retries a GET on 5xx and dropped connections, then succeeds', async () => {
    server = new FakeFlakyHttpServer([json(502, 'bad gateway'), drop, json(200, { ok: true })]);
    const pulp = client(await server.start());
    await expect(pulp.get('status/')).resolves.toEqual({ ok: true });
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  test('sends basic auth preemptively on every request', async () => {
    server = new FakeFlakyHttpServer([json(200, {})]);
    await client(await server.start()).get('status/');
    expect(server.seen[0].authorization).toBe(`Basic ${Buffer.from('admin:s3cret-password').toString('base64')}`);
  });

  test('never retries a POST, even on 500', async () => {
    server = new FakeFlakyHttpServer([json(500, { detail: 'boom' }), json(201, {})]);
    const pulp = client(await server.start());
    await expect(pulp.create('repositories/file/file/', { name: 'x' }, 'file repository "x"')).rejects.toThrow(
      new HttpError(500, 'POST', '/pulp/api/v3/repositories/file/file/', 'boom', 'file repository "x"').message,
    );
    expect(server.seen).toHaveLength(1);
  });

  test('gives up on a GET after the bounded attempts with the last 5xx', async () => {
    server = new FakeFlakyHttpServer([json(503, { detail: 'down' })]);
    await expect(client(await server.start()).get('repositories/')).rejects.toBeInstanceOf(HttpError);
    expect(server.seen).toHaveLength(4);
  });

  test('maps 401 to AuthError with Pulp message and no credential', async () => {
    server = new FakeFlakyHttpServer([json(401, { detail: 'Invalid username/password.' })]);
    const error: any = await client(await server.start())
      .get('repositories/')
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe('GET /pulp/api/v3/repositories/: HTTP 401: Invalid username/password.');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('s3cret');
  });

  test('findOne: one call; none is undefined, one is the object, several a MultipleFoundError', async () => {
    server = new FakeFlakyHttpServer([
      json(200, { results: [] }),
      json(200, { results: [{ name: 'a' }] }),
      json(200, { results: [{ name: 'a' }, { name: 'a' }], next: 'http://x/?offset=2' }),
    ]);
    const pulp = client(await server.start());
    await expect(pulp.findOne('groups/', { name: 'a' })).resolves.toBeUndefined();
    await expect(pulp.findOne('groups/', { name: 'a' })).resolves.toEqual({ name: 'a' });
    const several = pulp.findOne('groups/', { name: 'a' });
    await expect(several).rejects.toBeInstanceOf(MultipleFoundError);
    await expect(several).rejects.toThrow('GET /pulp/api/v3/groups/: more than one object has name=a');
    expect(server.seen.map((r) => r.url)).toEqual(Array(3).fill('/pulp/api/v3/groups/?name=a&limit=2&offset=0'));
  });

  test('follows `next` across pages', async () => {
    server = new FakeFlakyHttpServer([
      (req, res) =>
        json(200, { results: [1, 2], next: `http://${req.headers.host}/pulp/api/v3/x/?limit=2&offset=2` })(req, res),
      json(200, { results: [3], next: null }),
    ]);
    await expect(client(await server.start()).list('x/', {}, 2)).resolves.toEqual([1, 2, 3]);
    expect(server.seen.map((r) => r.url)).toEqual([
      '/pulp/api/v3/x/?limit=2&offset=0',
      '/pulp/api/v3/x/?limit=2&offset=2',
    ]);
  });
});

/**
 * A scripted Pulp with Django's session rules as far as the client sees them: `POST login/` with basic auth
 * sets a new session and CSRF cookie; a request with a live session cookie passes (unsafe ones only with the
 * matching X-CSRFToken), one with a dropped session is 401.
 */
function sessionPulp(options: { loginStatus?: number } = {}) {
  const live = new Set<string>();
  let logins = 0;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const cookies = Object.fromEntries(
      (req.headers.cookie ?? '').split('; ').map((pair) => pair.split('=') as [string, string]),
    );
    if (req.url === '/pulp/api/v3/login/' && req.method === 'POST') {
      if (options.loginStatus) return json(options.loginStatus, { detail: 'Not found.' })(req, res);
      logins++;
      live.add(`session-${logins}`);
      res.setHeader('Set-Cookie', [
        `csrftoken=csrf-${logins}; expires=Fri, 03 Dec 2027 16:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax`,
        `sessionid=session-${logins}; expires=Fri, 18 Dec 2026 16:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/`,
      ]);
      return json(201, { username: 'admin' })(req, res);
    }
    if (req.headers.authorization) return json(200, { via: 'basic' })(req, res);
    if (!live.has(cookies.sessionid)) {
      res.setHeader('Set-Cookie', 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/');
      return json(401, { detail: 'Authentication credentials were not provided.' })(req, res);
    }
    if (req.method !== 'GET' && req.headers['x-csrftoken'] !== cookies.csrftoken)
      return json(403, { detail: 'CSRF Failed: CSRF token missing.' })(req, res);
    if (req.method === 'DELETE' && req.url === '/pulp/api/v3/login/') {
      live.delete(cookies.sessionid);
      res.writeHead(204).end();
      return;
    }
    json(req.method === 'POST' ? 201 : 200, { via: 'session' })(req, res);
  };
  return { handler, dropSessions: () => live.clear() };
}

describe('PulpClient sessions against FakeFlakyHttpServer', () => {
  let server: FakeFlakyHttpServer | undefined;
  afterEach(async () => server?.stop());
  const session = (baseUrl: string) => client(baseUrl, 's3cret-password', { auth: 'session' });

  test('logs in once, then sends the session cookie and no password; CSRF token and Referer on writes only', async () => {
    const fake = sessionPulp();
    server = new FakeFlakyHttpServer([fake.handler]);
    const origin = await server.start();
    const pulp = session(origin);
    await Promise.all([pulp.get('repositories/'), pulp.get('remotes/'), pulp.create('repositories/x/', {})]);
    await pulp.get('distributions/');
    expect(pulp.logins).toBe(1);
    const [login, ...rest] = server.seen;
    expect(login).toMatchObject({ method: 'POST', url: '/pulp/api/v3/login/' });
    expect(login.authorization).toMatch(/^Basic /);
    expect(rest).toHaveLength(4);
    for (const request of rest) {
      expect(request.authorization).toBeUndefined();
      expect(request.headers.cookie).toBe('csrftoken=csrf-1; sessionid=session-1');
      const write = request.method !== 'GET';
      expect(request.headers['x-csrftoken']).toBe(write ? 'csrf-1' : undefined);
      expect(request.headers.referer).toBe(write ? `${origin}/` : undefined);
    }
  });

  test('a session Pulp dropped: one new login shared by the requests in flight, each sent once more', async () => {
    const fake = sessionPulp();
    server = new FakeFlakyHttpServer([fake.handler]);
    const pulp = session(await server.start());
    await pulp.get('repositories/');
    fake.dropSessions();
    const replies = await Promise.all([pulp.get('a/'), pulp.create('b/', {}), pulp.update('/pulp/api/v3/c/', {})]);
    expect(replies).toEqual([{ via: 'session' }, { via: 'session' }, { via: 'session' }]);
    expect(pulp.logins).toBe(2);
    expect(server.seen.filter((r) => r.url === '/pulp/api/v3/login/')).toHaveLength(2);
    expect(server.seen.every((r) => r.url === '/pulp/api/v3/login/' || !r.authorization)).toBe(true);
  });

  test('a session refused again right after the new login is an AuthError, not a loop', async () => {
    const fake = sessionPulp();
    server = new FakeFlakyHttpServer([
      fake.handler,
      json(401, { detail: 'Authentication credentials were not provided.' }),
      fake.handler,
      json(401, { detail: 'Authentication credentials were not provided.' }),
    ]);
    const error = await session(await server.start())
      .get('repositories/')
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /pulp/api/v3/login/',
      'GET /pulp/api/v3/repositories/',
      'POST /pulp/api/v3/login/',
      'GET /pulp/api/v3/repositories/',
    ]);
  });

  test('no login endpoint (pulpcore before 3.70): basic auth on every request, the login tried once', async () => {
    server = new FakeFlakyHttpServer([sessionPulp({ loginStatus: 404 }).handler]);
    const pulp = session(await server.start());
    await pulp.get('repositories/');
    await pulp.create('repositories/x/', {});
    expect(pulp.authentication).toBe('basic');
    expect(server.seen.map((r) => [r.method, r.authorization?.slice(0, 6)])).toEqual([
      ['POST', 'Basic '],
      ['GET', 'Basic '],
      ['POST', 'Basic '],
    ]);
  });

  test('an error of a request with a session names neither the session cookie nor the CSRF token', async () => {
    const fake = sessionPulp();
    let requests = 0;
    server = new FakeFlakyHttpServer([
      (req, res) => (++requests === 3 ? json(500, { detail: 'boom' })(req, res) : fake.handler(req, res)),
    ]);
    const pulp = session(await server.start());
    await pulp.get('repositories/');
    const error: any = await pulp.create('repositories/x/', {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(HttpError);
    const shown = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(secretsIn(shown, ['session-1', 'csrf-1', 's3cret-password'])).toEqual([]);
  });

  test('status sends no credentials and does not log in', async () => {
    server = new FakeFlakyHttpServer([json(200, { versions: [] })]);
    await session(await server.start()).status();
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].headers.authorization ?? server.seen[0].headers.cookie).toBeUndefined();
  });

  test('close logs out (DELETE login/ with the session) and the cookie and token show nowhere', async () => {
    const fake = sessionPulp();
    server = new FakeFlakyHttpServer([fake.handler]);
    const pulp = session(await server.start());
    await pulp.get('repositories/');
    const shown = [JSON.stringify(pulp), inspect(pulp, { depth: 5 })].join('\n');
    expect(shown).not.toMatch(/session-1|csrf-1|s3cret/);
    await pulp.close();
    expect(server.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/pulp/api/v3/login/' });
    expect(server.seen.at(-1)!.headers['x-csrftoken']).toBe('csrf-1');
  });

  test('keeps one connection open; a PATCH dropped on it unanswered is sent again on a new one, a POST is not', async () => {
    let requests = 0;
    server = new FakeFlakyHttpServer([
      (req, res) => {
        requests++;
        // Requests 2 and 4 arrive on a kept-open connection: dropped unanswered, as by a server that closes an
        // idle connection just as a request is sent.
        if (requests === 2 || requests === 4) drop(req);
        else json(200, {})(req, res);
      },
    ]);
    const pulp = client(await server.start());
    await pulp.get('repositories/');
    await pulp.update('/pulp/api/v3/repositories/x/', {});
    const error = await pulp.create('repositories/', {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'PATCH', 'PATCH', 'POST']);
    expect(server.connections).toBe(2);
    await pulp.close();
  });

  test('a write dropped on a new connection is not resent', async () => {
    server = new FakeFlakyHttpServer([drop]);
    const error = await client(await server.start())
      .create('repositories/x/', {})
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);
  });
});

describe('task polling against FakeFlakyHttpServer', () => {
  let server: FakeFlakyHttpServer | undefined;
  afterEach(async () => server?.stop());

  test('tasks awaited at the same time are read together, one list call per poll, each to its end', async () => {
    const reads = new Map<string, number>();
    const task = (href: string) => {
      reads.set(href, (reads.get(href) ?? 0) + 1);
      return { pulp_href: href, name: 'x', state: reads.get(href)! >= 3 ? 'completed' : 'running' };
    };
    server = new FakeFlakyHttpServer([
      (req, res) => {
        const url = new URL(req.url!, 'http://x');
        if (url.pathname === '/pulp/api/v3/tasks/') {
          const hrefs = url.searchParams.get('pulp_href__in')!.split(',');
          return json(200, { results: hrefs.map(task), next: null })(req, res);
        }
        json(200, task(url.pathname))(req, res);
      },
    ]);
    const pulp = client(await server.start(), 's3cret-password', { taskPollInitialMs: 20 });
    const hrefs = ['/pulp/api/v3/tasks/1/', '/pulp/api/v3/tasks/2/', '/pulp/api/v3/tasks/3/'];
    const done = await Promise.all(hrefs.map((href) => pulp.waitForTask(href)));
    expect(done.map((t) => t.state)).toEqual(['completed', 'completed', 'completed']);
    // Read one by one, the three would take nine calls.
    expect(server.seen.length).toBeLessThanOrEqual(4);
    expect(server.seen.filter((r) => r.url.includes('pulp_href__in=')).length).toBeGreaterThanOrEqual(2);
    expect([...reads.values()].every((n) => n >= 3)).toBe(true);
  });

  test("a POST's task is first read one interval after the answer; an update's task at once", async () => {
    const reads: number[] = [];
    let answered = 0;
    server = new FakeFlakyHttpServer([
      (req, res) => {
        const url = new URL(req.url!, 'http://x');
        if (url.pathname.startsWith('/pulp/api/v3/tasks/')) {
          reads.push(Date.now() - answered);
          return json(200, { pulp_href: url.pathname, name: 'x', state: 'completed', created_resources: ['/o/1/'] })(
            req,
            res,
          );
        }
        answered = Date.now();
        json(202, { task: '/pulp/api/v3/tasks/1/' })(req, res);
      },
    ]);
    const pulp = client(await server.start(), 's3cret-password', { taskPollInitialMs: 80 });
    await pulp.createHref('distributions/x/', {});
    await pulp.change('/pulp/api/v3/distributions/x/1/', {});
    expect(reads).toHaveLength(2);
    expect(reads[0]).toBeGreaterThanOrEqual(75);
    expect(reads[1]).toBeLessThan(75);
  });

  test('polls of several tasks are the interval times the tasks apart', async () => {
    const polls: { at: number; tasks: number }[] = [];
    server = new FakeFlakyHttpServer([
      (req, res) => {
        const url = new URL(req.url!, 'http://x');
        const hrefs = url.searchParams.get('pulp_href__in')?.split(',');
        polls.push({ at: Date.now(), tasks: hrefs?.length ?? 1 });
        // Done at the second poll that reads all four.
        const state = polls.filter((p) => p.tasks === 4).length >= 2 ? 'completed' : 'running';
        const task = (href: string) => ({ pulp_href: href, name: 'x', state });
        json(200, hrefs ? { results: hrefs.map(task), next: null } : task(url.pathname))(req, res);
      },
    ]);
    const pulp = client(await server.start(), 's3cret-password', { taskPollInitialMs: 20 });
    const hrefs = ['/pulp/api/v3/tasks/1/', '/pulp/api/v3/tasks/2/', '/pulp/api/v3/tasks/3/', '/pulp/api/v3/tasks/4/'];
    await Promise.all(hrefs.map((href) => pulp.waitForTask(href)));
    // Alone, each would be read again after 20 ms; four awaited and none done: 80 ms.
    const all = polls.filter((p) => p.tasks === 4);
    expect(all).toHaveLength(2);
    expect(all[1].at - all[0].at).toBeGreaterThanOrEqual(75);
  });

  test('a task that fails rejects its own waiter only', async () => {
    server = new FakeFlakyHttpServer([
      (req, res) => {
        const url = new URL(req.url!, 'http://x');
        const hrefs = url.searchParams.get('pulp_href__in')?.split(',') ?? [url.pathname];
        const tasks = hrefs.map((href) => ({
          pulp_href: href,
          name: 'x',
          state: href.endsWith('/2/') ? 'failed' : 'completed',
          error: { description: 'boom' },
        }));
        json(
          200,
          hrefs.length === 1 && !url.searchParams.has('pulp_href__in') ? tasks[0] : { results: tasks, next: null },
        )(req, res);
      },
    ]);
    const pulp = client(await server.start());
    const results = await Promise.allSettled(
      ['/pulp/api/v3/tasks/1/', '/pulp/api/v3/tasks/2/', '/pulp/api/v3/tasks/3/'].map((href) => pulp.waitForTask(href)),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/tasks\/2\/ failed: boom$/);
  });
});

describe('PulpClient without a server', () => {
  test('an unreachable Pulp is a ConnectionError after bounded retries, naming the URL but no credential', async () => {
    const error: any = await client('http://127.0.0.1:9')
      .get('status/')
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:9\/pulp\/api\/v3\/status\/: cannot reach Pulp: ECONNREFUSED/,
    );
    expect(error.message).toMatch(/after 4 attempts/);
    expect(error.message).not.toContain('s3cret');
  });

  test('refuses a URL that carries credentials', () => {
    expect(() => client('http://admin:pw@127.0.0.1:9')).toThrow(/must not carry credentials/);
  });
});

describe('pulpMessageOf', () => {
  test.each([
    [{ name: ['This field must be unique.'] }, 'name: This field must be unique.'],
    [{ detail: 'Not found.' }, 'Not found.'],
    [
      ["Cannot use 'autopublish' in combination with a 'mirror_complete' sync policy."],
      "Cannot use 'autopublish' in combination with a 'mirror_complete' sync policy.",
    ],
    [{ errors: ["Invalid Filter: 'base_path__startswith'"] }, "Invalid Filter: 'base_path__startswith'"],
    [{ non_field_errors: ['a', 'b'] }, 'a; b'],
    ['', 'no details'],
  ])('flattens %j', (body, message) => {
    expect(pulpMessageOf(body)).toBe(message);
  });
});
