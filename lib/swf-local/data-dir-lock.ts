import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { processIdentity } from './process-identity';

/** Data directories held by stores in this process (a pid file cannot tell two of them apart). */
const heldHere = new Set<string>();

/** What the lock file records: the owner's pid and, where the OS tells it, when that process started. */
interface LockOwner {
  pid: number;
  /** Start time of the process as the OS reports it (see process-identity.ts): a reused pid has another one. */
  started?: string;
}

/**
 * Makes sure only one swf-local writes a data directory: two journals appended to the same file would corrupt it.
 * The lock is a `swf-local.pid` file; one left behind by a process that no longer exists (kill -9, including one
 * whose parent has not collected it yet: a zombie), or whose pid now belongs to an unrelated process, is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const lockPath = join(dir, 'swf-local.pid');
  if (heldHere.has(dir)) throw inUse(dataDir, process.pid);
  mkdirSync(dir, { recursive: true });
  const me: LockOwner = { pid: process.pid, started: processIdentity(process.pid)?.started };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      heldHere.add(dir);
      return () => {
        heldHere.delete(dir);
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(lockPath);
      if (owner && owner.pid !== process.pid && stillRunning(owner)) throw inUse(dataDir, owner.pid);
      rmSync(lockPath, { force: true }); // stale: its process is gone, or its pid was reused
    }
  }
  throw inUse(dataDir, Number.NaN);
}

/** The owner the lock file names; undefined when it names none (an empty or garbled file is stale). */
function readOwner(lockPath: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text) }; // written by an older swf-local
  try {
    const owner = JSON.parse(text) as LockOwner;
    if (Number.isSafeInteger(owner.pid) && (owner.started === undefined || typeof owner.started === 'string')) return owner;
  } catch {
    // garbled
  }
  return undefined;
}

/** Whether the lock's owner still runs: its pid is alive and is the same process (same start time), not a reuse. */
function stillRunning(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const identity = processIdentity(owner.pid);
  // The pid answers signals but the OS tells nothing more (no /proc, no ps): it may be swf-local, so keep out.
  if (identity === undefined) return true;
  if (identity.exited) return false; // killed, and only its exit status is left for its parent to collect
  if (owner.started !== undefined) return identity.started === owner.started;
  // An older lock file holds only the pid: swf-local always runs in node, so another program has reused the pid.
  return isNode(identity.program);
}

function isNode(program: string): boolean {
  return program.startsWith('node') || program === basename(process.execPath);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dataDir: string, pid: number): Error {
  const who = Number.isNaN(pid) ? 'another swf-local' : `swf-local process ${pid}`;
  return new Error(`data directory ${dataDir} is in use by ${who}: stop it, or pass another --data-dir`);
}
