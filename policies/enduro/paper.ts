// Enduro in the study's decomposition: analyzeSituation -> selectAction. It
// starts, as the study's program did, by accelerating and steering away
// from the nearest car ahead.
import type { Action, Memory, Obs } from './obs.d.ts';

export interface Situation {
  /** -1 steer left, 0 straight, 1 steer right. */
  steerDirection: number;
  threatClose: boolean;
  playerX: number | null;
  playerY: number | null;
}

/**
 * @editable Sums up the road. The Player's car is at the bottom (y 144); other
 * Cars come in 7 perspective bands (car0 nearest, y about 150, up to car6 near
 * the horizon, y about 64), smaller the farther they are. Passing a car
 * scores +1, being passed -1; touching one slows you down. At night only
 * their tail lights show.
 */
export function analyzeSituation(obs: Obs): Situation {
  const player = obs.objects.find((o) => o.category === 'Player');
  if (!player) return { steerDirection: 0, threatClose: false, playerX: null, playerY: null };
  const centre = player.x + player.w / 2;
  const ahead = obs.objects.filter((o) => o.category === 'Car' && o.y < player.y && o.y > player.y - 40);
  const nearest = ahead.sort((a, b) => b.y - a.y)[0];
  if (!nearest) return { steerDirection: 0, threatClose: false, playerX: player.x, playerY: player.y };
  const carCentre = nearest.x + nearest.w / 2;
  const overlap = Math.abs(carCentre - centre) < (nearest.w + player.w) / 2;
  return { steerDirection: overlap ? (carCentre > centre ? -1 : 1) : 0, threatClose: overlap, playerX: player.x, playerY: player.y };
}

/** @editable 'FIRE' accelerates, 'DOWN' brakes; RIGHT/LEFT steer (RIGHTFIRE/LEFTFIRE while accelerating). */
export function selectAction(situation: Situation, obs: Obs): Action {
  if (situation.steerDirection > 0) return 'RIGHTFIRE';
  if (situation.steerDirection < 0) return 'LEFTFIRE';
  return 'FIRE';
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(analyzeSituation(obs), obs);
}
