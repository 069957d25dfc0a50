// Seaquest, modular policy: decide whether to surface, pick a target, then
// combine movement and firing into one action.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable True when the submarine should go up for air. */
export function needAir(obs: Obs): boolean {
  return obs.hud.oxygen < 16;
}

/** @editable The enemy to hunt: the one in the closest lane. */
export function chooseTarget(me: GameObject, enemies: GameObject[]): GameObject | undefined {
  let best: GameObject | undefined;
  for (const e of enemies) if (!best || Math.abs(e.y - me.y) < Math.abs(best.y - me.y)) best = e;
  return best;
}

/** @editable Vertical move toward the target's lane: 'UP', 'DOWN' or ''. */
export function vertical(me: GameObject, target: GameObject | undefined): string {
  if (!target) return me.y < 90 ? 'DOWN' : '';
  if (target.y + 4 < me.y) return 'UP';
  if (target.y - 4 > me.y) return 'DOWN';
  return '';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'FIRE';
  if (needAir(obs)) return 'UP';
  const target = chooseTarget(me, obs.objects.filter((o) => o.category === 'Enemy'));
  const v = vertical(me, target);
  const h = !target ? '' : target.x > me.x ? 'RIGHT' : 'LEFT';
  return ((v + h || '') + 'FIRE') as Action;
}
