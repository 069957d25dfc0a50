/** What names a job queue, without its client libraries (bullmq and ioredis, optional dependencies). */

/** The BullMQ queue every `train --queue`, sweep and worker shares. */
export const QUEUE_NAME = 'horizon-arcade-runs';

/** Set by a worker for the runs it starts: their --llm-rate is counted in the queue's Redis. */
export const QUEUE_ENV = 'HORIZON_ARCADE_QUEUE';

/** The URL as it may be printed: its password replaced by `***`. */
export function shownUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
