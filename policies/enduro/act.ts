// Enduro, single-function policy: accelerate, weaving gently across the road.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const phase = Math.floor(obs.step / 40) % 4;
  return phase === 1 ? 'RIGHTFIRE' : phase === 3 ? 'LEFTFIRE' : 'FIRE';
}
