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
