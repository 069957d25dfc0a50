// Q*bert in the study's decomposition: analyzeSituation -> selectAction. It
// starts by hopping at random.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const HOPS: Action[] = ['UP', 'RIGHT', 'LEFT', 'DOWN'];

export interface Situation {
  playerX: number | null;
  playerY: number | null;
  /** Our object map does not list Q*bert's enemies yet (see docs/objects.md): always null for now. */
  nearestEnemy: GameObject | null;
  nearestFriendly: GameObject | null;
  dangerAbove: boolean;
}

/**
 * @editable Sums up the pyramid: 21 Cubes in 6 rows (value = the colour of a
 * cube's top, which changes when Q*bert lands on it; a level is done when all
 * tops have the target colour), two Disks on the sides that carry Q*bert back
 * to the top, and the Player. Jumping off the pyramid costs a life.
 */
export function analyzeSituation(obs: Obs): Situation {
  const player = obs.objects.find((o) => o.category === 'Player');
  return { playerX: player?.x ?? null, playerY: player?.y ?? null, nearestEnemy: null, nearestFriendly: null, dangerAbove: false };
}

/** @editable Hops: 'UP' up-right, 'RIGHT' down-right, 'LEFT' up-left, 'DOWN' down-left. 25 points per cube colour change. */
export function selectAction(situation: Situation, obs: Obs): Action {
  const weights = [1, 1, 1, 1]; // relative chance of each hop in HOPS
  let r = Math.random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < HOPS.length; i++) if ((r -= weights[i]!) < 0) return HOPS[i]!;
  return HOPS[0]!;
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(analyzeSituation(obs), obs);
}
