import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Data directories held by stores in this process (a pid file cannot tell two of them apart). */
const heldHere = new Set<string>();

/** What the lock file records: the owner's pid and, where the OS tells it, when that process started. */
interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux /proc): a reused pid has another one. */
  started?: string;
}

/**
 * Makes sure only one swf-local writes a data directory: two journals appended to the same file would corrupt it.
 * The lock is a `swf-local.pid` file; one left behind by a process that no longer exists (kill -9), or whose pid now
 * belongs to an unrelated process, is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const lockPath = join(dir, 'swf-local.pid');
  if (heldHere.has(dir)) throw inUse(dataDir, process.pid);
  mkdirSync(dir, { recursive: true });
  const me: LockOwner = { pid: process.pid, started: processStart(process.pid) };
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
  const started = processStart(owner.pid);
  if (started === undefined) return true; // no /proc: a live pid is all there is to go on
  if (owner.started !== undefined) return started === owner.started;
  // An older lock file holds only the pid: swf-local always runs in node, so another program has reused the pid.
  const command = processCommand(owner.pid);
  return command === undefined || command.startsWith('node');
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

/** Field 22 of /proc/<pid>/stat (start time); the fields are counted after the command name, which may hold spaces. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The command name in /proc/<pid>/stat (between the parentheses). */
function processCommand(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return undefined;
  }
}

function inUse(dataDir: string, pid: number): Error {
  const who = Number.isNaN(pid) ? 'another swf-local' : `swf-local process ${pid}`;
  return new Error(`data directory ${dataDir} is in use by ${who}: stop it, or pass another --data-dir`);
}
