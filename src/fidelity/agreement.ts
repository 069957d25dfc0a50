import { Env } from '../env/env.ts';
import type { Rom } from '../env/rom.ts';
import { checkObjects } from '../objects/check.ts';
import { ObjectExtractor } from '../objects/extractor.ts';

export interface CategoryAgreement {
  category: string;
  frames: number;
  /** Frames where every pixel was covered and no box was empty. */
  agreeing: number;
  /** Boxes reported over all frames (0 means the category was never seen). */
  boxes: number;
  minAgreement: number;
  examples: string[];
}

/**
 * Plays seeded random actions and compares the extracted objects with the
 * rendered screen on every step (frameskip 3 visits every frame phase, so
 * flickering objects are seen in all their states). `ramAtStart` bytes are
 * set at every episode start, to reach what random play does not (e.g.
 * Seaquest's later waves).
 */
export function measureAgreement(rom: Rom, seeds: number[], steps: number, ramAtStart: Record<number, number> = {}): CategoryAgreement[] {
  const config = rom.game.objects!;
  const result = new Map<string, CategoryAgreement>(
    Object.entries(config.categories).map(([category, c]) => [
      category,
      { category, frames: 0, agreeing: 0, boxes: 0, minAgreement: c.minAgreement ?? 1, examples: [] },
    ]),
  );
  for (const seed of seeds) {
    const env = new Env(rom, { frameskip: 3, repeatActionProbability: 0, seed, trackPixelSources: true });
    const start = () => {
      env.reset();
      for (const [index, value] of Object.entries(ramAtStart)) env.setRam(Number(index), value);
    };
    start();
    const extractor = new ObjectExtractor(rom.game);
    let s = seed * 7919 + 1;
    for (let i = 0; i < steps; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const r = env.step((s >>> 16) % env.actionSet.length);
      if (r.terminated || r.truncated) {
        start();
        extractor.reset();
        continue;
      }
      const frame = extractor.extract(env.ram());
      for (const c of checkObjects(config, frame.objects, env.screen(), env.screenHeight, env.pixelSources())) {
        const a = result.get(c.category)!;
        a.frames++;
        a.boxes += c.boxes;
        if (c.uncovered === 0 && c.empty.length === 0) a.agreeing++;
        else if (a.examples.length < 3) {
          a.examples.push(`seed ${seed} step ${i}: ${c.uncovered} uncovered (first ${c.firstUncovered}), empty ${c.empty.join(' ')}`);
        }
      }
    }
  }
  return [...result.values()];
}
