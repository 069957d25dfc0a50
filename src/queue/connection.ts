import type { ConnectionOptions } from 'bullmq';

import { HorizonError } from '../env/errors.ts';

/** The BullMQ queue every sweep and worker of this project shares. */
export const QUEUE_NAME = 'horizon-arcade-runs';

/** Set by a worker for the runs it starts: the queue's Redis URL, where --llm-rate is counted. */
export const QUEUE_ENV = 'HORIZON_ARCADE_QUEUE';

/** `redis://[user:password@]host[:port][/db]` as BullMQ (ioredis) connection options. */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HorizonError(`--queue must be a redis:// URL, got "${url}"`, 'ERR_BAD_ARGUMENT');
  }
  if (u.protocol !== 'redis:') throw new HorizonError(`--queue must be a redis:// URL, got "${url}"`, 'ERR_BAD_ARGUMENT');
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new HorizonError(`bad Redis database in "${url}"`, 'ERR_BAD_ARGUMENT');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // Workers block on Redis; reconnect forever (a Redis restart must not lose a worker).
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}
