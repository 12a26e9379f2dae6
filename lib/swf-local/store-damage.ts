import { existsSync, linkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RawLine } from './store-lines';

/** Where a data-directory file could not be read, and why. */
export interface Damage {
  readonly file: string;
  /** 1-based line number; absent when the whole file is unusable. */
  readonly line?: number;
  readonly offset?: number;
  readonly problem: string;
}

/** What start-up says when it finds damage and was not asked to repair: one line, with the way out. */
export class DamagedDataError extends Error {
  constructor(
    readonly dataDir: string,
    readonly damage: Damage,
  ) {
    super(`swf-local: ${describeDamage(dataDir, damage)}; nothing was changed. ` +
      'Start once with --repair (the `repair` option) to keep every intact record and move the damaged file aside');
    this.name = 'DamagedDataError';
  }
}

export function describeDamage(dataDir: string, damage: Damage): string {
  const where = damage.line === undefined ? '' : ` at line ${damage.line} (byte offset ${damage.offset ?? 0})`;
  return `${join(dataDir, damage.file)} is damaged${where}: ${damage.problem}`;
}

/** Damage at a line of `file`. */
export function lineDamage(file: string, line: RawLine, problem: string): Damage {
  return { file, line: line.number, offset: line.offset, problem };
}

/**
 * Collects damage while loading. Without repair the first damage stops the load (DamagedDataError); with repair the
 * damaged line is skipped, remembered for the report, and its file is moved aside once the repaired state is safe.
 */
export class DamageLog {
  readonly found: Damage[] = [];

  constructor(
    private readonly dataDir: string,
    readonly repair: boolean,
  ) {}

  report(damage: Damage): void {
    if (!this.repair) throw new DamagedDataError(this.dataDir, damage);
    this.found.push(damage);
  }

  get files(): string[] {
    return [...new Set(this.found.map((damage) => damage.file))];
  }

  /**
   * Keeps a copy of every damaged file under a new name (a hard link: the copy is complete and instant), before the
   * repaired snapshot replaces the originals. Returns the names given.
   */
  setAside(stamp: string): string[] {
    const moved: string[] = [];
    for (const file of this.files) {
      const from = join(this.dataDir, file);
      if (!existsSync(from)) continue;
      let to = `${file}.damaged-${stamp}`;
      for (let n = 2; existsSync(join(this.dataDir, to)); n++) to = `${file}.damaged-${stamp}-${n}`;
      linkSync(from, join(this.dataDir, to));
      moved.push(basename(to));
    }
    return moved;
  }
}
