// Enduro, modular policy: accelerate and steer back toward the middle of the road.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable The x the car should hold (the road's middle is near 77). */
export function chooseLine(obs: Obs, memory: Memory): number {
  return 77 + 12 * Math.sin(obs.step / 25);
}

/** @editable */
export function steer(car: GameObject, target: number): Action {
  if (car.x < target - 3) return 'RIGHTFIRE';
  if (car.x > target + 3) return 'LEFTFIRE';
  return 'FIRE';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const car = obs.objects.find((o) => o.category === 'Player');
  if (!car) return 'FIRE';
  return steer(car, chooseLine(obs, memory));
}
