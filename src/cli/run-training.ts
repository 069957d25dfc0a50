import { QUEUE_ENV } from '../queue/address.ts';
import { runRequest, type RunRequest, type TrainHooks, type TrainResult } from '../loop/train.ts';
import { loadQueue } from './queue.ts';

/**
 * Runs a training request with what this process's environment supplies: the
 * API key and default endpoint ($OPENAI_API_KEY, $OPENAI_BASE_URL), and, in a
 * run started by a queue's worker, --llm-rate counted in the queue's Redis
 * (shared by all its workers). `train` and the trainer processes of sweeps
 * and workers all train through this.
 */
export async function runTraining(request: RunRequest, hooks: Pick<TrainHooks, 'signal' | 'onEvent'>): Promise<TrainResult> {
  const queue = process.env[QUEUE_ENV];
  const all: TrainHooks = {
    ...hooks,
    apiKey: process.env.OPENAI_API_KEY,
    ...(queue ? { requestCounter: (await loadQueue(() => import('../queue/rate-limit.ts'))).redisWindowCounter(queue) } : {}),
  };
  return runRequest(request, all, process.env.OPENAI_BASE_URL);
}

/** The exit code of a run that ended so: 1 when it failed, 130 when interrupted, else 0. */
export function exitCodeOf(result: TrainResult): number {
  if (result.status === 'interrupted') return 130;
  return result.status === 'optimizer-error' || result.status === 'failed' ? 1 : 0;
}
