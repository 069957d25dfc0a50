// Asterix in the study's decomposition: analyzeSituation -> selectAction. It
// starts by moving at random whenever something is on screen.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const MOVES: Action[] = ['UP', 'RIGHT', 'LEFT', 'DOWN', 'UPRIGHT', 'UPLEFT', 'DOWNRIGHT', 'DOWNLEFT'];

export interface Situation {
  nearestItem: GameObject | null;
  playerX: number | null;
  playerY: number | null;
  /** Lanes (0 top .. 7 bottom) with an enemy in them. */
  dangerousLanes: number[];
  approachingEnemies: GameObject[];
}

/**
 * @editable Sums up the screen. The Player moves between 8 lanes 16 pixels apart
 * (lane i at y = 26 + 16 i) and along x. Consumables (cauldrons, helmets, ...)
 * fly across the lanes and give points when touched; Enemies (lyres) cost a
 * life; Rewards are the point values shown after a catch.
 */
export function analyzeSituation(obs: Obs): Situation {
  const player = obs.objects.find((o) => o.category === 'Player') ?? null;
  const items = obs.objects.filter((o) => o.category === 'Consumable');
  const enemies = obs.objects.filter((o) => o.category === 'Enemy');
  const dist = (o: GameObject) => (player ? Math.abs(o.x - player.x) + Math.abs(o.y - player.y) : 0);
  const nearestItem = items.length ? items.reduce((a, b) => (dist(b) < dist(a) ? b : a)) : null;
  return {
    nearestItem,
    playerX: player?.x ?? null,
    playerY: player?.y ?? null,
    dangerousLanes: enemies.map((e) => Math.round((e.y - 26) / 16)),
    approachingEnemies: player ? enemies.filter((e) => (e.x - player.x) * e.dx < 0) : [],
  };
}

/** @editable Chooses a move (or 'NOOP') for the situation. */
export function selectAction(situation: Situation, obs: Obs): Action {
  if (!situation.nearestItem) return 'NOOP';
  const weights = [1, 1, 1, 1, 1, 1, 1, 1]; // relative chance of each move in MOVES
  let r = Math.random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < MOVES.length; i++) if ((r -= weights[i]!) < 0) return MOVES[i]!;
  return MOVES[0]!;
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(analyzeSituation(obs), obs);
}
