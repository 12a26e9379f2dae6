/** setTimeout's ceiling (about 24.8 days); later deadlines are simply re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One timer for all deadlines: each execution registers its earliest deadline (computed from its record), and the
 * single Node timer is armed for the earliest of them. When it fires, every due execution is handed to `onDue`, which
 * processes what is due and registers the execution's next deadline again.
 */
export class DeadlineScheduler {
  private readonly deadlines = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private armedFor?: number;
  private closed = false;

  constructor(
    private readonly now: () => number,
    private readonly onDue: (key: string) => void,
  ) {}

  /** Sets (or with `undefined` clears) the key's earliest deadline, in epoch ms. */
  set(key: string, at: number | undefined): void {
    if (at === undefined) this.deadlines.delete(key);
    else this.deadlines.set(key, at);
    if (at !== undefined && (this.armedFor === undefined || at < this.armedFor)) this.arm();
  }

  close(): void {
    this.closed = true;
    this.deadlines.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
    if (this.closed) return;
    let earliest: number | undefined;
    for (const at of this.deadlines.values()) if (earliest === undefined || at < earliest) earliest = at;
    if (earliest === undefined) return;
    this.armedFor = earliest;
    const delay = Math.min(Math.max(earliest - this.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    const now = this.now();
    const due = [...this.deadlines].filter(([, at]) => at <= now).map(([key]) => key);
    for (const key of due) {
      this.deadlines.delete(key);
      if (this.closed) return;
      this.onDue(key);
    }
    this.arm();
  }
}
