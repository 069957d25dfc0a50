// Asterix, single-function policy: go to the nearest lane holding an item,
// staying out of lanes whose lyre is close.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  const danger = (y: number) => obs.objects.some((o) => o.category === 'Enemy' && Math.abs(o.y - y) < 8 && Math.abs(o.x - me.x) < 30);
  const items = obs.objects.filter((o) => o.category === 'Consumable');
  let target = items[0];
  for (const i of items) if (!target || Math.abs(i.y - me.y) < Math.abs(target.y - me.y)) target = i;
  if (danger(me.y)) return me.y > 60 && !danger(me.y - 16) ? 'UP' : 'DOWN';
  if (!target) return 'NOOP';
  if (target.y < me.y - 4 && !danger(me.y - 16)) return target.x > me.x ? 'UPRIGHT' : 'UPLEFT';
  if (target.y > me.y + 4 && !danger(me.y + 16)) return target.x > me.x ? 'DOWNRIGHT' : 'DOWNLEFT';
  return target.x > me.x ? 'RIGHT' : 'LEFT';
}
