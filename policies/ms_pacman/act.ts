// Ms. Pac-Man, single-function policy: keep moving, turning away from the
// nearest ghost when it gets close.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  const ghosts = obs.objects.filter((o) => o.category === 'Ghost');
  let near = ghosts[0];
  for (const g of ghosts) if (!near || Math.abs(g.x - me.x) + Math.abs(g.y - me.y) < Math.abs(near.x - me.x) + Math.abs(near.y - me.y)) near = g;
  if (near && Math.abs(near.x - me.x) + Math.abs(near.y - me.y) < 40) {
    if (Math.abs(near.x - me.x) > Math.abs(near.y - me.y)) return near.x > me.x ? 'LEFT' : 'RIGHT';
    return near.y > me.y ? 'UP' : 'DOWN';
  }
  const dirs: Action[] = ['LEFT', 'UP', 'RIGHT', 'DOWN'];
  return dirs[Math.floor(obs.step / 30) % 4]!;
}
