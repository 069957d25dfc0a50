// Ms. Pac-Man, modular policy: measure the threat, flee from it or wander.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable The ghost closest to Ms. Pac-Man (Manhattan distance), if any. */
export function nearestGhost(me: GameObject, ghosts: GameObject[]): GameObject | undefined {
  let best: GameObject | undefined;
  const d = (g: GameObject) => Math.abs(g.x - me.x) + Math.abs(g.y - me.y);
  for (const g of ghosts) if (!best || d(g) < d(best)) best = g;
  return best;
}

/** @editable The direction away from a ghost along its main axis. */
export function flee(me: GameObject, ghost: GameObject): Action {
  if (Math.abs(ghost.x - me.x) > Math.abs(ghost.y - me.y)) return ghost.x > me.x ? 'LEFT' : 'RIGHT';
  return ghost.y > me.y ? 'UP' : 'DOWN';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  const ghost = nearestGhost(me, obs.objects.filter((o) => o.category === 'Ghost'));
  if (ghost && Math.abs(ghost.x - me.x) + Math.abs(ghost.y - me.y) < 40) return flee(me, ghost);
  const dirs: Action[] = ['LEFT', 'UP', 'RIGHT', 'DOWN'];
  return dirs[Math.floor(obs.step / 30) % 4]!;
}
