// `release-train wait-ready` against the real Pulps: ready at once when up; a Pulp that never answers is
// reported as not ready, with what is missing, when the timeout passes.
import { cliEnv, runCliAsync } from '../support/cli';
import { pulpInstance } from '../support/pulp';

test('a running Pulp is ready: database, workers and content app', async () => {
  const client = pulpInstance('client');
  const result = await runCliAsync(['wait-ready', '--workers', '2'], cliEnv(client));
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^ready: pulpcore 3\.85\.\d+, 2 task worker\(s\) online$/m);
  expect(result.status).toBe(0);
});

test('asking for more workers than run, or a Pulp that does not answer, times out with the reason', async () => {
  const client = pulpInstance('client');
  const tooMany = await runCliAsync(['wait-ready', '--workers', '5', '--timeout', '3'], cliEnv(client));
  expect(tooMany.status).toBe(5);
  expect(tooMany.stdout).toContain('waiting: 2 of 5 task workers online');
  expect(tooMany.stderr).toMatch(/not ready after 3 s: 2 of 5 task workers online/);

  // Port 9 (discard) is closed on loopback.
  const down = await runCliAsync(['wait-ready', '--timeout', '2'], {
    ...cliEnv(client),
    RELEASE_TRAIN_PULP_URL: 'http://127.0.0.1:9',
  });
  expect(down.status).toBe(5);
  expect(down.stderr).toMatch(/not ready after 2 s: unreachable/);
});
