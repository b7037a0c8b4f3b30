// A loopback HTTP proxy in front of a real Pulp API that records what each request carried on the wire
// (method, path, which credentials, on which client connection), so a test can check how the client
// authenticates and how many connections it opens. A hook runs before a chosen request is forwarded, e.g.
// to delete the session on the server mid-run. The recorded credentials stay in memory, for the test to
// search the client's output for.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The Authorization header's scheme (`Basic`), if the request had one. */
  readonly authorization?: string;
  readonly cookie?: string;
  readonly csrfToken?: string;
  /** Which client connection carried it, counting from 1. */
  readonly connection: number;
  status?: number;
}

export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private connections = 0;
  private readonly server: http.Server;
  private readonly hooks = new Map<number, () => void | Promise<void>>();

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      (socket as { connectionNumber?: number }).connectionNumber = ++this.connections;
    });
  }

  start(): Promise<string> {
    return listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** Client connections accepted so far. */
  get connectionCount(): number {
    return this.connections;
  }

  /** Runs `hook` before the request numbered `index` (from 1) is forwarded. */
  before(index: number, hook: () => void | Promise<void>): void {
    this.hooks.set(index, hook);
  }

  /** Every cookie value and CSRF token that went over the wire: what must never show in any output. */
  wireSecrets(): string[] {
    const values = this.requests.flatMap((r) => [
      ...(r.cookie ?? '').split(';').map((pair) => pair.split('=').slice(1).join('=').trim()),
      r.csrfToken ?? '',
    ]);
    return [...new Set(values.filter(Boolean))];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization?.split(' ')[0],
      cookie: req.headers.cookie,
      csrfToken: req.headers['x-csrftoken'] as string | undefined,
      connection: (req.socket as { connectionNumber?: number }).connectionNumber ?? 0,
    };
    this.requests.push(recorded);
    await this.hooks.get(this.requests.length)?.();
    // A new connection upstream for each request: gunicorn's sync workers close every connection anyway.
    const forward = http.request(
      new URL(req.url ?? '/', this.upstream),
      { method: req.method, headers: req.headers, agent: false },
      (answer) => {
        recorded.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, withoutConnectionClose(answer.headers));
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  }
}

/** Pulp's `Connection: close` is about the proxy's upstream connection, not the client's. */
function withoutConnectionClose(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const { connection: _connection, ...rest } = headers;
  return rest;
}
