import { setTimeout } from 'node:timers/promises';

import { HorizonError } from '../env/errors.ts';

/** At most `max` LLM requests in each window of `perSeconds` seconds. */
export interface RateLimit {
  max: number;
  perSeconds: number;
}

/** `30/min`, `2/3s`, `1000/h`: requests per period. */
export function parseRate(text: string): RateLimit {
  const m = /^(\d+)\s*\/\s*(\d*)\s*(s|sec|min|m|h)$/.exec(text.trim());
  const max = m ? Number(m[1]) : NaN;
  const count = m?.[2] ? Number(m[2]) : 1;
  const unit = m ? ({ s: 1, sec: 1, min: 60, m: 60, h: 3600 } as Record<string, number>)[m[3]!]! : NaN;
  if (!m || max < 1 || count < 1) throw new HorizonError(`--llm-rate must look like 30/min, 2/3s or 1000/h, got "${text}"`, 'ERR_BAD_ARGUMENT');
  return { max, perSeconds: count * unit };
}

/**
 * Counts a request in fixed window `window` (its index since the epoch) and
 * returns how many that window now holds. Where the count is kept decides who
 * shares the limit: this process (localWindowCounter), or every process using
 * one Redis (queue/rate-limit.ts).
 */
export type WindowCounter = (window: number, windowMs: number) => Promise<number>;

/** Windows counted in this process only. */
export function localWindowCounter(): WindowCounter {
  const counts = new Map<number, number>();
  return async (window) => {
    const n = (counts.get(window) ?? 0) + 1;
    counts.set(window, n);
    for (const w of counts.keys()) if (w < window) counts.delete(w);
    return n;
  };
}

/** Waits until a request may go out under `limit`, counting with `count`. */
export function rateLimiter(limit: RateLimit, count: WindowCounter = localWindowCounter()): () => Promise<void> {
  const windowMs = limit.perSeconds * 1000;
  return async () => {
    for (;;) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      if ((await count(window, windowMs)) <= limit.max) return;
      await setTimeout((window + 1) * windowMs - now + Math.floor(Math.random() * 50));
    }
  };
}
