// Boxing, modular policy: vertical alignment, horizontal range and punch
// timing are separate editable decisions.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable Vertical move toward the opponent's height: 'UP', 'DOWN' or ''. */
export function lineUp(me: GameObject, foe: GameObject): string {
  const dy = foe.y - me.y;
  return dy < -3 ? 'UP' : dy > 3 ? 'DOWN' : '';
}

/** @editable Horizontal move to get within punching distance: 'LEFT', 'RIGHT' or ''. */
export function closeIn(me: GameObject, foe: GameObject): string {
  const dx = foe.x + foe.w / 2 - (me.x + me.w / 2);
  return Math.abs(dx) > 30 ? (dx > 0 ? 'RIGHT' : 'LEFT') : '';
}

/** @editable Whether to start a punch now (a punch needs FIRE pressed anew). */
export function punch(me: GameObject, foe: GameObject, step: number): boolean {
  return step % 4 === 0 && Math.abs(foe.y - me.y) < 12;
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  const foe = obs.objects.find((o) => o.category === 'Enemy');
  if (!me || !foe) return 'NOOP';
  const move = lineUp(me, foe) + closeIn(me, foe);
  return (move + (punch(me, foe, obs.step) ? 'FIRE' : '') || 'NOOP') as Action;
}
