import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

type Box = { x: number; y: number; w: number; h: number; dx: number; dy: number };

describe.runIf(sharedAvailable(ROMS))("Freeway's study observations", () => {
  it('Chicken, ten Cars top lane first, reward; positions agree with the checked object map; dx is the movement', () => {
    const env = new Env(findRom('freeway', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    const extractor = new ObjectExtractor(env.rom.game);
    try {
      env.reset({ seed: 0 });
      source.reset();
      let previous: Box[] | undefined;
      for (let step = 0; step < 300; step++) {
        const r = step === 0 ? undefined : env.step('UP');
        const obs = source.observe(env.ram(), { step, episodeFrame: 0, lives: 0, prevAction: 'UP', reward: r?.reward ?? null }).obs as {
          Chicken: Box;
          Cars: Box[];
          reward: number | null;
        };
        expect(Object.keys(obs)).toEqual(['Chicken', 'Cars', 'reward']);
        expect(obs.Cars.map((c) => c.y)).toEqual([27, 43, 59, 75, 91, 107, 123, 139, 155, 171]);
        const ours = extractor.extract(env.ram()).objects;
        // OCAtari's car x is RAM - 3 on a byte (wrapping at 256); the project's wraps at the screen's edge.
        expect(obs.Chicken.y).toBe(ours.find((o) => o.category === 'Chicken')!.y);
        obs.Cars.forEach((c, i) => {
          const car = ours.find((o) => o.id === `car${i}`);
          // (away from the screen's edges, where the project clips its boxes to what is drawn)
          if (car && c.x >= 8 && c.x < 150) expect(c.x, `step ${step} lane ${i}`).toBe(car.x);
        });
        if (previous) for (const [i, c] of obs.Cars.entries()) expect(c.dx).toBe(c.x - previous[i]!.x);
        else expect(obs.Chicken).toMatchObject({ dx: 44, dy: obs.Chicken.y }); // from OCAtari's initial (0, 0)
        previous = obs.Cars;
      }
    } finally {
      env.close();
    }
  });
});
