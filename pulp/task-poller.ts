// Waiting on Pulp tasks. Every task awaited at once shares one poll: when any is due, all are read in one
// call (one GET for a single task, else a list filtered by pulp_href__in), so N tasks running side by side
// (a reconcile or promotion with --concurrency N) cost one call per poll instead of N. Each task's poll
// interval still backs off on its own, from its start. With several tasks awaited, polls are at least the
// initial interval times their number apart: the tasks queue in Pulp's few workers and finish a few a
// second at most, and every poll costs the API CPU those workers need (bench:peers (a), 200 distribution
// tasks at concurrency 8: 394 polls without this; the real-size reconcile, 1,126: 1,047 with a gap only
// after polls that found nothing finished). Only the first read of an update's or delete's task, which
// Pulp may have run before answering, goes out at once.
import { TaskAbandonedError, TaskFailedError, TimeoutError } from './errors';

export type TaskState = 'waiting' | 'skipped' | 'running' | 'completed' | 'failed' | 'canceled' | 'canceling';

export interface ProgressReport {
  readonly message: string;
  readonly code: string;
  readonly state: string;
  readonly total: number | null;
  readonly done: number;
}

export interface Task {
  readonly pulp_href: string;
  readonly name: string;
  readonly state: TaskState;
  readonly error?: { readonly description?: string; readonly reason?: string } | null;
  readonly progress_reports?: readonly ProgressReport[];
  readonly created_resources?: readonly string[];
}

export interface WaitOptions {
  /** Named in errors, e.g. `rpm repository "rocky-9-baseos"`. */
  readonly subject?: string;
  readonly timeoutMs?: number;
  /** Called after each poll with the task as Pulp reports it. */
  readonly onProgress?: (task: Task) => void;
}

export interface TaskPollerOptions {
  readonly taskTimeoutMs: number;
  readonly taskPollInitialMs: number;
  readonly taskPollMaxMs: number;
  readonly abandonCheckMs: number;
}

/** How the poller reads tasks and asks whether a running one lost its worker (PulpClient's calls). */
export interface TaskReader {
  /** The tasks of these hrefs as Pulp reports them now; a missing one is read alone next time. */
  read(hrefs: readonly string[], subject?: string): Promise<readonly Task[]>;
  heldByNoWorker(href: string): Promise<boolean>;
}

const FINAL_STATES: readonly TaskState[] = ['completed', 'failed', 'canceled', 'skipped'];

interface Waiter {
  readonly href: string;
  readonly options: WaitOptions;
  /** Not read yet, and maybe done already (an update's or delete's task): its first poll ignores the gap. */
  eager: boolean;
  readonly deadline: number;
  interval: number;
  nextPoll: number;
  readonly abandonment: { nextCheck: number; strikes: number };
  resolve(task: Task): void;
  reject(error: unknown): void;
}

export class TaskPoller {
  private readonly waiters = new Set<Waiter>();
  /** No poll before this (but a first read that may find its task done): set after a poll of several. */
  private quietUntil = 0;
  private running = false;
  private wake?: () => void;

  constructor(
    private readonly options: TaskPollerOptions,
    private readonly reader: TaskReader,
  ) {}

  /**
   * The task in a final state (a failed or canceled one is a TaskFailedError), or a TimeoutError.
   * `firstPollMs`: how soon it may have finished (0 for an update or delete, which Pulp may have run in the
   * API process before answering).
   */
  wait(href: string, options: WaitOptions = {}, firstPollMs = 0): Promise<Task> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      this.waiters.add({
        href,
        options,
        deadline: now + (options.timeoutMs ?? this.options.taskTimeoutMs),
        interval: this.options.taskPollInitialMs,
        nextPoll: now + firstPollMs,
        eager: firstPollMs === 0,
        abandonment: { nextCheck: now + this.options.abandonCheckMs, strikes: 0 },
        resolve,
        reject,
      });
      this.wake?.();
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.waiters.size === 0) {
        this.running = false; // set in the same turn as the check: a wait() after it starts a new loop
        return;
      }
      const next = Math.min(
        ...[...this.waiters].map((w) => (w.eager ? w.nextPoll : Math.max(w.nextPoll, this.quietUntil))),
      );
      if (next > Date.now()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, next - Date.now());
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        continue;
      }
      // A poll goes out anyway: it reads every task awaited, not only the due ones.
      await this.poll([...this.waiters]);
    }
  }

  private async poll(waiters: readonly Waiter[]): Promise<void> {
    let tasks: readonly Task[];
    try {
      tasks = await this.reader.read(
        waiters.map((w) => w.href),
        waiters.length === 1 ? waiters[0].options.subject : undefined,
      );
    } catch (error) {
      for (const waiter of waiters) this.settle(waiter, () => waiter.reject(error));
      return;
    }
    const byHref = new Map(tasks.map((task) => [task.pulp_href, task]));
    for (const waiter of waiters) waiter.eager = false;
    await Promise.all(
      waiters.map(async (waiter) => {
        const task = byHref.get(waiter.href);
        if (!task) {
          waiter.nextPoll = Date.now() + waiter.interval;
          return;
        }
        try {
          const final = await this.check(waiter, task);
          if (final) this.settle(waiter, () => waiter.resolve(final));
        } catch (error) {
          this.settle(waiter, () => waiter.reject(error));
        }
      }),
    );
    const { taskPollInitialMs, taskPollMaxMs } = this.options;
    const gap = waiters.length > 1 ? Math.min(taskPollMaxMs, taskPollInitialMs * waiters.length) : 0;
    this.quietUntil = Date.now() + gap;
  }

  /** The task if it is done; throws if it failed, was abandoned or ran out of time; else schedules the next poll. */
  private async check(waiter: Waiter, task: Task): Promise<Task | undefined> {
    const { options, abandonment } = waiter;
    options.onProgress?.(task);
    if (task.state === 'running' && Date.now() >= abandonment.nextCheck) {
      abandonment.nextCheck = Date.now() + this.options.abandonCheckMs;
      abandonment.strikes = (await this.reader.heldByNoWorker(task.pulp_href)) ? abandonment.strikes + 1 : 0;
      if (abandonment.strikes >= 2) throw new TaskAbandonedError(task.pulp_href, options.subject);
    }
    if (FINAL_STATES.includes(task.state)) {
      if (task.state === 'failed' || task.state === 'canceled') {
        const description = task.error?.description ?? task.error?.reason ?? 'no error reported';
        throw new TaskFailedError(task.pulp_href, task.state, description.split('\n')[0], options.subject);
      }
      return task;
    }
    if (Date.now() + waiter.interval > waiter.deadline) {
      throw new TimeoutError(
        `task ${waiter.href}${options.subject ? ` (${options.subject})` : ''} still ${task.state} after ${
          (options.timeoutMs ?? this.options.taskTimeoutMs) / 1000
        } s; it keeps running in Pulp`,
        waiter.href,
      );
    }
    waiter.nextPoll = Date.now() + waiter.interval;
    waiter.interval = Math.min(Math.ceil(waiter.interval * 1.5), this.options.taskPollMaxMs);
    return undefined;
  }

  private settle(waiter: Waiter, settle: () => void): void {
    this.waiters.delete(waiter);
    settle();
  }
}
