// FakeGitHubApi: a loopback stand-in for the one GitHub Actions call the leak sweep makes,
// `GET /repos/{owner}/{repo}/actions/runs/{run_id}`, and the organisation lookup of terraform-provider-github's
// configure step (`GET /api/v3/orgs/{owner}`, with GITHUB_BASE_URL pointing here). Runs are set per test: a status (and conclusion),
// `'error'` for a 500, or absent for a 404. With a token set, a request without `Authorization: Bearer
// <token>` gets 401. It records every request and whether it carried the token.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from '../servers/loopback';

export type FakeRun = { readonly status: string; readonly conclusion?: string } | 'error';

export class FakeGitHubApi {
  readonly requests: { readonly path: string; readonly authorized: boolean }[] = [];
  readonly runs = new Map<string, FakeRun>();
  private readonly server: http.Server;

  constructor(
    private readonly repository: string,
    private readonly token?: string,
  ) {
    this.server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => this.answer(req, res));
    });
  }

  start(): Promise<string> {
    return listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '/';
    const authorized = !this.token || req.headers.authorization === `Bearer ${this.token}`;
    this.requests.push({ path, authorized });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized) return reply(401, { message: 'Bad credentials' });
    // The provider's configure step (a GitHub Enterprise-style base URL: REST under /api/v3/) asks whether
    // its owner is an organisation.
    const owner = this.repository.split('/')[0];
    if (req.method === 'GET' && path === `/api/v3/orgs/${owner}`) return reply(200, { login: owner, id: 1 });
    const match = /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)$/.exec(path);
    if (req.method !== 'GET' || !match || match[1] !== this.repository) {
      return reply(404, { message: `FakeGitHubApi does not fake ${req.method} ${path}` });
    }
    const run = this.runs.get(match[2]);
    if (run === undefined) return reply(404, { message: 'Not Found' });
    if (run === 'error') return reply(500, { message: 'Server Error' });
    reply(200, { id: Number(match[2]), status: run.status, conclusion: run.conclusion ?? null });
  }
}
