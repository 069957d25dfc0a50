import { Worker, type Job } from 'bullmq';

import { cellState, outcomeText, runCell } from '../bench/sweep.ts';
import type { RunJob } from './jobs.ts';
import { QUEUE_NAME, redisConnection } from './connection.ts';

export interface WorkerOptions {
  concurrency: number;
  /** Extra `train` options this machine adds to every run (e.g. its --roms folder). */
  trainArgs?: string[];
  /**
   * How long a job stays locked without a heartbeat before another worker
   * takes it over (a killed worker's job is retried after this).
   */
  lockMs?: number;
  onEvent?: (line: string) => void;
}

/**
 * A worker: takes queued runs one `train` process each, resuming a run that
 * a killed worker left half done (its checkpoint is in the shared run folder).
 */
export function startWorker(url: string, o: WorkerOptions): Worker<RunJob> {
  const say = o.onEvent ?? (() => {});
  const lockMs = o.lockMs ?? 30_000;
  const worker = new Worker<RunJob>(
    QUEUE_NAME,
    async (job: Job<RunJob>) => {
      const { cell, trainArgs, newRunArgs } = job.data;
      const state = cellState(cell);
      if (state === 'done') return { resumed: false };
      say(`${state === 'partial' ? 'resuming' : 'starting'} ${cell.dir} (attempt ${job.attemptsMade + 1})`);
      const r = await runCell(cell, [...trainArgs, ...(o.trainArgs ?? [])], state, newRunArgs);
      if (r.code !== 0) throw new Error(outcomeText(r));
      say(`${outcomeText(r)}: ${cell.dir}`);
      return { resumed: state === 'partial' };
    },
    { connection: redisConnection(url), concurrency: o.concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 3 },
  );
  worker.on('failed', (job, err) => say(`failed: ${job?.data.cell.dir ?? '?'}: ${err.message}`));
  worker.on('error', (err) => say(`queue error: ${err.message}`));
  return worker;
}
