// A static file server on loopback for the test fixtures (upstream repositories), with a switch that
// stalls the response of a chosen path until released, for fault tests.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';
import * as path from 'node:path';

export class FixtureServer {
  readonly requests: string[] = [];
  private readonly server: http.Server;
  private readonly stalled = new Map<string, (() => void)[]>();

  constructor(private readonly root: string) {
    this.server = http.createServer((req, res) => {
      const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      this.requests.push(urlPath);
      const serve = () => this.serve(urlPath, res);
      const waiting = this.stalled.get(urlPath);
      if (waiting) waiting.push(serve);
      else serve();
    });
  }

  start(): Promise<string> {
    return listenOnLoopback(this.server);
  }

  /** Holds every request for `urlPath` until `release(urlPath)`. */
  stall(urlPath: string): void {
    this.stalled.set(urlPath, []);
  }

  release(urlPath: string): void {
    const waiting = this.stalled.get(urlPath) ?? [];
    this.stalled.delete(urlPath);
    waiting.forEach((serve) => serve());
  }

  async stop(): Promise<void> {
    for (const urlPath of [...this.stalled.keys()]) this.release(urlPath);
    await closeServer(this.server);
  }

  private serve(urlPath: string, res: http.ServerResponse): void {
    const file = path.join(this.root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(this.root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  }
}
