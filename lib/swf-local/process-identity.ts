import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** What the OS says about a running process: enough to tell it from another that got the same pid later. */
export interface ProcessIdentity {
  /** When it started, in the OS's own terms (clock ticks since boot from /proc, or `ps -o lstart`). */
  readonly started: string;
  /** The program it runs (for example `node`), without its arguments. */
  readonly program: string;
  /** True for a zombie: it has exited and only waits for its parent to collect its status. */
  readonly exited: boolean;
}

/**
 * The identity of process `pid`, or undefined when there is none. Linux answers from /proc; elsewhere (macOS, the
 * BSDs) `ps` does, which every POSIX system has. `source` picks one (tests use it to run the `ps` path on Linux).
 */
export function processIdentity(pid: number, source: 'auto' | 'proc' | 'ps' = 'auto'): ProcessIdentity | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (source !== 'ps') {
    const fromProc = procIdentity(pid);
    if (fromProc !== undefined || source === 'proc') return fromProc === null ? undefined : fromProc;
  }
  return psIdentity(pid);
}

/** From /proc/<pid>/stat; null when /proc has no such process, undefined when there is no /proc at all. */
function procIdentity(pid: number): ProcessIdentity | null | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    try {
      readFileSync('/proc/self/stat');
      return null;
    } catch {
      return undefined;
    }
  }
  // Fields after the command name (which may hold spaces and parentheses): state is the first, start time the 20th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    started: fields[19],
    program: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    exited: fields[0] === 'Z' || fields[0] === 'X',
  };
}

function psIdentity(pid: number): ProcessIdentity | undefined {
  const ps = spawnSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-o', 'comm=', '-p', String(pid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    timeout: 5_000,
  });
  const line = ps.status === 0 ? ps.stdout.trim() : '';
  // stat, then lstart (five words: "Sat Nov 28 12:14:57 2026"), then the command.
  const match = /^(\S+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.+)$/.exec(line);
  if (!match) return undefined;
  return { started: match[2].replace(/\s+/g, ' '), program: basename(match[3].trim()), exited: match[1].startsWith('Z') };
}
