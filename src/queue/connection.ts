import { isIP } from 'node:net';

import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

import { HorizonError } from '../env/errors.ts';
import { shownUrl } from './address.ts';

const URL_SHAPE = 'a redis:// or rediss:// (TLS) URL';

/**
 * `redis://[user:password@]host[:port][/db]` as BullMQ (ioredis) connection
 * options; `rediss://` is the same over TLS (the server's certificate is
 * checked against the system's CAs and $NODE_EXTRA_CA_CERTS).
 */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HorizonError(`--queue must be ${URL_SHAPE}, got "${shownUrl(url)}"`, 'ERR_BAD_ARGUMENT');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new HorizonError(`--queue must be ${URL_SHAPE}, got "${shownUrl(url)}"`, 'ERR_BAD_ARGUMENT');
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new HorizonError(`bad Redis database in "${shownUrl(url)}"`, 'ERR_BAD_ARGUMENT');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: isIP(u.hostname) ? {} : { servername: u.hostname } } : {}),
    // Workers block on Redis; reconnect forever (a Redis restart must not lose a worker).
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/**
 * One quick PING with the URL's credentials: a Redis that is down, wants a
 * password or refuses TLS is a coded one-line error at once (queue
 * connections themselves retry forever, which would only hang).
 */
export async function checkQueue(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis({
    ...(redisConnection(url) as object),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let cause = '';
  redis.on('error', (err: Error) => (cause ||= err.message)); // the first error says why; later ones only that it closed
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const why = cause || (err as Error).message;
    const hint = /NOAUTH|WRONGPASS|invalid password|invalid username/i.test(why) ? ' (credentials go in the URL: redis://user:password@host:port)' : '';
    throw new HorizonError(`the queue at ${shownUrl(url)} cannot be used: ${why}${hint}`, 'ERR_UNREACHABLE');
  } finally {
    redis.disconnect();
  }
}
