// Egg Catch, single-function policy: keep the basket under the egg.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const basket = obs.objects.find((o) => o.category === 'Player');
  const egg = obs.objects.find((o) => o.category === 'Egg');
  if (!basket || !egg) return 'NOOP';
  const offset = egg.x + egg.w / 2 - (basket.x + basket.w / 2);
  if (offset > 3) return 'RIGHT';
  if (offset < -3) return 'LEFT';
  return 'NOOP';
}
