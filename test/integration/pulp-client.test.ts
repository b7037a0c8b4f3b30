// The Pulp client against the two real Pulp servers of the harness: "ark" on the newest pulpcore and
// "client" on the 3.85 LTS line, so both sides of each version quirk run for real.
import { AuthError, ForbiddenError, PulpClient, TaskFailedError } from '../../pulp';
import { accessLogLength, accessLogLineEventually, pulpClient, pulpInstance } from '../support/pulp';

interface Named {
  pulp_href: string;
  name: string;
  description?: string | null;
}

describe.each(['ark', 'client'] as const)('PulpClient on the real "%s" Pulp', (name) => {
  const instance = pulpInstance(name);
  const pulp = pulpClient(name);
  const prefix = `client-test-${name}-${Date.now()}`;

  test(`reports ready: pulpcore ${instance.versions.core}, rpm ${instance.versions.rpm}, deb ${instance.versions.deb}, container ${instance.versions.container}`, async () => {
    const status = await pulp.status();
    expect(status.database_connection.connected).toBe(true);
    expect(status.online_workers.length).toBeGreaterThanOrEqual(2);
    expect(status.versions.map((v) => v.component)).toEqual(
      expect.arrayContaining(['core', 'file', 'rpm', 'deb', 'container', 'certguard']),
    );
  });

  test('creates (201), updates (202 task) and reads a repository; a no-op PATCH is 200 from pulpcore 3.90 on', async () => {
    const created = await pulp.create<Named>('repositories/file/file/', { name: `${prefix}-repo` }, 'file repository');
    expect(created.name).toBe(`${prefix}-repo`);
    const updated = await pulp.update<Named>(created.pulp_href, { description: 'changed' }, 'file repository');
    expect(updated.description).toBe('changed');
    const before = accessLogLength(instance);
    const unchanged = await pulp.update<Named>(created.pulp_href, { description: 'changed' }, 'file repository');
    expect(unchanged.description).toBe('changed');
    const patch = await accessLogLineEventually(instance, before, (line) =>
      line.includes(` PATCH ${created.pulp_href}`),
    );
    const newPatchSemantics = Number(instance.versions.core.split('.')[1]) >= 90;
    expect(patch).toMatch(newPatchSemantics ? / 200 [\d.]+$/ : / 202 [\d.]+$/);
  });

  test('creates a distribution through a task and reads what the task created', async () => {
    const distribution = await pulp.create<Named & { base_path: string }>(
      'distributions/file/file/',
      { name: `${prefix}-dist`, base_path: `${prefix}/dist` },
      'file distribution',
    );
    expect(distribution).toMatchObject({ name: `${prefix}-dist`, base_path: `${prefix}/dist` });
    await pulp.remove(distribution.pulp_href, 'file distribution');
    await expect(pulp.list('distributions/file/file/', { name: `${prefix}-dist` })).resolves.toEqual([]);
  });

  test('pages through a list with every object once', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `${prefix}-page-${i}`);
    for (const repo of names) await pulp.create('repositories/file/file/', { name: repo });
    const listed = await pulp.list<Named>('repositories/file/file/', { name__startswith: `${prefix}-page-` }, 2);
    expect(listed.map((r) => r.name).sort()).toEqual(names);
  });

  test('a failed task is a TaskFailedError with Pulp description and the subject', async () => {
    const remote = await pulp.create<Named>('remotes/file/file/', {
      name: `${prefix}-unreachable`,
      url: 'http://127.0.0.1:9/PULP_MANIFEST',
    });
    const repo = await pulp.create<Named>('repositories/file/file/', { name: `${prefix}-sync` });
    const error = await pulp
      .action(`${repo.pulp_href}sync/`, { remote: remote.pulp_href }, { subject: `file repository "${prefix}-sync"` })
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^task /pulp/api/v3/tasks/[0-9a-f-]+/ \\(file repository "${prefix}-sync"\\) failed: .*127\\.0\\.0\\.1`,
      ),
    );
  });

  test('wrong credentials are an AuthError that carries no password', async () => {
    const wrong = new PulpClient({ baseUrl: instance.apiUrl, username: 'admin', password: 'not-the-password-x1' });
    const error = await wrong.list('repositories/').catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/HTTP 401: Invalid username\/password\.$/);
    expect((error as Error).message).not.toContain('not-the-password-x1');
  });

  test('a user without permissions gets a ForbiddenError on a write', async () => {
    const username = `${prefix}-reader`;
    await pulp.create('users/', { username, password: 'Reader-password-12345' });
    const reader = new PulpClient({ baseUrl: instance.apiUrl, username, password: 'Reader-password-12345' });
    await expect(reader.create('repositories/file/file/', { name: `${prefix}-denied` })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
