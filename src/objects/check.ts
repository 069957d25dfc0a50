import type { ObjectMapConfig } from '../env/object-map-config.ts';
import { TIA_OBJECT_BITS, type GameObject } from './types.ts';

export interface CategoryCheck {
  category: string;
  /** Pixels of the category's colours inside its region. */
  pixels: number;
  /** Such pixels inside no box that could explain them (with tolerance). */
  uncovered: number;
  boxes: number;
  /** Boxes with none of their category's pixels inside (with tolerance). */
  empty: string[];
  firstUncovered?: [number, number];
}

/**
 * Compares extracted boxes with the rendered screen. Within each category's
 * region, every pixel of the category's colours must lie inside a box (grown
 * by the tolerance) of some category drawn in that colour — games reuse
 * colours, e.g. Breakout's ball, bat and top brick row — and every box must
 * contain a pixel of its category's colours. The tolerance is the one of the
 * category whose box explains the pixel. With `sources` (from
 * Env.pixelSources()), a pixel only counts for categories drawn by one of the
 * TIA objects present there.
 */
export function checkObjects(config: ObjectMapConfig, objects: GameObject[], screen: Uint8Array, height: number, sources?: Uint8Array): CategoryCheck[] {
  const out: CategoryCheck[] = [];
  const categories = Object.entries(config.categories);
  const inside = (x: number, y: number, b: GameObject, t: number) => x >= b.x - t && x < b.x + b.w + t && y >= b.y - t && y < b.y + b.h + t;
  const colorsOf = new Map(categories.map(([name, c]) => [name, new Set(c.colors)]));
  const hiddenOf = new Map(categories.map(([name, c]) => [name, new Set(c.hiddenColors ?? [])]));
  const slack = new Map(categories.map(([name, c]) => [name, c.tolerance]));
  // Which TIA objects may draw each category (all when not stated).
  const drawnBy = new Map(categories.map(([name, c]) => [name, c.sources ? c.sources.reduce((m, s) => m | TIA_OBJECT_BITS[s], 0) : 0xff]));
  // An empty colour list means any colour but the hidden ones: the TIA sources identify the object.
  const isPixelOf = (name: string, i: number) => {
    const colors = colorsOf.get(name)!;
    const color = screen[i]!;
    return (colors.size === 0 ? !hiddenOf.get(name)!.has(color) : colors.has(color)) && (!sources || (sources[i]! & drawnBy.get(name)!) !== 0);
  };
  for (const [category, cat] of categories) {
    const [rx0, ry0, rx1, ry1] = cat.region;
    const t = cat.tolerance;
    const own = objects.filter((o) => o.category === category);
    const result: CategoryCheck = { category, pixels: 0, uncovered: 0, boxes: own.length, empty: [] };
    for (let y = ry0; y < Math.min(ry1, height); y++) {
      for (let x = rx0; x < rx1; x++) {
        const i = y * 160 + x;
        if (!isPixelOf(category, i)) continue;
        result.pixels++;
        const explained = objects.some((b) => isPixelOf(b.category, i) && inside(x, y, b, slack.get(b.category)!));
        if (!explained) {
          result.uncovered++;
          result.firstUncovered ??= [x, y];
        }
      }
    }
    const flickersNow = cat.flickers || objects.some((o) => cat.flickersWith?.includes(o.category));
    if (!flickersNow) {
      for (const b of own) {
        let hit = false;
        for (let y = Math.max(0, b.y - t); y < Math.min(height, b.y + b.h + t) && !hit; y++) {
          for (let x = Math.max(0, b.x - t); x < Math.min(160, b.x + b.w + t); x++) {
            if (isPixelOf(category, y * 160 + x)) {
              hit = true;
              break;
            }
          }
        }
        if (!hit) result.empty.push(`${b.id}@${b.x},${b.y},${b.w}x${b.h}`);
      }
    }
    out.push(result);
  }
  return out;
}
