import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'csv-stringify/sync';

import { HorizonError } from '../env/errors.ts';
import { writeFileAtomic } from '../env/files.ts';
import type { UpdateMemory, Usage } from '../optimizer/types.ts';
import type { WorkerState } from './rollouts.ts';
import type { TrainSettings } from './settings.ts';

/** One line of metrics.jsonl: a finished iteration (0 is the initial policy's evaluation). */
export interface IterationMetrics {
  iteration: number;
  /** Evaluation mean of this iteration's candidate (null when it had none or it was invalid). */
  score: number | null;
  scoreStd: number | null;
  /** Evaluation of the policy in use after this iteration. */
  currentScore: number;
  bestScore: number;
  bestIteration: number;
  horizon: number;
  accepted: boolean;
  outcome: string;
  changed: string[];
  /** Reward summed over the traced horizon of every rollout of the batch. */
  rolloutReward: number | null;
  policyErrors: number;
  /** Totals so far. */
  llmCalls: number;
  tokens: number;
  costUsd: number;
  /** This iteration's prompt size, estimated (4 characters a token; 0 at iteration 0; absent in older runs). */
  contextTokens?: number;
  /** Of which the pictures sent with it (--context-images; estimated by OpenAI's rule, optimizer/images.ts); absent without pictures. */
  imageTokens?: number;
  /** This iteration's wall time, and the run's total so far. */
  wallMs: number;
  totalWallMs: number;
}

/** progress.csv's columns: every field of metrics.jsonl, in this order, snake_cased as CSV loggers (Stable-Baselines3's progress.csv) name them. */
export const PROGRESS_COLUMNS = [
  'iteration',
  'score',
  'scoreStd',
  'currentScore',
  'bestScore',
  'bestIteration',
  'horizon',
  'accepted',
  'outcome',
  'changed',
  'rolloutReward',
  'policyErrors',
  'llmCalls',
  'tokens',
  'costUsd',
  'contextTokens',
  'imageTokens',
  'wallMs',
  'totalWallMs',
] as const satisfies readonly (keyof IterationMetrics)[];

/** metrics.jsonl as a table: one row per finished iteration; an absent value is an empty cell, changed functions are space-separated. */
export function progressCsv(metrics: IterationMetrics[]): string {
  const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const rows = metrics.map((m) => PROGRESS_COLUMNS.map((k) => (Array.isArray(m[k]) ? (m[k] as string[]).join(' ') : m[k])));
  return stringify(rows, { header: true, columns: PROGRESS_COLUMNS.map(snake), cast: { boolean: (b) => String(b) } });
}

/** `failed`: the run ended without its optimizer ever producing a candidate that could be evaluated. */
export type RunStatus = 'running' | 'finished' | 'target-reached' | 'budget' | 'interrupted' | 'optimizer-error' | 'failed';

/** How many updates of a run its optimizer failed (no reply, an unreadable one, a refused call). */
export function optimizerFailures(metrics: IterationMetrics[]): number {
  return metrics.filter((m) => m.iteration > 0 && m.outcome.startsWith('optimizer failed')).length;
}

/** The statuses of a run that ended with a result (a failed one ended without). */
export function isComplete(status: RunStatus | undefined): boolean {
  return status === 'finished' || status === 'target-reached' || status === 'budget';
}

/** Everything needed to continue a run exactly where its last finished iteration left it. */
export interface Checkpoint {
  version: 1;
  /** The last finished iteration. */
  iteration: number;
  status: RunStatus;
  statusMessage?: string;
  /** The functions the optimizer may rewrite (fixed for the run). */
  editable: string[];
  currentPolicy: string;
  currentScore: number;
  /** Standard deviation of the current policy's evaluation episodes. */
  currentStd: number;
  bestPolicy: string;
  bestScore: number;
  bestIteration: number;
  history: UpdateMemory[];
  usage: Usage;
  totalWallMs: number;
  optimizerState: unknown;
  workers: WorkerState[];
  metrics: IterationMetrics[];
  /** The run-defining settings the run started with (absent in runs from before it was kept), so an edited config.json is noticed. */
  settings?: Partial<TrainSettings>;
}

export interface RunConfig {
  settings: TrainSettings;
  /** `commit` and `uncommittedChanges`: the project's git state when it runs from a checkout (absent in older runs). */
  versions: { horizonArcade: string; node: string; commit?: string; uncommittedChanges?: boolean };
  rom: { game: string; md5: string; file: string };
  createdAt: string;
}

const pad = (n: number) => String(n).padStart(4, '0');

/** Reads a JSON file of a run folder; a missing or damaged one is a coded one-line error. */
function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HorizonError(`${file} cannot be read: the run folder is incomplete`, 'ERR_BAD_STATE');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HorizonError(`${file} is damaged (${(err as Error).message}); it is not a ${what}`, 'ERR_BAD_STATE');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HorizonError(`${file} is damaged: it is not a ${what}`, 'ERR_BAD_STATE');
  return value as T;
}

/**
 * The finished iterations of a run directory (none when it has no
 * metrics.jsonl yet). A last line cut short (a file truncated by hand or by
 * a full disk) is dropped; any other damaged line is a coded error.
 */
export function readMetrics(dir: string): IterationMetrics[] {
  const file = join(dir, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const metrics: IterationMetrics[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as IterationMetrics;
      if (typeof m !== 'object' || m === null || typeof m.iteration !== 'number') throw new Error('not an iteration record');
      metrics.push(m);
    } catch (err) {
      const last = lines.slice(i + 1).every((l) => !l.trim());
      if (last) {
        process.emitWarning(`${file}: line ${i + 1} is cut short and was left out`);
        break;
      }
      throw new HorizonError(`${file}:${i + 1} is damaged (${(err as Error).message})`, 'ERR_BAD_STATE');
    }
  }
  return metrics;
}

/**
 * A run directory: config.json, policies/iter-NNNN.ts, prompts/, responses/,
 * metrics.jsonl, best.ts and checkpoint.json. Every file is written
 * atomically (write, then rename), so a run killed at any moment leaves
 * whole files; the checkpoint is the record of which iterations finished.
 */
export class RunDir {
  /** Releases this process's lock if it still holds it when the process exits. */
  private readonly releaseAtExit = (): void => this.unlock();

  constructor(readonly path: string) {}

  static create(path: string, config: RunConfig): RunDir {
    if (existsSync(join(path, 'checkpoint.json')) || existsSync(join(path, 'config.json'))) {
      throw new HorizonError(`${path} already holds a run: continue it with --resume ${path}, or choose another --out`, 'ERR_BAD_ARGUMENT');
    }
    mkdirSync(join(path, 'policies'), { recursive: true });
    const dir = new RunDir(path);
    writeFileAtomic(join(path, 'config.json'), JSON.stringify(config, null, 2) + '\n');
    return dir;
  }

  static open(path: string): RunDir {
    if (!existsSync(join(path, 'config.json'))) throw new HorizonError(`${path} is not a run directory (no config.json)`, 'ERR_BAD_ARGUMENT');
    // Half-written temporary files of a killed process are garbage.
    for (const sub of ['.', 'policies', 'prompts', 'responses']) {
      const d = join(path, sub);
      if (!existsSync(d)) continue;
      for (const f of readdirSync(d)) if (/\.tmp-\d+$/.test(f)) rmSync(join(d, f));
    }
    return new RunDir(path);
  }

  config(): RunConfig {
    const file = join(this.path, 'config.json');
    const c = readJson<RunConfig>(file, 'run configuration');
    if (typeof c.settings !== 'object' || c.settings === null || typeof c.rom?.game !== 'string') {
      throw new HorizonError(`${file} is damaged: it has no settings or no ROM`, 'ERR_BAD_STATE');
    }
    return c;
  }

  /** The checkpoint, or undefined when the run was killed before its first one. */
  checkpoint(): Checkpoint | undefined {
    const file = join(this.path, 'checkpoint.json');
    if (!existsSync(file)) return undefined;
    const c = readJson<Checkpoint>(file, 'checkpoint');
    if (c.version !== 1) throw new HorizonError(`${file} has checkpoint version ${c.version}; this build reads version 1`, 'ERR_BAD_STATE');
    if (!Number.isInteger(c.iteration) || c.iteration < 0 || !Array.isArray(c.metrics) || c.metrics.length !== c.iteration + 1) {
      throw new HorizonError(`${file} is damaged: its iteration and metrics do not agree`, 'ERR_BAD_STATE');
    }
    return c;
  }

  /**
   * Takes the run folder for this process: a second `train` or `--resume` on
   * it is refused while this one lives (a lock left by a dead process on this
   * machine is taken over). Released by `unlock` or when the process exits.
   */
  lock(): void {
    const file = join(this.path, 'lock');
    const me = `${process.pid} ${hostname()}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, me);
        closeSync(fd);
        process.once('exit', this.releaseAtExit);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = this.lockHolder();
      if (holder) throw new HorizonError(`${this.path} is in use by ${holder}; wait for it to stop (or delete ${file} if that process is gone)`, 'ERR_BUSY');
      rmSync(file, { force: true }); // its process is gone
    }
    throw new HorizonError(`${this.path}: could not take its lock`, 'ERR_BUSY');
  }

  /**
   * Who holds the lock ("process PID on HOST"), or undefined when nobody
   * does or its process is gone. A lock taken on another machine counts as
   * held: that process cannot be seen from here.
   */
  lockHolder(): string | undefined {
    let owner: string;
    try {
      owner = readFileSync(join(this.path, 'lock'), 'utf8');
    } catch {
      return undefined;
    }
    const [pid, host] = owner.split(' ');
    return host !== hostname() || isAlive(Number(pid)) ? `process ${pid} on ${host}` : undefined;
  }

  unlock(): void {
    process.off('exit', this.releaseAtExit); // one listener per held lock, not one per lock ever taken
    const file = join(this.path, 'lock');
    try {
      if (readFileSync(file, 'utf8') === `${process.pid} ${hostname()}`) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }

  /** Where the policy of an iteration is kept (iteration 0: the initial policy). */
  policyFile(iteration: number): string {
    return join(this.path, 'policies', `iter-${pad(iteration)}.ts`);
  }

  writePolicy(iteration: number, text: string): void {
    writeFileAtomic(this.policyFile(iteration), text);
  }

  /** Commits a finished iteration: the checkpoint first, then the files derived from it. */
  commit(c: Checkpoint): void {
    writeFileAtomic(join(this.path, 'checkpoint.json'), JSON.stringify(c) + '\n');
    this.writeDerived(c);
  }

  /** metrics.jsonl, progress.csv and best.ts, rebuilt from the checkpoint (also on resume, after a kill between them). */
  writeDerived(c: Checkpoint): void {
    writeFileAtomic(join(this.path, 'metrics.jsonl'), c.metrics.map((m) => JSON.stringify(m) + '\n').join(''));
    writeFileAtomic(join(this.path, 'progress.csv'), progressCsv(c.metrics));
    writeFileAtomic(join(this.path, 'best.ts'), c.bestPolicy);
  }
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
