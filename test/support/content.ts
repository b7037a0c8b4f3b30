// Reads through a Pulp content app as a given user, the way dnf, apt or a client remote would.
import * as http from 'node:http';

/** Status and body of a GET with basic auth, on a fresh connection. */
export function download(url: string, user: string, password: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, auth: `${user}:${password}`, timeout: 60_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
  });
}

/**
 * The access part of a test's content config as Ark has it (DOMAIN.md §6): the `development` and `release`
 * guards, the `stackhpc` (clients) and `stackhpc-dev` groups, and `<prefix>-client` (released content
 * only) with its password from RT_TEST_CLIENT_PASSWORD, plus `<prefix>-dev` from RT_TEST_DEV_PASSWORD unless
 * `withDevUser` is false. YAML lines indented for the `content:` section.
 */
export function arkAccessYaml(prefix: string, withDevUser = true): string {
  const dev = `    - username: ${prefix}-dev
      groups: [stackhpc-dev]
      passwordEnv: RT_TEST_DEV_PASSWORD
`;
  return `  contentGuards:
    - name: development
      groups: [stackhpc-dev]
    - name: release
      groups: [stackhpc, stackhpc-dev]
  groups: [stackhpc, stackhpc-dev]
  users:
    - username: ${prefix}-client
      groups: [stackhpc]
      passwordEnv: RT_TEST_CLIENT_PASSWORD
${withDevUser ? dev : ''}`;
}
