// Space Invaders in the study's decomposition: decideShoot, decideMovement,
// combineActions. Like the study's program it starts with a working
// heuristic — shoot when an alien is above, move under the lowest row of
// aliens — which scores 570 in the preset's evaluation, as the study's did.
import type { Action, Memory, Obs } from './obs.d.ts';

/**
 * @editable Whether to fire now. The cannon (Player) moves along y 185; aliens
 * (a 6 x 6 grid, 5-30 points by row) descend from the top; only one of our
 * shots can be in the air at a time (a Bullet moving up, dy < 0). Shields
 * absorb shots from both sides.
 */
export function decideShoot(obs: Obs): boolean {
  const cannon = obs.objects.find((o) => o.category === 'Player');
  if (!cannon) return false;
  const ourShot = obs.objects.some((o) => o.category === 'Bullet' && o.dy < 0);
  const centre = cannon.x + cannon.w / 2;
  const above = obs.objects.some((o) => o.category === 'Alien' && Math.abs(o.x + o.w / 2 - centre) < 8);
  return above && !ourShot;
}

/**
 * @editable Which way to move: -1 left, 0 stay, 1 right. Alien bombs are Bullets
 * moving down (dy > 0); the cannon can move between x 35 and 125.
 */
export function decideMovement(obs: Obs): number {
  const cannon = obs.objects.find((o) => o.category === 'Player');
  const aliens = obs.objects.filter((o) => o.category === 'Alien');
  if (!cannon || aliens.length === 0) return 0;
  const centre = cannon.x + cannon.w / 2;
  // The nearest alien of the lowest row: the closest threat.
  let best = aliens[0]!;
  for (const a of aliens) if (a.y > best.y || (a.y === best.y && Math.abs(a.x - centre) < Math.abs(best.x - centre))) best = a;
  const dx = best.x + best.w / 2 - centre;
  return dx > 3 ? 1 : dx < -3 ? -1 : 0;
}

/** @editable Combines the two decisions into one action of the game's set. */
export function combineActions(shoot: boolean, movement: number): Action {
  if (movement > 0) return shoot ? 'RIGHTFIRE' : 'RIGHT';
  if (movement < 0) return shoot ? 'LEFTFIRE' : 'LEFT';
  return shoot ? 'FIRE' : 'NOOP';
}

export function act(obs: Obs, memory: Memory): Action {
  return combineActions(decideShoot(obs), decideMovement(obs));
}
