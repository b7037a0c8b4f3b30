// Session authentication on the two real Pulps, seen on the wire: the CLI talks to Pulp through a loopback
// RecordingProxy, which shows what each request carried and on which connection. A run logs in once (one
// login in Pulp's access log) and sends no password after it; it survives its session being deleted from
// Pulp's database mid-run (one new login, nothing lost); no output shows the session cookie or CSRF token.
// The harness's keep-alive front (nginx, as before a deployed Pulp) keeps client connections open.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { harnessSql } from '../../testbed/pulp/harness';
import { secretsIn } from '../support/canary';
import { cliEnv, runCliAsync } from '../support/cli';
import { accessLogLength, accessLogLines, adminPassword, loginRequests, pulpInstance } from '../support/pulp';
import { RecordingProxy } from '../../testbed/servers/recording-proxy';

const CONCURRENCY = 4;

function configText(prefix: string, extra = ''): string {
  const rpm = Array.from(
    { length: 6 },
    (_, i) => `
    - name: ${prefix} Rocky Linux 9.8 - repository ${i}
      url: https://mirror.example.org/rocky/9.8/repo${i}/
      syncGroup: test
      basePath: ${prefix}/rocky/9.8/repo${i}/
      shortName: ${prefix}_repo_${i}
      distributionName: ${prefix}-repo-${i}-`,
  ).join('');
  return `content:
  rpm:${rpm}
  contentGuards:
    - name: ${prefix}-development
      groups: [${prefix}-dev]
  groups: [${prefix}-dev]${extra}
`;
}

describe.each(['ark', 'client'] as const)('session authentication on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const password = adminPassword(instance);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-session-'));
  let proxy: RecordingProxy;
  let proxyUrl: string;
  beforeEach(async () => {
    proxy = new RecordingProxy(instance.apiUrl);
    proxyUrl = await proxy.start();
  });
  afterEach(() => proxy.stop());
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const reconcile = (prefix: string, extraConfig = '', env: Record<string, string> = {}) => {
    const configFile = path.join(work, `${prefix}.yaml`);
    fs.writeFileSync(configFile, configText(prefix, extraConfig));
    return runCliAsync(
      ['reconcile', '--config', configFile, '--concurrency', String(CONCURRENCY)],
      cliEnv(instance, { RELEASE_TRAIN_PULP_URL: proxyUrl, ...env }),
    );
  };
  /** Nothing the run printed holds the password, a session cookie or a CSRF token it sent. */
  const expectNoSecretsIn = (output: string) => {
    const secrets = [password, ...proxy.wireSecrets()];
    expect(secrets.length).toBeGreaterThanOrEqual(3); // the password, a session id and a CSRF token
    expect(secretsIn(output, secrets)).toEqual([]);
  };

  test('a run logs in once; every request after the login carries the session cookie and no Authorization', async () => {
    const prefix = `ses${name}a${Date.now() % 100000}`;
    const since = accessLogLength(instance);
    const result = await reconcile(prefix);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(loginRequests(instance, since)).toHaveLength(1);
    const login = proxy.requests.findIndex((r) => r.path === '/pulp/api/v3/login/' && r.method === 'POST');
    expect(proxy.requests[login]).toMatchObject({ authorization: 'Basic', status: 201 });
    const after = proxy.requests.slice(login + 1);
    expect(after.length).toBeGreaterThan(14); // 14 objects created, and their look-ups
    expect(after.filter((r) => r.authorization)).toEqual([]);
    expect(after.every((r) => /sessionid=/.test(r.cookie ?? ''))).toBe(true);
    expect(after.filter((r) => r.method !== 'GET').every((r) => r.csrfToken)).toBe(true);
    // The run ends its session.
    expect(after.at(-1)).toMatchObject({ method: 'DELETE', path: '/pulp/api/v3/login/', status: 204 });
    // Before the login, only the unauthenticated status.
    expect(proxy.requests.slice(0, login).map((r) => [r.path, r.authorization, r.cookie])).toEqual([
      ['/pulp/api/v3/status/', undefined, undefined],
    ]);
    // Connections are kept open: at most one per request in flight.
    expect(proxy.connectionCount).toBeLessThanOrEqual(CONCURRENCY);
    expectNoSecretsIn(result.stdout + result.stderr);
  });

  test("survives its session being deleted from Pulp's database mid-run: one new login, nothing lost", async () => {
    const prefix = `ses${name}b${Date.now() % 100000}`;
    const since = accessLogLength(instance);
    // Request 6 is well after the login (status, login, then the list calls): the session goes before it.
    proxy.before(6, () => void harnessSql(name, 'DELETE FROM django_session'));
    const result = await reconcile(prefix);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d+ change\(s\) applied \(14 objects in the config\)$/m);
    expect(loginRequests(instance, since)).toHaveLength(2);
    expect(accessLogLines(instance, since).filter((line) => / 401 [\d.]+$/.test(line)).length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => r.authorization && r.path !== '/pulp/api/v3/login/')).toEqual([]);
    // Everything is there: a rerun finds nothing to do.
    const again = await reconcile(prefix);
    expect(again.stdout.trim()).toBe('no changes (14 objects in the config)');
    expectNoSecretsIn(result.stdout + result.stderr + again.stdout + again.stderr);
  });

  test('a run that fails at Pulp after logging in shows neither the session cookie nor the CSRF token', async () => {
    const prefix = `ses${name}c${Date.now() % 100000}`;
    // Pulp refuses an all-digit password (Django's password validators): HTTP 400 on the user's create.
    const users = `\n  users:\n    - username: ${prefix}-ci\n      passwordEnv: RT_TEST_USER_PASSWORD`;
    const result = await reconcile(prefix, users, { RT_TEST_USER_PASSWORD: '12345678' });
    expect(result.status).toBe(7);
    expect(result.stderr).toMatch(/HTTP 400/);
    expect(loginRequests(instance).length).toBeGreaterThan(0);
    expectNoSecretsIn(result.stdout + result.stderr);
  });

  test("the harness's keep-alive front keeps a connection open across requests, as a deployment's proxy does", async () => {
    expect(instance.keepAliveUrl).not.toBe(instance.apiUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const request = http.get(`${instance.keepAliveUrl}/pulp/api/v3/status/`, { agent }, (response) => {
          reused.push(request.reusedSocket);
          expect(response.headers.connection).toBe('keep-alive');
          response.resume().on('end', resolve);
        });
        request.on('error', reject);
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
  });
});
