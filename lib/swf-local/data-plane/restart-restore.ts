import { performance } from 'node:perf_hooks';

/** How long one background slice may hold the event loop: a request waits at most this long behind the restore. */
const SLICE_MS = 10;
/** Executions revived between two looks at the clock. */
const BATCH = 256;

/**
 * After a restart, every open execution must get its waiting tasks queued and its deadlines re-armed, which means
 * parsing each one: about a second for 100k. So swf-local answers first and does this in short slices between
 * requests. Whatever could hand out, count or add a task, or fire a deadline, calls `finish()` first (see
 * DataPlane.mutate): then tasks are queued in the same order as if all of it had run at start, and a poll still gets
 * the oldest task. Reads that touch no task list (describe, history, visibility) do not wait for it.
 */
export class RestartRestore {
  private next = 0;
  private immediate?: NodeJS.Immediate;
  private readonly started = performance.now();

  constructor(
    private readonly runIds: readonly string[],
    /** Queues the tasks and arms the deadlines of these open executions. */
    private readonly revive: (runIds: readonly string[]) => void,
    private readonly done: (count: number, ms: number) => void,
  ) {
    if (runIds.length) this.immediate = setImmediate(() => this.slice());
    else this.next = Number.POSITIVE_INFINITY;
  }

  get pending(): boolean {
    return this.next < this.runIds.length;
  }

  /** Revives everything not revived yet, now. */
  finish(): void {
    if (!this.pending) return;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    const rest = this.runIds.slice(this.next);
    this.next = this.runIds.length;
    this.revive(rest);
    this.done(this.runIds.length, performance.now() - this.started);
  }

  /** Stops reviving (the data plane is closing). */
  cancel(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.next = Number.POSITIVE_INFINITY;
  }

  private slice(): void {
    this.immediate = undefined;
    const until = performance.now() + SLICE_MS;
    while (this.pending && performance.now() < until) {
      const batch = this.runIds.slice(this.next, this.next + BATCH);
      this.next += batch.length;
      this.revive(batch);
    }
    if (this.pending) this.immediate = setImmediate(() => this.slice());
    else this.done(this.runIds.length, performance.now() - this.started);
  }
}
