// Freeway, modular policy: walk up unless a car in the next lane is about to
// pass the chicken's column, then wait.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const CHICKEN_X = 44;

/** @editable True when `car` will cross the chicken's column within a few steps. */
export function carComing(car: GameObject): boolean {
  const gap = car.dx >= 0 ? CHICKEN_X - (car.x + car.w) : car.x - (CHICKEN_X + 7);
  const speed = Math.max(Math.abs(car.dx), 1);
  return gap > -car.w && gap / speed < 3;
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const chicken = obs.objects.find((o) => o.category === 'Chicken');
  if (!chicken) return 'UP';
  const nextLane = obs.objects.filter((o) => o.category === 'Car' && o.y < chicken.y && o.y > chicken.y - 18);
  return nextLane.some(carComing) ? 'NOOP' : 'UP';
}
