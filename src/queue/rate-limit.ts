import { Redis } from 'ioredis';

import { HorizonError } from '../env/errors.ts';
import { redisConnection } from './connection.ts';

/** At most `max` LLM requests in each window of `perSeconds` seconds. */
export interface RateLimit {
  max: number;
  perSeconds: number;
}

/** `30/min`, `2/3s`, `1000/h`: requests per period. */
export function parseRate(text: string): RateLimit {
  const m = /^(\d+)\s*\/\s*(\d*)\s*(s|sec|min|m|h)$/.exec(text.trim());
  const max = m ? Number(m[1]) : NaN;
  const count = m && m[2] ? Number(m[2]) : 1;
  const unit = m ? ({ s: 1, sec: 1, min: 60, m: 60, h: 3600 } as Record<string, number>)[m[3]!]! : NaN;
  if (!m || max < 1 || count < 1) throw new HorizonError(`--llm-rate must look like 30/min, 2/3s or 1000/h, got "${text}"`, 'ERR_BAD_ARGUMENT');
  return { max, perSeconds: count * unit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a request may go out under `limit`: fixed windows counted in
 * Redis when `url` is given (shared by every process and machine using that
 * Redis, such as all the workers of a queue), else in this process.
 */
export function rateLimiter(limit: RateLimit, url?: string): () => Promise<void> {
  const windowMs = limit.perSeconds * 1000;
  const local = new Map<number, number>();
  const count = async (window: number): Promise<number> => {
    if (!url) {
      const n = (local.get(window) ?? 0) + 1;
      local.set(window, n);
      for (const w of local.keys()) if (w < window) local.delete(w);
      return n;
    }
    // One short connection per request: LLM calls are seconds apart, and
    // nothing keeps the training process alive once it is done.
    const redis = new Redis({ ...(redisConnection(url) as object), lazyConnect: true, maxRetriesPerRequest: 3 });
    try {
      await redis.connect();
      const key = `horizon-arcade:llm-rate:${limit.perSeconds}:${window}`;
      const n = await redis.incr(key);
      if (n === 1) await redis.pexpire(key, 2 * windowMs);
      return n;
    } finally {
      redis.disconnect();
    }
  };
  return async () => {
    for (;;) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      if ((await count(window)) <= limit.max) return;
      await sleep((window + 1) * windowMs - now + Math.floor(Math.random() * 50));
    }
  };
}
