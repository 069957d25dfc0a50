import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { findRom } from '../../src/env/rom.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { TIA_OBJECT_BITS } from '../../src/objects/types.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

// The generic pixel check cannot tell Ms. Pac-Man's pellets from the maze
// walls (same colour, both playfield): this checks that every pellet cell the
// screen shows is reported, and nothing else.
describe.skipIf(!sharedAvailable(ROMS))('Ms. Pac-Man pellets', () => {
  it('every drawn pellet cell is reported, every reported pellet is drawn', () => {
    const rom = findRom('ms_pacman', ROMS);
    let checked = 0;
    let eaten = 0; // pellets that disappeared over the plays
    for (const seed of [11, 12, 13]) {
      const env = new Env(rom, { frameskip: 3, repeatActionProbability: 0, seed, trackPixelSources: true });
      env.reset();
      const ex = new ObjectExtractor(rom.game);
      let s = seed * 7919 + 1;
      let first: number | undefined;
      let last = 0;
      for (let i = 0; i < 400; i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        if (env.step((s >>> 16) % env.actionSet.length).terminated) break;
        const pellets = ex.extract(env.ram()).objects.filter((o) => o.category === 'Pellet');
        const reported = new Set(pellets.map((p) => `${p.x},${p.y}`));
        const src = env.pixelSources()!;
        for (let r = 0; r < 14; r++) {
          for (let c = 0; c < 18; c++) {
            const x = c <= 8 ? 8 + 8 * c : 12 + 8 * c;
            const y = 7 + 12 * r;
            let drawn = 0;
            for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 4; dx++) if (src[(y + dy) * 160 + x + dx]! & TIA_OBJECT_BITS.PF) drawn++;
            expect(drawn === 8 ? 'drawn' : drawn === 0 ? 'empty' : `partly (${drawn})`, `seed ${seed} step ${i} cell r${r} c${c}`).toBe(
              reported.has(`${x},${y}`) ? 'drawn' : 'empty',
            );
          }
        }
        checked++;
        first ??= pellets.length;
        last = pellets.length;
      }
      eaten += (first ?? 0) - last;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(eaten).toBeGreaterThan(0);
  });
});
