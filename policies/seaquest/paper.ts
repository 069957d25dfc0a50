// Seaquest in the study's decomposition: analyzeSituation -> selectAction. It
// starts with random moves and shots.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const CHOICES: Action[] = ['FIRE', 'UPFIRE', 'DOWNFIRE', 'LEFTFIRE', 'RIGHTFIRE', 'UP', 'DOWN'];

export interface Situation {
  playerX: number | null;
  playerY: number | null;
  nearestEnemy: GameObject | null;
  nearestDiver: GameObject | null;
  shouldSurface: boolean;
}

/**
 * @editable Sums up the sea. The Player's submarine moves in x 21-134 and y 46
 * (surface) to 141; Enemies (sharks, submarines) cross four lanes; Divers can
 * be picked up (up to 6); EnemyMissiles are torpedoes. hud.oxygen (0-64) runs
 * out under water: surface before it does, ideally with divers aboard.
 */
export function analyzeSituation(obs: Obs): Situation {
  const player = obs.objects.find((o) => o.category === 'Player') ?? null;
  const near = (cat: string) => {
    const list = obs.objects.filter((o) => o.category === cat);
    if (!player || list.length === 0) return null;
    return list.reduce((a, b) => (Math.abs(b.x - player.x) + Math.abs(b.y - player.y) < Math.abs(a.x - player.x) + Math.abs(a.y - player.y) ? b : a));
  };
  return { playerX: player?.x ?? null, playerY: player?.y ?? null, nearestEnemy: near('Enemy'), nearestDiver: near('Diver'), shouldSurface: obs.hud.oxygen < 16 };
}

/** @editable Chooses one of the 18 actions (moves in 8 directions, with or without FIRE). */
export function selectAction(situation: Situation, obs: Obs): Action {
  const weights = [1, 1, 1, 1, 1, 1, 1]; // relative chance of each action in CHOICES
  let r = Math.random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < CHOICES.length; i++) if ((r -= weights[i]!) < 0) return CHOICES[i]!;
  return CHOICES[0]!;
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(analyzeSituation(obs), obs);
}
