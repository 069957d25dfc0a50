// Egg Catch, modular policy: decide where the basket should wait, then move
// there. The basket moves 2 pixels a frame (8 a step at frameskip 4).
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable The x the basket's centre should be at. */
export function chooseTarget(egg: GameObject | undefined, basket: GameObject): number {
  if (!egg) return 80; // no egg: wait in the middle
  return egg.x + egg.w / 2;
}

/** @editable Move toward the target when it is more than `deadZone` pixels away. */
export function steer(basket: GameObject, target: number, deadZone: number): Action {
  const offset = target - (basket.x + basket.w / 2);
  if (offset > deadZone) return 'RIGHT';
  if (offset < -deadZone) return 'LEFT';
  return 'NOOP';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const basket = obs.objects.find((o) => o.category === 'Player');
  if (!basket) return 'NOOP';
  const egg = obs.objects.find((o) => o.category === 'Egg');
  return steer(basket, chooseTarget(egg, basket), 3);
}
