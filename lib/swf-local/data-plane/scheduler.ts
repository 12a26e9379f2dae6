/** setTimeout's ceiling (about 24.8 days); later deadlines are simply re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  readonly key: string;
  readonly at: number;
}

/**
 * One timer for all deadlines: each execution registers its earliest deadline (computed from its record), and the
 * single Node timer is armed for the earliest of them. When it fires, every due execution is handed to `onDue`, which
 * processes what is due and registers the execution's next deadline again.
 *
 * The deadlines sit in a min-heap, so with 100k open executions setting one or firing one costs O(log n), not a scan.
 * A changed or cleared deadline leaves its old heap entry behind; entries that no longer match `deadlines` are skipped
 * when they surface, and the heap is rebuilt once stale entries outnumber live ones.
 */
export class DeadlineScheduler {
  private readonly deadlines = new Map<string, number>();
  private heap: Entry[] = [];
  private timer?: NodeJS.Timeout;
  private armedFor?: number;
  /** While due deadlines are handed out: the timer is armed once at the end, not at every deadline they set. */
  private firing = false;
  private closed = false;

  constructor(
    private readonly now: () => number,
    private readonly onDue: (key: string) => void,
  ) {}

  /** Sets (or with `undefined` clears) the key's earliest deadline, in epoch ms. */
  set(key: string, at: number | undefined): void {
    if (this.deadlines.get(key) === at) return;
    if (at === undefined) this.deadlines.delete(key);
    else {
      this.deadlines.set(key, at);
      this.push({ key, at });
    }
    if (this.heap.length > 2 * this.deadlines.size + 1024) this.rebuild();
    if (at !== undefined && !this.firing && (this.armedFor === undefined || at < this.armedFor)) this.arm();
  }

  close(): void {
    this.closed = true;
    this.deadlines.clear();
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
    if (this.closed) return;
    const earliest = this.peek();
    if (earliest === undefined) return;
    this.armedFor = earliest.at;
    const delay = Math.min(Math.max(earliest.at - this.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    const now = this.now();
    const due: string[] = [];
    for (let next = this.peek(); next !== undefined && next.at <= now; next = this.peek()) {
      this.pop();
      this.deadlines.delete(next.key);
      due.push(next.key);
    }
    this.firing = true;
    try {
      for (const key of due) {
        if (this.closed) return;
        this.onDue(key);
      }
    } finally {
      this.firing = false;
    }
    this.arm();
  }

  /** The earliest live entry (stale ones on top are dropped). */
  private peek(): Entry | undefined {
    while (this.heap.length) {
      const top = this.heap[0];
      if (this.deadlines.get(top.key) === top.at) return top;
      this.pop();
    }
    return undefined;
  }

  private rebuild(): void {
    this.heap = [];
    for (const [key, at] of this.deadlines) this.push({ key, at });
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].at <= entry.at) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (!heap.length) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const child = left + 1 < heap.length && heap[left + 1].at < heap[left].at ? left + 1 : left;
      if (heap[child].at >= last.at) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = last;
  }
}
