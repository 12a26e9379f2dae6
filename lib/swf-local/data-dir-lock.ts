import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Data directories held by stores in this process (a pid file cannot tell two of them apart). */
const heldHere = new Set<string>();

/**
 * Makes sure only one swf-local writes a data directory: two journals appended to the same file would corrupt it.
 * The lock is a `swf-local.pid` file; one left behind by a process that no longer exists (kill -9) is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const lockPath = join(dir, 'swf-local.pid');
  if (heldHere.has(dir)) throw inUse(dataDir, process.pid);
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      heldHere.add(dir);
      return () => {
        heldHere.delete(dir);
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner !== process.pid && isAlive(owner)) throw inUse(dataDir, owner);
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw inUse(dataDir, Number.NaN);
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
