// Egg Catch, a deliberately untuned start for learning-curve benchmarks (like
// the paper's weak initial policies): the structure of modular.ts, but its
// constants only half follow the egg and react late. The optimizer's job is
// to find better numbers.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable The x the basket's centre should be at: a blend of the egg's x and a resting point. */
export function chooseTarget(egg: GameObject | undefined, basket: GameObject): number {
  if (!egg) return 30;
  return 0.4 * (egg.x + egg.w / 2) + 0.6 * 60;
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
  return steer(basket, chooseTarget(egg, basket), 12);
}
