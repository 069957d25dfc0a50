// Freeway in the study's decomposition: analyzeTraffic -> selectAction. It
// starts by always walking up, as the study's program did.
import type { Action, Memory, Obs } from './obs.d.ts';

export interface TrafficAnalysis {
  safe: boolean;
  /** The car in the lane just above the chicken, if any. */
  nextLaneCar: { x: number; dx: number } | null;
  chickenY: number | null;
}

/**
 * @editable Looks at the traffic around the chicken (the Chicken, x about 44,
 * walking up from y 187 to the top at y 23). Ten lanes of Cars cross the road,
 * the top five moving left and the bottom five moving right, each car about
 * 8 pixels tall and 16 wide; a car hitting the chicken pushes it back down.
 */
export function analyzeTraffic(obs: Obs): TrafficAnalysis {
  const chicken = obs.objects.find((o) => o.category === 'Chicken');
  if (!chicken) return { safe: true, nextLaneCar: null, chickenY: null };
  const above = obs.objects.filter((o) => o.category === 'Car' && o.y < chicken.y && o.y > chicken.y - 20);
  const car = above[0];
  return { safe: true, nextLaneCar: car ? { x: car.x, dx: car.dx } : null, chickenY: chicken.y };
}

/** @editable 'UP' walks up one step, 'DOWN' back, 'NOOP' waits. +1 point per crossing. */
export function selectAction(traffic: TrafficAnalysis, obs: Obs): Action {
  const waitWithin = 0; // wait while the next lane's car is this close in x (0: never wait)
  const car = traffic.nextLaneCar;
  if (car && Math.abs(car.x - 44) < waitWithin) return 'NOOP';
  return 'UP';
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(analyzeTraffic(obs), obs);
}
