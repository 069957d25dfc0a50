import type { GameObject, ObjectFrame } from './types.ts';

/** Categories with more objects than this are summarised (count per row) instead of listed. */
const LIST_LIMIT = 12;

/** The category for a lone object, else its id (`enemy3`, `bomb0`, `laser`). */
function label(o: GameObject, alone: boolean): string {
  return alone && o.id === o.category.toLowerCase() ? o.category : o.id;
}

function describe(o: GameObject, alone: boolean): string {
  let s = `${label(o, alone)}@${o.x},${o.y}`;
  if (o.dx !== 0 || o.dy !== 0) s += ` v${o.dx >= 0 ? '+' : ''}${o.dx},${o.dy >= 0 ? '+' : ''}${o.dy}`;
  if (o.value !== undefined) s += ` =${o.value}`;
  return s;
}

/**
 * A compact one-line rendering of a step's objects for prompts, e.g.
 * `Player@140,86 v+0,-4 Ball@80,100 v+2,-4 Enemy@16,120 | score=3 enemy_score=5`.
 * Velocities are shown only when non-zero; big groups such as Breakout's
 * bricks become `Brick×97 [y57:18 y63:18 ...]`.
 */
export function objectsToText(frame: ObjectFrame): string {
  const byCategory = new Map<string, GameObject[]>();
  for (const o of frame.objects) byCategory.set(o.category, [...(byCategory.get(o.category) ?? []), o]);
  const parts: string[] = [];
  for (const [category, objs] of byCategory) {
    if (objs.length > LIST_LIMIT) {
      const rows = new Map<number, number>();
      for (const o of objs) rows.set(o.y, (rows.get(o.y) ?? 0) + 1);
      parts.push(`${category}×${objs.length} [${[...rows].map(([y, n]) => `y${y}:${n}`).join(' ')}]`);
    } else {
      for (const o of objs) parts.push(describe(o, objs.length === 1));
    }
  }
  const hud = Object.entries(frame.hud)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [parts.join(' ') || '(no objects)', hud].filter((s) => s.length > 0).join(' | ');
}
