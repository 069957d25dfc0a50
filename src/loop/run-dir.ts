import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { HorizonError } from '../env/errors.ts';
import { writeFileAtomic } from '../optimizer/record.ts';
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
  /** This iteration's wall time, and the run's total so far. */
  wallMs: number;
  totalWallMs: number;
}

export type RunStatus = 'running' | 'finished' | 'target-reached' | 'budget' | 'interrupted' | 'optimizer-error';

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
}

export interface RunConfig {
  settings: TrainSettings;
  versions: { horizonArcade: string; node: string };
  rom: { game: string; md5: string; file: string };
  createdAt: string;
}

const pad = (n: number) => String(n).padStart(4, '0');

/** The finished iterations of a run directory (none when it has no metrics.jsonl yet). */
export function readMetrics(dir: string): IterationMetrics[] {
  const file = join(dir, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as IterationMetrics);
}

/**
 * A run directory: config.json, policies/iter-NNNN.ts, prompts/, responses/,
 * metrics.jsonl, best.ts and checkpoint.json. Every file is written
 * atomically (write, then rename), so a run killed at any moment leaves
 * whole files; the checkpoint is the record of which iterations finished.
 */
export class RunDir {
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
    return JSON.parse(readFileSync(join(this.path, 'config.json'), 'utf8')) as RunConfig;
  }

  /** The checkpoint, or undefined when the run was killed before its first one. */
  checkpoint(): Checkpoint | undefined {
    const file = join(this.path, 'checkpoint.json');
    if (!existsSync(file)) return undefined;
    const c = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    if (c.version !== 1) throw new HorizonError(`${file} has checkpoint version ${c.version}; this build reads version 1`, 'ERR_BAD_STATE');
    return c;
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

  /** metrics.jsonl and best.ts, rebuilt from the checkpoint (also on resume, after a kill between the two). */
  writeDerived(c: Checkpoint): void {
    writeFileAtomic(join(this.path, 'metrics.jsonl'), c.metrics.map((m) => JSON.stringify(m) + '\n').join(''));
    writeFileAtomic(join(this.path, 'best.ts'), c.bestPolicy);
  }
}
