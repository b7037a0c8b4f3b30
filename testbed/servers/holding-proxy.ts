// A loopback HTTP proxy in front of a real Pulp API that records the chunk uploads passing through it and can
// hold one back: the test then knows exactly how much of an upload Pulp got when it kills the uploader.
import * as http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

export interface ChunkPut {
  readonly path: string;
  readonly contentRange: string;
  readonly status: number;
}

export class HoldingProxy {
  /** Every PUT forwarded and answered, in order. */
  readonly puts: ChunkPut[] = [];
  private readonly server: http.Server;
  private holdAfter = Infinity;
  private onHeld?: () => void;

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  start(): Promise<string> {
    return listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /**
   * Forwards `count` more PUTs, then holds the next one unanswered (never sent to Pulp); resolves once it
   * holds it. `release()` lets PUTs through again.
   */
  holdAfterPuts(count: number): Promise<void> {
    this.holdAfter = this.puts.length + count;
    return new Promise((resolve) => (this.onHeld = resolve));
  }

  release(): void {
    this.holdAfter = Infinity;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'PUT' && this.puts.length >= this.holdAfter) {
      req.resume(); // read and drop the chunk: Pulp never sees it
      this.onHeld?.();
      return;
    }
    const target = new URL(req.url ?? '/', this.upstream);
    const forward = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => {
        if (req.method === 'PUT') {
          this.puts.push({
            path: target.pathname,
            contentRange: String(req.headers['content-range']),
            status: answer.statusCode ?? 0,
          });
        }
      });
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  }
}
