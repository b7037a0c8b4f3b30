// Retry and error behaviour that a real Pulp cannot be made to show on demand (5xx, dropped connections)
// is exercised against FakeFlakyHttpServer, a loopback fake named as such. Everything else about the
// client is tested against the real Pulps in test/integration/.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from '../../../testbed/servers/loopback';
import { AuthError, ConnectionError, HttpError, MultipleFoundError, PulpClient, pulpMessageOf } from '../../../pulp';

/** A loopback HTTP server answering from a script of responses, recording each request it saw. */
class FakeFlakyHttpServer {
  readonly seen: { method: string; url: string; authorization?: string }[] = [];
  private readonly server: http.Server;

  constructor(private readonly script: ((req: http.IncomingMessage, res: http.ServerResponse) => void)[]) {
    this.server = http.createServer((req, res) => {
      this.seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      const step = this.script[Math.min(this.seen.length - 1, this.script.length - 1)];
      step(req, res);
    });
  }

  start(): Promise<string> {
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

function client(baseUrl: string, password = 's3cret-password') {
  return new PulpClient({ baseUrl, username: 'admin', password, retryBaseDelayMs: 5, maxAttempts: 4 });
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
