import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { SHARED } from './shared.ts';

/** The study's logged Pong run (../shared/paper/pong-log/README.md). */
export const PONG_LOG = join(SHARED, 'paper', 'pong-log');

export interface LoggedIteration {
  iteration: number;
  evalMean: number | null;
  resetObs: Record<string, unknown>;
  steps: { action: number; obs: Record<string, unknown> }[];
  variables: string;
  feedback: string;
  instanceChars: number;
}

export function loggedIterations(): LoggedIteration[] {
  return JSON.parse(gunzipSync(readFileSync(join(PONG_LOG, 'iterations-0-5.json.gz'))).toString('utf8')) as LoggedIteration[];
}

/** An observation with its key order made visible, for comparisons that must see the order too. */
export function ordered(obs: unknown): unknown {
  if (obs === null || typeof obs !== 'object') return obs;
  return Object.entries(obs as Record<string, unknown>).map(([k, v]) => [k, ordered(v)]);
}
