import { setTimeout } from 'node:timers/promises';

import { UnrecoverableError, Worker, type Job } from 'bullmq';

import { cellRequest, cellState, outcomeText, runCell, type SweepCell } from '../bench/sweep.ts';
import { HorizonError } from '../env/errors.ts';
import { RunDir } from '../loop/run-dir.ts';
import type { SettingsInput } from '../loop/settings.ts';
import type { RunRequest } from '../loop/train.ts';
import { checkJob, type JobRules, type RunJob } from './jobs.ts';
import { QUEUE_NAME } from './address.ts';
import { redisConnection } from './connection.ts';

/** The LLM endpoint a worker serves to the runs that ask for one (its API key is in its $OPENAI_API_KEY). */
export interface WorkerEndpoint {
  model?: string;
  baseUrl?: string;
}

export interface WorkerOptions {
  concurrency: number;
  /** What a job may ask for: run folders, policy files, train options. */
  rules: JobRules;
  /** This machine's ROM folder. */
  roms: string;
  /** Reads a job's flags as settings, with train's own options (the command layer's parser). */
  settingsOf: (args: string[]) => Partial<SettingsInput>;
  endpoint?: WorkerEndpoint;
  /**
   * How long a job stays locked without a heartbeat before another worker
   * takes it over (a killed worker's job is retried after this).
   */
  lockMs?: number;
  onEvent?: (line: string) => void;
}

/**
 * A worker: takes queued runs one trainer process each, resuming a run that
 * a killed worker left half done (its checkpoint is in the shared run folder).
 * Jobs are checked first (checkJob) and a refused one fails at once, without
 * retries; the worker's endpoint and ROM folder are added here, never taken
 * from a job. Its trainer processes exit when it dies.
 */
export function startWorker(url: string, o: WorkerOptions): Worker<RunJob> {
  const say = o.onEvent ?? (() => {});
  const lockMs = o.lockMs ?? 30_000;
  const worker = new Worker<RunJob>(
    QUEUE_NAME,
    async (job: Job<RunJob>) => {
      let data: RunJob;
      let settings: Partial<SettingsInput>;
      let newRun: Partial<SettingsInput> | undefined;
      try {
        data = checkJob(job.data, o.rules);
        settings = o.settingsOf(data.trainArgs);
        newRun = data.newRunArgs ? o.settingsOf(data.newRunArgs) : undefined;
      } catch (err) {
        if (err instanceof HorizonError) throw new UnrecoverableError(`${err.message} [${err.code}]`);
        throw err;
      }
      const { cell } = data;
      await untilFree(cell, 20 * lockMs, say);
      const state = cellState(cell);
      if (state === 'done') return { resumed: false };
      let request: RunRequest;
      if (state === 'partial') {
        checkResumeEndpoint(cell, o.endpoint);
        request = cellRequest(cell, settings, o.roms, state);
      } else {
        const run = newRun ? { dir: cell.dir, resume: false, settings: newRun, roms: o.roms } : cellRequest(cell, settings, o.roms, state);
        request = { ...run, settings: withEndpoint(run.settings, o.endpoint) };
      }
      say(`${state === 'partial' ? 'resuming' : 'starting'} ${cell.dir} (attempt ${job.attemptsMade + 1})`);
      const r = await runCell(cell, request, state);
      if (r.code !== 0) throw new Error(outcomeText(r));
      say(`${outcomeText(r)}: ${cell.dir}`);
      return { resumed: state === 'partial' };
    },
    { connection: redisConnection(url), concurrency: o.concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 3 },
  );
  worker.on('failed', (job, err) => say(`failed: ${job?.data?.cell?.dir ?? job?.id ?? '?'}: ${err.message}`));
  worker.on('error', (err) => say(`queue error: ${err.message}`));
  return worker;
}

/**
 * Waits while another trainer holds the run folder (a worker that lost its
 * job, e.g. to a Redis restart, may still be running it): one trainer per run.
 */
async function untilFree(cell: SweepCell, maxMs: number, say: (line: string) => void): Promise<void> {
  const dir = new RunDir(cell.dir);
  const end = Date.now() + maxMs;
  let holder = dir.lockHolder();
  if (holder) say(`waiting: ${cell.dir} is in use by ${holder}`);
  while (holder) {
    if (Date.now() > end) throw new Error(`${cell.dir} is still in use by ${holder} [ERR_BUSY]`);
    await setTimeout(500);
    holder = dir.lockHolder();
  }
}

/** A new run that asks for the LLM optimizer gets this worker's model and endpoint. */
function withEndpoint(settings: Partial<SettingsInput>, endpoint: WorkerEndpoint | undefined): Partial<SettingsInput> {
  if (settings.optimizer?.kind !== 'openai') return settings;
  if (!endpoint?.model) throw new UnrecoverableError('the job asks for --optimizer openai and this worker has no --model [ERR_REFUSED_JOB]');
  return { ...settings, optimizer: { ...settings.optimizer, model: endpoint.model, ...(endpoint.baseUrl ? { baseUrl: endpoint.baseUrl } : {}) } };
}

/** A resumed run talks to the endpoint in its config.json: only when it is this worker's. */
function checkResumeEndpoint(cell: SweepCell, endpoint: WorkerEndpoint | undefined): void {
  const o = new RunDir(cell.dir).config().settings.optimizer;
  if (o.kind !== 'openai') return;
  if (o.model !== endpoint?.model || (o.baseUrl ?? '') !== (endpoint?.baseUrl ?? '')) {
    throw new UnrecoverableError(
      `${cell.dir} was started with model ${o.model ?? '-'} at ${o.baseUrl ?? 'the default endpoint'}; this worker serves ${endpoint?.model ?? 'no model'} at ${endpoint?.baseUrl ?? 'the default endpoint'} [ERR_REFUSED_JOB]`,
    );
  }
}
