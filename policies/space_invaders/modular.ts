// Space Invaders, modular policy: pick a target column (the lowest alien's,
// nearest first), dodge bombs falling right above, fire when lined up.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable The alien to aim at: lowest row first, then nearest. */
export function chooseTarget(me: GameObject, aliens: GameObject[]): GameObject | undefined {
  let best: GameObject | undefined;
  for (const a of aliens) {
    if (!best || a.y > best.y || (a.y === best.y && Math.abs(a.x - me.x) < Math.abs(best.x - me.x))) best = a;
  }
  return best;
}

/** @editable True when a bomb is falling toward the cannon. */
export function inDanger(me: GameObject, bullets: GameObject[]): boolean {
  return bullets.some((b) => b.dy > 0 && b.y > 120 && Math.abs(b.x - (me.x + me.w / 2)) < 6);
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'FIRE';
  const bullets = obs.objects.filter((o) => o.category === 'Bullet');
  if (inDanger(me, bullets)) return me.x > 80 ? 'LEFT' : 'RIGHT';
  const target = chooseTarget(me, obs.objects.filter((o) => o.category === 'Alien'));
  if (!target) return 'FIRE';
  const dx = target.x + target.w / 2 - (me.x + me.w / 2);
  if (dx > 2) return 'RIGHTFIRE';
  if (dx < -2) return 'LEFTFIRE';
  return 'FIRE';
}
