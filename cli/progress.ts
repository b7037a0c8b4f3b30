// Live progress of Pulp tasks: on a terminal, one redrawn bar per running subject; elsewhere (CI logs,
// pipes, Terraform's local-exec) plain lines, printed only when a report changes.
import { Task } from '../pulp';

/** What a terminal needs: process.stdout or a test double. */
export interface TerminalStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
const MIB = 1024 * 1024;
/** A transfer's bar is redrawn at most this often (a hash reports every MiB). */
const REDRAW_MS = 100;

function barOf(done: number, total: number): string {
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** `[#########---------------]` for done/total; an unknown total shows a count only. */
export function renderBar(done: number, total: number | null | undefined): string {
  if (!total) return `${done}`;
  return `${barOf(done, total)} ${done}/${total}`;
}

/** `[############------------] 25.0/50.0 MiB, 85.3 MiB/s`: bytes done of a transfer, and its rate when known. */
export function renderTransfer(done: number, total: number, bytesPerSecond?: number): string {
  const mib = (bytes: number) => (bytes / MIB).toFixed(1);
  const rate = bytesPerSecond === undefined ? '' : `, ${mib(bytesPerSecond)} MiB/s`;
  return `${total > 0 ? `${barOf(done, total)} ` : ''}${mib(done)}/${mib(total)} MiB${rate}`;
}

export class ProgressView {
  private readonly active = new Map<string, string>();
  private readonly seen = new Map<string, string>();
  private readonly transfers = new Map<
    string,
    { startedAt: number; startBytes: number; tenth: number; drawnAt: number }
  >();
  private drawn = 0;

  /**
   * @param out where plain lines and final lines go
   * @param terminal a TTY to draw bars on; without one, plain lines
   */
  constructor(
    private readonly out: (line: string) => void,
    private readonly terminal?: TerminalStream,
  ) {}

  /** Bars on stdout when it is a terminal and the output is for people; else plain lines (JSON: on stderr). */
  static forCommand(out: (line: string) => void, json: boolean): ProgressView {
    if (json) return new ProgressView((line) => process.stderr.write(`${line}\n`));
    return new ProgressView(out, process.stdout.isTTY ? process.stdout : undefined);
  }

  update(subject: string, task: Task): void {
    const reports = task.progress_reports ?? [];
    if (!this.terminal) {
      for (const report of reports) {
        const line = `${subject}: ${report.message} ${report.done}${report.total ? `/${report.total}` : ''} (${report.state})`;
        const key = `${subject}\0${report.code}`;
        if (this.seen.get(key) !== line) {
          this.seen.set(key, line);
          this.out(line);
        }
      }
      return;
    }
    const current = [...reports].reverse().find((r) => r.state === 'running') ?? reports[reports.length - 1];
    if (!current) return;
    this.active.set(subject, `${subject}: ${renderBar(current.done, current.total)} ${current.message}`);
    this.redraw();
  }

  /**
   * Bytes moving (a file hashed, an upload): on a terminal a bar with bytes and rate, redrawn at most every
   * 100 ms; elsewhere a plain line at each tenth of the total. The rate counts from the first report, so a
   * resumed upload's rate is that of the bytes it sends.
   */
  transfer(subject: string, done: number, total: number, now = Date.now()): void {
    let transfer = this.transfers.get(subject);
    if (!transfer) {
      transfer = { startedAt: now, startBytes: done, tenth: -1, drawnAt: 0 };
      this.transfers.set(subject, transfer);
    }
    const seconds = (now - transfer.startedAt) / 1000;
    const line = `${subject}: ${renderTransfer(done, total, seconds > 0 ? (done - transfer.startBytes) / seconds : undefined)}`;
    if (!this.terminal) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth !== transfer.tenth) {
        transfer.tenth = tenth;
        this.out(line);
      }
      return;
    }
    this.active.set(subject, line);
    if (now - transfer.drawnAt >= REDRAW_MS || done >= total) {
      transfer.drawnAt = now;
      this.redraw();
    }
  }

  /** The subject is done: its bar gives way to a permanent line. */
  finish(subject: string, line: string): void {
    this.active.delete(subject);
    this.transfers.delete(subject);
    if (!this.terminal) {
      this.out(line);
      return;
    }
    this.clear();
    this.terminal.write(`${line}\n`);
    this.redraw();
  }

  private clear(): void {
    if (this.drawn > 0) this.terminal!.write(`\x1b[${this.drawn}A\r\x1b[0J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    // A wrapped line would break the cursor arithmetic, so lines are cut to the terminal's width.
    const width = Math.max(20, (this.terminal!.columns || 80) - 1); // 0 on a pty with no size set
    for (const line of this.active.values()) this.terminal!.write(`${line.slice(0, width)}\n`);
    this.drawn = this.active.size;
  }
}
