import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { HorizonError } from '../env/errors.ts';
import { projectRoot } from '../env/files.ts';
import { EXIT_WITH_PARENT_ENV } from '../env/parent.ts';
import { isComplete, RunDir } from '../loop/run-dir.ts';
import { resumableFlags } from '../loop/settings-table.ts';

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
  /** Extra `train` options every run gets (iterations, optimizer, evaluation, roms...). */
  trainArgs: string[];
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

/**
 * Checks the options a sweep passes on to `train`, before any run starts:
 * one the sweep sets itself (`owned`: train's flag -> the sweep's own
 * option, or why it has none) would be silently overridden per run, and an unknown one would
 * fail every run; both are refused with a coded one-line error.
 */
export function checkPassThrough(args: string[], known: string[], owned: Record<string, string>): void {
  for (const arg of args) {
    if (!arg.startsWith('-')) continue;
    const flag = arg.split('=')[0]!;
    if (flag in owned) throw new HorizonError(`${flag} is set by the sweep itself: ${owned[flag]}`, 'ERR_BAD_ARGUMENT');
    if (!known.includes(flag))
      throw new HorizonError(`unknown option ${flag} (neither the sweep's nor train's; see --help and train --help)`, 'ERR_BAD_ARGUMENT');
  }
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

/** Interrupts every `train` process this process started (they stop after their current step). */
export function interruptRuns(): void {
  for (const child of running) child.kill('SIGINT');
}

/**
 * Runs one cell as a `train` process: a new run (from the cell's settings, or
 * `newRunArgs` when given: a whole `train` command line), or a resume of an
 * interrupted one.
 */
export function runCell(cell: SweepCell, trainArgs: string[], state: CellState, newRunArgs?: string[]): Promise<CellOutcome> {
  const args =
    state === 'partial'
      ? ['train', '--resume', cell.dir, ...trainArgs.filter((_arg, i, all) => resumable(all, i))]
      : newRunArgs
        ? ['train', ...newRunArgs, '--out', cell.dir, ...trainArgs]
        : [
            'train',
            '--game',
            cell.game,
            '--horizon',
            String(cell.horizon),
            '--batch',
            String(cell.batch),
            '--seed',
            String(cell.seed),
            '--out',
            cell.dir,
            ...trainArgs,
          ];
  return new Promise((resolve) => {
    // Started without the bin wrapper's re-launch, so the trainer is this
    // process's own child and exits when it dies (src/env/parent.ts).
    const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, [EXIT_WITH_PARENT_ENV]: '1' },
    });
    running.add(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ cell, state, code, stderr });
    });
  });
}

// On --resume only --roms and the settings a resume may change (--iterations, the budgets) may be passed again.
const RESUME_OPTIONS = ['--roms', ...resumableFlags()];
function resumable(all: string[], i: number): boolean {
  const a = all[i]!;
  if (a.startsWith('--')) return RESUME_OPTIONS.includes(a);
  return i > 0 && RESUME_OPTIONS.includes(all[i - 1]!);
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
      const r = await runCell(cell, o.trainArgs, state);
      outcomes.push(r);
      onDone?.(r, ++finished, cells.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, todo.length)) }, worker));
  return outcomes;
}
