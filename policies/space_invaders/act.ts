// Space Invaders, single-function policy: stand under the lowest alien and fire.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  const aliens = obs.objects.filter((o) => o.category === 'Alien');
  if (!me || aliens.length === 0) return 'FIRE';
  const centre = me.x + me.w / 2;
  let best = aliens[0]!;
  for (const a of aliens) {
    const nearer = Math.abs(a.x - me.x) < Math.abs(best.x - me.x);
    if (a.y > best.y || (a.y === best.y && nearer)) best = a;
  }
  const target = best.x + best.w / 2;
  if (target > centre + 2) return 'RIGHTFIRE';
  if (target < centre - 2) return 'LEFTFIRE';
  return 'FIRE';
}
