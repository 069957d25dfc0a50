import { describe, expect, it } from 'vitest';

import { checkObjects } from '../../src/objects/check.ts';
import type { ObjectMapConfig } from '../../src/env/object-map-config.ts';
import { TIA_OBJECT_BITS, type GameObject } from '../../src/objects/types.ts';

const H = 20;
const box = (id: string, category: string, x: number, y: number, w: number, h: number): GameObject => ({ id, category, x, y, w, h, dx: 0, dy: 0 });

/** A 160 x H screen with playfield pixels in `color` over [x, x + w) on line y. */
function screenWith(runs: { x: number; y: number; w: number; color: number }[]) {
  const screen = new Uint8Array(160 * H);
  const sources = new Uint8Array(160 * H);
  for (const r of runs) {
    for (let x = r.x; x < r.x + r.w; x++) {
      screen[r.y * 160 + x] = r.color;
      sources[r.y * 160 + x] = TIA_OBJECT_BITS.PF;
    }
  }
  return { screen, sources };
}

describe('checkObjects', () => {
  const config = (hiddenColors?: number[]): ObjectMapConfig => ({
    categories: { Disk: { colors: [], sources: ['PF'], region: [0, 0, 160, H], tolerance: 0, ...(hiddenColors ? { hiddenColors } : {}) } },
    items: [],
  });

  it('finds uncovered pixels and empty boxes', () => {
    const { screen, sources } = screenWith([
      { x: 10, y: 5, w: 8, color: 0x36 },
      { x: 100, y: 5, w: 8, color: 0x36 },
    ]);
    const [disk] = checkObjects(config(), [box('a', 'Disk', 10, 5, 8, 1), box('b', 'Disk', 50, 5, 8, 1)], screen, H, sources);
    expect(disk).toMatchObject({ pixels: 16, uncovered: 8, firstUncovered: [100, 5], empty: ['b@50,5,8x1'] });
  });

  it('does not count pixels drawn in a hidden colour (an object drawn in the background colour)', () => {
    const { screen, sources } = screenWith([
      { x: 10, y: 5, w: 8, color: 0x36 },
      { x: 100, y: 5, w: 8, color: 0 },
    ]);
    expect(checkObjects(config(), [box('a', 'Disk', 10, 5, 8, 1)], screen, H, sources)[0]!.uncovered).toBe(8);
    expect(checkObjects(config([0]), [box('a', 'Disk', 10, 5, 8, 1)], screen, H, sources)[0]).toMatchObject({ pixels: 8, uncovered: 0 });
    // ...and a box over such pixels only is empty.
    expect(checkObjects(config([0]), [box('b', 'Disk', 100, 5, 8, 1)], screen, H, sources)[0]!.empty).toEqual(['b@100,5,8x1']);
  });

  it('with flickersWith, a box may be empty while a box of the named categories is on screen', () => {
    const shared: ObjectMapConfig = {
      categories: {
        Player: { colors: [], sources: ['PF'], region: [0, 0, 160, H], tolerance: 0, flickersWith: ['Fruit'] },
        Fruit: { colors: [], sources: ['PF'], region: [0, 0, 160, H], tolerance: 0, flickers: true },
      },
      items: [],
    };
    const { screen, sources } = screenWith([{ x: 100, y: 5, w: 8, color: 0x36 }]); // this frame shows the fruit
    const player = box('player', 'Player', 10, 5, 8, 1);
    const fruit = box('fruit', 'Fruit', 100, 5, 8, 1);
    expect(checkObjects(shared, [player, fruit], screen, H, sources)[0]!.empty).toEqual([]);
    expect(checkObjects(shared, [player], screen, H, sources)[0]!.empty).toEqual(['player@10,5,8x1']);
  });
});
