import { Queue } from 'bullmq';

import { cellState, planSweep, type CellOutcome, type SweepCell, type SweepOptions } from '../bench/sweep.ts';
import { ATTEMPTS, jobIdOf, runJob, type RunJob } from './jobs.ts';
import { QUEUE_NAME, redisConnection } from './connection.ts';

const POLL_MS = 1000;

/**
 * Runs a sweep on the job queue: every cell not yet finished becomes a job
 * (run by `horizon-arcade worker` processes on any machine), and this waits
 * until each job has finished or failed for good. Jobs are identified by
 * their run directory, so running the same sweep again re-queues only what
 * failed; a cell whose job is already queued or running is waited for.
 */
export function runSweepOnQueue(
  o: SweepOptions,
  url: string,
  onDone?: (r: CellOutcome, finished: number, total: number) => void,
): Promise<CellOutcome[]> {
  return runCellsOnQueue(planSweep(o), o.trainArgs, url, onDone);
}

/**
 * Queues the cells not yet finished and waits for them (see runSweepOnQueue).
 * `newRunArgs`: a whole `train` command line for the new runs (one cell).
 */
export async function runCellsOnQueue(
  cells: SweepCell[],
  trainArgs: string[],
  url: string,
  onDone?: (r: CellOutcome, finished: number, total: number) => void,
  newRunArgs?: string[],
): Promise<CellOutcome[]> {
  const queue = new Queue<RunJob>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    const todo = cells.map((cell) => ({ cell, state: cellState(cell) })).filter((c) => c.state !== 'done');
    for (const { cell } of todo) {
      const id = jobIdOf(cell);
      const existing = await queue.getJob(id);
      const state = existing ? await existing.getState() : undefined;
      if (existing && (state === 'completed' || state === 'failed')) await existing.remove();
      else if (existing) continue; // waiting, delayed or active: someone already runs it
      await queue.add('run', runJob(cell, trainArgs, newRunArgs), {
        jobId: id,
        attempts: ATTEMPTS,
        backoff: { type: 'fixed', delay: 2000 },
        removeOnComplete: false,
        removeOnFail: false,
      });
    }
    const outcomes: CellOutcome[] = [];
    const pending = new Map(todo.map(({ cell, state }) => [jobIdOf(cell), { cell, state }]));
    let finished = cells.length - todo.length;
    while (pending.size > 0) {
      for (const [id, { cell, state }] of pending) {
        const job = await queue.getJob(id);
        const now = job ? await job.getState() : 'removed';
        if (now !== 'completed' && now !== 'failed' && now !== 'removed') continue;
        pending.delete(id);
        const reason = job ? job.failedReason : 'its job was removed from the queue';
        const r = outcomeOf(cell, state, now === 'completed', reason, (job?.returnvalue as { resumed?: boolean } | undefined)?.resumed);
        outcomes.push(r);
        onDone?.(r, ++finished, cells.length);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return outcomes;
  } finally {
    await queue.close();
  }
}

function outcomeOf(cell: SweepCell, state: CellOutcome['state'], ok: boolean, reason: string, resumed?: boolean): CellOutcome {
  return { cell, state: resumed ? 'partial' : state, code: ok ? 0 : 1, stderr: ok ? '' : reason };
}

export interface QueueStatus {
  counts: Record<string, number>;
  active: { id: string; run: string; attemptsMade: number }[];
  failed: { id: string; run: string; reason: string }[];
}

/** What the queue holds, for `horizon-arcade sweep status`. */
export async function queueStatus(url: string): Promise<QueueStatus> {
  const queue = new Queue<RunJob>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const active = (await queue.getJobs(['active'])).map((j) => ({ id: j.id ?? '', run: j.data.cell.dir, attemptsMade: j.attemptsMade }));
    const failed = (await queue.getJobs(['failed'])).map((j) => ({ id: j.id ?? '', run: j.data.cell.dir, reason: j.failedReason }));
    return { counts, active, failed };
  } finally {
    await queue.close();
  }
}
