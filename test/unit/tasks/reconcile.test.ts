// What a real Pulp cannot be made to do on demand (drop the connection after a POST) is shown against
// FakePulpAfterDroppedPost, a loopback fake named as such. Reconcile itself is tested against the real Pulps.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from '../../../testbed/servers/loopback';
import { PulpClient } from '../../../pulp';
import { Reconciler } from '../../../tasks/reconcile';

/** Answers like Pulp for groups, but drops the connection of the first POST after creating the group. */
class FakePulpAfterDroppedPost {
  readonly requests: string[] = [];
  private readonly groups: { pulp_href: string; name: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    this.requests.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/pulp/api/v3/status/') return json(200, { versions: [{ component: 'core', version: '3.123.1' }] });
    if (req.method === 'GET' && req.url?.startsWith('/pulp/api/v3/groups/')) {
      const name = new URL(req.url, 'http://x').searchParams.get('name');
      return json(200, { results: this.groups.filter((g) => !name || g.name === name), next: null });
    }
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.groups.push({ pulp_href: '/pulp/api/v3/groups/1/', name: JSON.parse(body).name });
        req.socket.destroy();
      });
      return undefined;
    }
    return json(404, { detail: 'Not found.' });
  });

  start(): Promise<string> {
    return listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}

test('a create whose connection drops is not sent again: the object is looked up by name and taken', async () => {
  const fake = new FakePulpAfterDroppedPost();
  const pulp = new PulpClient({
    baseUrl: await fake.start(),
    username: 'admin',
    password: 'pw',
    retryBaseDelayMs: 1,
    auth: 'basic',
  });
  try {
    const changes = await new Reconciler(pulp, { hashKey: 'k' }).run([{ kind: 'group', key: 'stackhpc', fields: {} }]);
    expect(changes.map((c) => `${c.action} ${c.key}`)).toEqual(['create stackhpc']);
    expect(fake.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    expect(fake.requests.at(-1)).toBe('GET /pulp/api/v3/groups/?name=stackhpc&limit=1&offset=0');
  } finally {
    await fake.stop();
  }
});
