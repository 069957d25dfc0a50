import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

import type { SweepCell } from '../bench/sweep.ts';

/**
 * A queued training run. `cell.dir` is absolute: the sweep folder must be one
 * every worker reaches at the same path (a shared or network folder), which
 * is how results and run directories come back to one place.
 */
export interface RunJob {
  cell: SweepCell;
  /** Options every attempt gets (on a resume, only those `train --resume` accepts). */
  trainArgs: string[];
  /** A whole `train` command line for a new run (`train --queue`); else the cell's settings. */
  newRunArgs?: string[];
}

/** The job for a cell, its run directory made absolute. */
export function runJob(cell: SweepCell, trainArgs: string[], newRunArgs?: string[]): RunJob {
  return { cell: { ...cell, dir: resolve(cell.dir) }, trainArgs, ...(newRunArgs ? { newRunArgs } : {}) };
}

/** One job per run directory, so enqueueing a sweep twice does not run a cell twice. */
export function jobIdOf(cell: SweepCell): string {
  return `run-${createHash('sha1').update(resolve(cell.dir)).digest('hex').slice(0, 16)}`;
}

/** How many times a run is tried before the sweep reports it failed. */
export const ATTEMPTS = 3;
