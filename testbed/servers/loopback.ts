// Start and stop of the tests' own HTTP servers, on loopback only.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** Listens on a free port of 127.0.0.1 and returns the server's origin. */
export async function listenOnLoopback(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes the server and every connection it still holds. */
export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
