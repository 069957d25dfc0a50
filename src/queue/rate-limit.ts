import { Redis } from 'ioredis';

import type { WindowCounter } from '../optimizer/rate-limit.ts';
import { redisConnection } from './connection.ts';

/**
 * --llm-rate windows counted in the Redis at `url`, so the limit is shared by
 * every process and machine using it (all the workers of a queue).
 */
export function redisWindowCounter(url: string): WindowCounter {
  return async (window, windowMs) => {
    // One short connection per request: LLM calls are seconds apart, and
    // nothing keeps the training process alive once it is done.
    const redis = new Redis({ ...(redisConnection(url) as object), lazyConnect: true, maxRetriesPerRequest: 3 });
    try {
      await redis.connect();
      const key = `horizon-arcade:llm-rate:${windowMs / 1000}:${window}`;
      const n = await redis.incr(key);
      if (n === 1) await redis.pexpire(key, 2 * windowMs);
      return n;
    } finally {
      redis.disconnect();
    }
  };
}
