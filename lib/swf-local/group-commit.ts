import type { Store } from './store';

/**
 * Makes changes durable for many requests with one fsync. Each caller gets a promise that settles after a commit
 * that started after it asked, so everything it changed (and everything it read that others changed) is on disk
 * before it answers. Requests finishing in the same turn of the event loop share that commit.
 * A store without a data directory has nothing to sync, so callers there are answered at once. `onFailure` runs once
 * the callers of a failed commit have been told (the store is then read back from disk, which ends open long polls).
 */
export function createGroupCommit(store: Store, onFailure: () => void = () => undefined): () => Promise<void> {
  if (!store.durable) {
    return async () => store.commit();
  }
  let waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  const run = () => {
    const batch = waiting;
    waiting = [];
    try {
      store.commit();
    } catch (err) {
      for (const waiter of batch) waiter.reject(err);
      onFailure();
      return;
    }
    for (const waiter of batch) waiter.resolve();
  };
  return () =>
    new Promise<void>((resolve, reject) => {
      if (waiting.push({ resolve, reject }) === 1) setImmediate(run);
    });
}
