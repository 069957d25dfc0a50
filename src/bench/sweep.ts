import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../env/files.ts';
import { isComplete, RunDir } from '../loop/run-dir.ts';
import type { SettingsInput } from '../loop/settings.ts';
import type { RunRequest } from '../loop/train.ts';

/** One training run of a sweep. */
export interface SweepCell {
  game: string;
  horizon: number;
  batch: number;
  seed: number;
  /** The run directory, named by its settings, so a sweep finds its finished runs again. */
  dir: string;
}

export interface SweepOptions {
  games: string[];
  horizons: number[];
  /** Horizons per game, where they differ by game (bench:paper); else `horizons` for all. */
  horizonsByGame?: Record<string, number[]>;
  batches: number[];
  seeds: number;
  out: string;
  /** Settings every run gets (iterations, optimizer, evaluation...), keyed as config files key them. */
  settings: Partial<SettingsInput>;
  /** The ROM folder. */
  roms: string;
  /** Runs at once (each is a process). */
  jobs: number;
}

export function planSweep(o: SweepOptions): SweepCell[] {
  const cells: SweepCell[] = [];
  for (const game of o.games) {
    for (const horizon of o.horizonsByGame?.[game] ?? o.horizons) {
      for (const batch of o.batches) {
        for (let seed = 0; seed < o.seeds; seed++) {
          cells.push({ game, horizon, batch, seed, dir: join(o.out, 'runs', `${game}-h${horizon}-b${batch}-s${seed}`) });
        }
      }
    }
  }
  return cells;
}

export type CellState = 'done' | 'partial' | 'new';

/** done: the run ended (finished, target, budget, or failed for good); partial: it has a run directory to resume; new: not started. */
export function cellState(cell: SweepCell): CellState {
  if (!existsSync(join(cell.dir, 'config.json'))) return 'new';
  const status = new RunDir(cell.dir).checkpoint()?.status;
  return isComplete(status) || status === 'failed' ? 'done' : 'partial';
}

export interface CellOutcome {
  cell: SweepCell;
  state: CellState;
  code: number | null;
  stderr: string;
}

/** How a run of the sweep ended, for progress lines: "finished", "resumed and finished", "FAILED (exit 1): ...". */
export function outcomeText(r: CellOutcome): string {
  if (r.code !== 0) return `FAILED (exit ${r.code}): ${r.stderr.trim().split('\n').at(-1)}`;
  return r.state === 'partial' ? 'resumed and finished' : 'finished';
}

const BIN = join(projectRoot, 'bin', 'horizon-arcade.js');

const running = new Set<ChildProcess>();

/** Interrupts every trainer process this process started (they stop after their current step). */
export function interruptRuns(): void {
  for (const child of running) child.kill('SIGINT');
}

/**
 * What a cell's run is: a new run with the sweep's settings and the cell's own
 * (game, horizon, batch, seed), or the resume of an interrupted one.
 */
export function cellRequest(cell: SweepCell, settings: Partial<SettingsInput>, roms: string, state: CellState): RunRequest {
  if (state === 'partial') return { dir: cell.dir, resume: true, settings, roms };
  return { dir: cell.dir, resume: false, settings: { ...settings, game: cell.game, horizon: cell.horizon, batch: cell.batch, seed: cell.seed }, roms };
}

/**
 * Trains one run in a process of its own (so runs go on several cores, and a
 * crash ends only its run): the trainer (`horizon-arcade _run`) gets the
 * request on its IPC channel and calls the training function with it.
 */
export function runCell(cell: SweepCell, request: RunRequest, state: CellState): Promise<CellOutcome> {
  return new Promise((resolve) => {
    // Started without the bin wrapper's re-launch, so the trainer is this
    // process's own child: it exits when its IPC channel closes, as it does
    // when this process dies, even by SIGKILL.
    const child = spawn(process.execPath, ['--no-node-snapshot', BIN, '_run', request.dir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    running.add(child);
    child.send(request);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ cell, state, code, stderr });
    });
  });
}

/**
 * Runs every cell that has not finished: new ones start, interrupted ones
 * resume, finished ones are left alone. `jobs` runs go at once.
 */
export async function runSweep(o: SweepOptions, onDone?: (r: CellOutcome, finished: number, total: number) => void): Promise<CellOutcome[]> {
  const cells = planSweep(o);
  const todo = cells.map((cell) => ({ cell, state: cellState(cell) })).filter((c) => c.state !== 'done');
  const outcomes: CellOutcome[] = [];
  let next = 0;
  let finished = cells.length - todo.length;
  const worker = async () => {
    while (next < todo.length) {
      const { cell, state } = todo[next++]!;
      const r = await runCell(cell, cellRequest(cell, o.settings, o.roms, state), state);
      outcomes.push(r);
      onDone?.(r, ++finished, cells.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, todo.length)) }, worker));
  return outcomes;
}
