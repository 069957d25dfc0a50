// Asterix, modular policy: rate each lane by its item and its danger, move
// toward the best lane and along it toward the item.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable How good lane y is: items attract, a near lyre repels. */
export function laneScore(y: number, me: GameObject, obs: Obs): number {
  let score = -Math.abs(y - me.y) / 16;
  for (const o of obs.objects) {
    if (Math.abs(o.y - y) > 8) continue;
    if (o.category === 'Consumable') score += 3;
    if (o.category === 'Enemy' && Math.abs(o.x - me.x) < 32) score -= 10;
  }
  return score;
}

/** @editable The lane (y) to head for. */
export function chooseLane(me: GameObject, obs: Obs): number {
  let best = me.y;
  let bestScore = -Infinity;
  for (let lane = 0; lane < 8; lane++) {
    const y = 26 + 16 * lane;
    const s = laneScore(y, me, obs);
    if (s > bestScore) { bestScore = s; best = y; }
  }
  return best;
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  const lane = chooseLane(me, obs);
  const item = obs.objects.find((o) => o.category === 'Consumable' && Math.abs(o.y - lane) < 8);
  const h = !item ? '' : item.x > me.x ? 'RIGHT' : 'LEFT';
  const v = lane < me.y - 4 ? 'UP' : lane > me.y + 4 ? 'DOWN' : '';
  return ((v + h) || 'NOOP') as Action;
}
