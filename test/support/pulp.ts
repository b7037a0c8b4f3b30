// Access to the real Pulp servers that the integration setup started (scripts/pulp-harness.ts).
import * as fs from 'node:fs';
import { HarnessState, PulpInstanceState } from '../../testbed/pulp/harness';
import { PulpClient, PulpClientOptions } from '../../pulp';

export function harnessState(): HarnessState {
  const file = process.env.RELEASE_TRAIN_PULP_STATE;
  if (!file) throw new Error('no Pulp harness: integration tests run through jest --selectProjects integration');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function pulpInstance(name: 'ark' | 'client'): PulpInstanceState {
  const instance = harnessState().instances[name];
  if (!instance) throw new Error(`the harness has no Pulp "${name}"`);
  return instance;
}

export function adminPassword(instance: PulpInstanceState): string {
  return fs.readFileSync(instance.passwordFile, 'utf8').trim();
}

export function pulpClient(name: 'ark' | 'client', options: Partial<PulpClientOptions> = {}): PulpClient {
  const instance = pulpInstance(name);
  return new PulpClient({
    baseUrl: instance.apiUrl,
    username: instance.username,
    password: adminPassword(instance),
    ...options,
  });
}

/** Requests in the API's access log after `since` lines, without the status polls. */
export function accessLogLines(instance: PulpInstanceState, since = 0): string[] {
  return fs
    .readFileSync(instance.apiAccessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(since)
    .filter((line) => !line.includes(' /pulp/api/v3/status/'));
}

export function accessLogLength(instance: PulpInstanceState): number {
  return fs.readFileSync(instance.apiAccessLog, 'utf8').split('\n').filter(Boolean).length;
}

/**
 * The writes (POST, PATCH, PUT, DELETE) in the API's access log after `since` lines; a run's login and logout
 * (`login/`) change no Pulp object and are not counted.
 */
export function writeRequests(instance: PulpInstanceState, since = 0): string[] {
  return accessLogLines(instance, since).filter(
    (line) => /\] (POST|PATCH|PUT|DELETE) /.test(line) && !line.includes(' /pulp/api/v3/login/'),
  );
}

/** The logins (`POST login/`) in the API's access log after `since` lines. */
export function loginRequests(instance: PulpInstanceState, since = 0): string[] {
  return accessLogLines(instance, since).filter((line) => line.includes('] POST /pulp/api/v3/login/'));
}

/**
 * The first access-log line after `since` that `matches`, waiting up to `timeoutMs`: gunicorn writes a
 * request's line after it has sent the response, so a test can be faster than the log.
 */
export async function accessLogLineEventually(
  instance: PulpInstanceState,
  since: number,
  matches: (line: string) => boolean,
  timeoutMs = 5000,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = accessLogLines(instance, since).find(matches);
    if (line || Date.now() > deadline) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
