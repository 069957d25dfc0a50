// Boxing, single-function policy: line up with the opponent, close in, and
// throw a fresh punch every fourth step (holding FIRE does not punch again).
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  const foe = obs.objects.find((o) => o.category === 'Enemy');
  if (!me || !foe) return 'NOOP';
  const dy = foe.y - me.y;
  const dx = foe.x + foe.w / 2 - (me.x + me.w / 2);
  const v = dy < -3 ? 'UP' : dy > 3 ? 'DOWN' : '';
  const h = Math.abs(dx) > 30 ? (dx > 0 ? 'RIGHT' : 'LEFT') : '';
  const fire = obs.step % 4 === 0 && Math.abs(dy) < 12 ? 'FIRE' : '';
  return (v + h + fire || 'NOOP') as Action;
}
