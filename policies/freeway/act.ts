// Freeway, single-function policy: keep walking up.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  return 'UP';
}
