// Seaquest, single-function policy: patrol a middle lane facing the nearest
// enemy and fire; go up for air when oxygen runs low.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'FIRE';
  if (obs.hud.oxygen < 16) return 'UP';
  const enemies = obs.objects.filter((o) => o.category === 'Enemy');
  let target = enemies[0];
  for (const e of enemies) if (!target || Math.abs(e.y - me.y) < Math.abs(target.y - me.y)) target = e;
  if (!target) return me.y < 90 ? 'DOWNFIRE' : 'FIRE';
  if (target.y + 4 < me.y) return target.x > me.x ? 'UPRIGHTFIRE' : 'UPLEFTFIRE';
  if (target.y - 4 > me.y) return target.x > me.x ? 'DOWNRIGHTFIRE' : 'DOWNLEFTFIRE';
  return target.x > me.x ? 'RIGHTFIRE' : 'LEFTFIRE';
}
