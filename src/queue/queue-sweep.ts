import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Queue, type Job } from 'bullmq';

import { cellState, planSweep, type CellOutcome, type SweepCell, type SweepOptions } from '../bench/sweep.ts';
import { HorizonError } from '../env/errors.ts';
import { isComplete, RunDir } from '../loop/run-dir.ts';
import { settingsArgs } from '../loop/settings-table.ts';
import { writeFileAtomic } from '../env/files.ts';
import { ATTEMPTS, jobIdOf, runJob, type RunJob } from './jobs.ts';
import { QUEUE_NAME, shownUrl } from './address.ts';
import { checkQueue, redisConnection } from './connection.ts';

const POLL_MS = 1000;

/**
 * The jobs a sweep queued, kept in its folder: the queue lives in Redis, and a
 * Redis that restarts without its data forgets them. `sweep status DIR` tells
 * such lost runs from the rest, and `sweep retry DIR` queues them again.
 */
const MANIFEST = 'queued-runs.json';

export interface QueueHooks {
  onDone?: (r: CellOutcome, finished: number, total: number) => void;
  /** Things worth a line that are not outcomes (a lost job queued again). */
  onNote?: (line: string) => void;
}

/**
 * Runs a sweep on the job queue: every cell not yet finished becomes a job
 * (run by `horizon-arcade worker` processes on any machine), and this waits
 * until each job has finished or failed for good.
 */
export function runSweepOnQueue(o: SweepOptions, url: string, hooks: QueueHooks = {}): Promise<CellOutcome[]> {
  return runJobsOnQueue(
    o.out,
    // On the queue, a run's settings travel as train's flags (checkJob holds them to train's options).
    planSweep(o).map((cell) => runJob(cell, settingsArgs(o.settings))),
    url,
    hooks,
  );
}

/**
 * Queues the jobs whose runs have not ended and waits for them; their list is
 * kept in `dir` (queued-runs.json). Jobs are identified by their run
 * directory, so queueing the same jobs again re-queues only what failed or
 * was lost; a job already waiting or running is waited for. A job that
 * vanishes from the queue while waited for (Redis restarted without its data)
 * is queued again, unless its run has ended meanwhile.
 */
export async function runJobsOnQueue(dir: string, jobs: RunJob[], url: string, hooks: QueueHooks = {}): Promise<CellOutcome[]> {
  await checkQueue(url);
  writeManifest(dir, jobs);
  const queue = new Queue<RunJob>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    const todo = jobs.map((job) => ({ job, state: cellState(job.cell) })).filter((j) => j.state !== 'done');
    for (const { job } of todo) await enqueue(queue, job);
    const outcomes: CellOutcome[] = [];
    const pending = new Map(todo.map((t) => [jobIdOf(t.job.cell), t]));
    let finished = jobs.length - todo.length;
    while (pending.size > 0) {
      for (const [id, { job, state }] of pending) {
        const queued = await queue.getJob(id);
        const now = queued ? await queued.getState() : undefined;
        let r: CellOutcome | undefined;
        if (now === 'completed' || now === 'failed') {
          const resumed = (queued!.returnvalue as { resumed?: boolean } | undefined)?.resumed;
          r = { cell: job.cell, state: resumed ? 'partial' : state, code: now === 'completed' ? 0 : 1, stderr: now === 'failed' ? queued!.failedReason : '' };
        } else if (!queued) {
          const ended = endedOnDisk(job.cell);
          if (ended) r = { cell: job.cell, state, code: ended.ok ? 0 : 1, stderr: ended.ok ? '' : ended.detail };
          else {
            hooks.onNote?.(`${job.cell.dir}: its job vanished from the queue (Redis restarted without its data?); queued again`);
            await enqueue(queue, job);
          }
        }
        if (!r) continue;
        pending.delete(id);
        outcomes.push(r);
        hooks.onDone?.(r, ++finished, jobs.length);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return outcomes;
  } finally {
    await queue.close();
  }
}

/** Adds the job unless it is already waiting or running; an ended job of the same run is replaced. */
async function enqueue(queue: Queue<RunJob>, job: RunJob): Promise<void> {
  const id = jobIdOf(job.cell);
  const existing = await queue.getJob(id);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed') return; // waiting, delayed or active: someone already runs it
    await existing.remove();
  }
  await queue.add('run', job, { jobId: id, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 2000 }, removeOnComplete: false, removeOnFail: false });
}

/**
 * How a run ended, read from its folder (undefined while it has not): with a
 * result (`ok`, its status) or without (why). Used where its job cannot
 * tell, e.g. a job lost after the run's last step.
 */
function endedOnDisk(cell: SweepCell): { ok: boolean; detail: string } | undefined {
  if (cellState(cell) !== 'done') return undefined;
  const c = new RunDir(cell.dir).checkpoint();
  return isComplete(c?.status) ? { ok: true, detail: c!.status } : { ok: false, detail: c?.statusMessage ?? `the run ended ${c?.status}` };
}

function writeManifest(dir: string, jobs: RunJob[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify({ jobs }, null, 2) + '\n');
}

/** The jobs a sweep (or `train --queue`) queued from `dir`. */
export function readManifest(dir: string): RunJob[] {
  const file = join(resolve(dir), MANIFEST);
  if (!existsSync(file)) throw new HorizonError(`${dir} has no ${MANIFEST}: it is not the folder of a sweep queued with --queue`, 'ERR_BAD_ARGUMENT');
  try {
    const { jobs } = JSON.parse(readFileSync(file, 'utf8')) as { jobs: RunJob[] };
    if (!Array.isArray(jobs)) throw new Error('no jobs');
    return jobs;
  } catch (err) {
    throw new HorizonError(`${file} is damaged (${(err as Error).message})`, 'ERR_BAD_STATE');
  }
}

/** Queues again what a sweep lost or failed, and waits for it (`sweep retry DIR`). */
export function retrySweep(dir: string, url: string, hooks: QueueHooks = {}): Promise<CellOutcome[]> {
  return runJobsOnQueue(dir, readManifest(dir), url, hooks);
}

/** Where a run of a queued sweep is. `lost`: not ended, not on the queue, and nobody runs it. */
export type RunState = 'finished' | 'failed' | 'waiting' | 'running' | 'retrying' | 'lost';

export interface RunStatusLine {
  run: string;
  state: RunState;
  detail?: string;
}

export interface QueueStatus {
  counts: Record<string, number>;
  active: { id: string; run: string; attemptsMade: number }[];
  failed: { id: string; run: string; reason: string }[];
  /** With a sweep folder: each of its runs. */
  runs?: RunStatusLine[];
}

const runOf = (j: Job<RunJob>) => (typeof j.data?.cell?.dir === 'string' ? j.data.cell.dir : `(job ${j.id}: not a run job)`);

/** What the queue holds, for `horizon-arcade sweep status`; with `dir`, where each run of that sweep is. */
export async function queueStatus(url: string, dir?: string): Promise<QueueStatus> {
  const jobs = dir === undefined ? undefined : readManifest(dir);
  await checkQueue(url);
  const queue = new Queue<RunJob>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const active = (await queue.getJobs(['active'])).map((j) => ({ id: j.id ?? '', run: runOf(j), attemptsMade: j.attemptsMade }));
    const failed = (await queue.getJobs(['failed'])).map((j) => ({ id: j.id ?? '', run: runOf(j), reason: j.failedReason }));
    if (!jobs) return { counts, active, failed };
    const runs: RunStatusLine[] = [];
    for (const job of jobs) runs.push(await runStatus(queue, job));
    return { counts, active, failed, runs };
  } catch (err) {
    if (err instanceof HorizonError) throw err;
    throw new HorizonError(`the queue at ${shownUrl(url)} did not answer: ${(err as Error).message}`, 'ERR_UNREACHABLE');
  } finally {
    await queue.close();
  }
}

async function runStatus(queue: Queue<RunJob>, job: RunJob): Promise<RunStatusLine> {
  const run = job.cell.dir;
  const ended = endedOnDisk(job.cell);
  if (ended) return { run, state: ended.ok ? 'finished' : 'failed', detail: ended.detail };
  const queued = await queue.getJob(jobIdOf(job.cell));
  const state = queued ? await queued.getState() : undefined;
  if (state === 'failed') return { run, state: 'failed', detail: queued!.failedReason };
  if (state === 'active') return { run, state: 'running', detail: `attempt ${queued!.attemptsMade + 1}` };
  if (state === 'delayed') return { run, state: 'retrying', detail: `after ${queued!.attemptsMade} attempt(s)` };
  if (state === 'waiting' || state === 'prioritized' || state === 'waiting-children') return { run, state: 'waiting' };
  // Not on the queue (or its job completed while the run did not end): lost,
  // unless a trainer still holds the folder (its worker lost the job, not the run).
  const holder = existsSync(run) ? new RunDir(run).lockHolder() : undefined;
  return holder ? { run, state: 'running', detail: `off the queue, by ${holder}` } : { run, state: 'lost' };
}
