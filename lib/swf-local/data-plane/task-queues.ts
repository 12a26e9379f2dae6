import { fault } from '../errors';

/** SWF allows 1,000 concurrent pollers per task list. */
export const MAX_POLLERS_PER_TASK_LIST = 1000;
/**
 * Queue length at which stale entries are first swept out; after a sweep the next one waits until the queue has
 * doubled, so sweeping costs O(1) per task however long a list nobody polls grows (100k after a restart).
 */
const PRUNE_THRESHOLD = 1000;

export interface QueuedTask {
  readonly runId: string;
  readonly scheduledEventId: number;
  /** Set for activity tasks. */
  readonly activityId?: string;
  readonly priority: number;
}

/** Tries to hand a task out; `undefined` when the task is no longer available (it was started, canceled, ...). */
export type TaskTaker<R> = (task: QueuedTask) => R | undefined;

interface Waiter {
  readonly signal: AbortSignal;
  /** Hands out the task; false when the task turned out to be stale (the waiter keeps waiting). */
  deliver(task: QueuedTask): boolean;
  /** Ends the wait with an empty answer. */
  cancel(): void;
}

interface Queue {
  /** Highest priority first, then first scheduled. */
  tasks: QueuedTask[];
  readonly ids: Set<string>;
  readonly waiters: Waiter[];
  /** The length at which the next sweep runs. */
  pruneAt: number;
}

/**
 * Task lists: the scheduled tasks waiting for a worker and the long polls waiting for a task. Scheduling a task wakes
 * the first waiting poller directly; a poller that went away (its request aborted) never takes a task.
 * Entries are checked again when taken, so stale ones (the task was canceled or timed out meanwhile) are dropped.
 */
export class TaskQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly dirty = new Set<string>();
  private closed = false;

  constructor(
    private readonly holdMs: () => number,
    private readonly isPending: (task: QueuedTask) => boolean,
  ) {}

  /** Adds a task; waiting pollers are only woken by `flush()` (so a task is never handed out mid-operation). */
  enqueue(key: string, task: QueuedTask): void {
    const queue = this.queue(key);
    const id = taskId(task);
    if (queue.ids.has(id)) return;
    if (queue.tasks.length >= queue.pruneAt) this.prune(queue);
    queue.ids.add(id);
    let index = queue.tasks.length;
    while (index > 0 && queue.tasks[index - 1].priority < task.priority) index--;
    queue.tasks.splice(index, 0, task);
    this.dirty.add(key);
  }

  /** Hands queued tasks to waiting pollers. */
  flush(): void {
    for (const key of this.dirty) {
      const queue = this.queues.get(key);
      if (!queue) continue;
      while (queue.waiters.length && queue.tasks.length) {
        const waiter = queue.waiters[0];
        if (waiter.signal.aborted) {
          waiter.cancel();
          continue;
        }
        waiter.deliver(this.shift(queue));
      }
    }
    this.dirty.clear();
  }

  /**
   * A long poll: a task at once if one is queued, else waits until one is scheduled, the hold time passes (answer
   * `undefined`), the client goes away, or the queues close.
   */
  poll<R>(key: string, signal: AbortSignal, take: TaskTaker<R>): R | undefined | Promise<R | undefined> {
    const queue = this.queue(key);
    while (queue.tasks.length) {
      const handedOut = take(this.shift(queue));
      if (handedOut !== undefined) return handedOut;
    }
    if (this.closed || signal.aborted) return undefined;
    if (queue.waiters.length >= MAX_POLLERS_PER_TASK_LIST) {
      throw fault('LimitExceededFault', `Too many pollers on this task list: at most ${MAX_POLLERS_PER_TASK_LIST} may wait at once`);
    }
    return new Promise<R | undefined>((resolve) => {
      const finish = (result: R | undefined) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = queue.waiters.indexOf(waiter);
        if (index >= 0) queue.waiters.splice(index, 1);
        resolve(result);
      };
      const onAbort = () => finish(undefined);
      const waiter: Waiter = {
        signal,
        deliver: (task) => {
          const handedOut = take(task);
          if (handedOut === undefined) return false;
          finish(handedOut);
          return true;
        },
        cancel: () => finish(undefined),
      };
      const timer = setTimeout(() => finish(undefined), this.holdMs());
      signal.addEventListener('abort', onAbort);
      queue.waiters.push(waiter);
    });
  }

  /** Tasks still waiting for a worker on this task list. */
  countPending(key: string): number {
    let count = 0;
    for (const task of this.queues.get(key)?.tasks ?? []) if (this.isPending(task)) count++;
    return count;
  }

  /** Answers every pending poll with an empty result; later polls answer empty at once. */
  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) for (const waiter of [...queue.waiters]) waiter.cancel();
  }

  /** Drops entries that went stale (timed out, canceled, execution closed) on a list nobody polls. */
  private prune(queue: Queue): void {
    queue.tasks = queue.tasks.filter((task) => this.isPending(task));
    queue.ids.clear();
    for (const task of queue.tasks) queue.ids.add(taskId(task));
    queue.pruneAt = Math.max(PRUNE_THRESHOLD, 2 * queue.tasks.length);
  }

  private shift(queue: Queue): QueuedTask {
    const task = queue.tasks.shift()!;
    queue.ids.delete(taskId(task));
    return task;
  }

  private queue(key: string): Queue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { tasks: [], ids: new Set(), waiters: [], pruneAt: PRUNE_THRESHOLD };
      this.queues.set(key, queue);
    }
    return queue;
  }
}

export function queueKey(domain: string, kind: 'decision' | 'activity', taskList: string): string {
  return JSON.stringify([domain, kind, taskList]);
}

function taskId(task: QueuedTask): string {
  return `${task.runId}/${task.scheduledEventId}`;
}
