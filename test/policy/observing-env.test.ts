import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { ObservingEnv } from '../../src/policy/observing-env.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

// ObservingEnv: reset() and step() return what a policy sees (the study's
// OCAtari dictionaries are checked against its record in test/study/observations.test.ts).

describe('ObservingEnv with the objects format', () => {
  it("returns the objects of the game's RAM after each step, with the step's counters", () => {
    const rom = findRom('demo', BUNDLED_ROMS);
    const env = new ObservingEnv(new Env(rom, { seed: 2, repeatActionProbability: 0 }), 'objects');
    const extractor = new ObjectExtractor(rom.game);
    const first = env.reset().obs as { step: number; prevAction: string; objects: unknown[]; actions: string[] };
    expect(first).toMatchObject({ step: 0, prevAction: 'NOOP', actions: env.env.actionNames });
    expect(first.objects).toEqual(extractor.extract(env.env.ram()).objects);
    for (let i = 1; i <= 20; i++) {
      const action = env.env.actionNames[i % env.env.actionNames.length]!;
      const r = env.step(action);
      const obs = r.obs as { step: number; prevAction: string; lives: number; frame: number; objects: unknown[] };
      expect(obs).toMatchObject({ step: i, prevAction: action, lives: r.lives, frame: r.episodeFrame });
      expect(obs.objects).toEqual(extractor.extract(env.env.ram()).objects);
    }
  });
});

describe.skipIf(!sharedAvailable(ROMS))('ObservingEnv refusals', () => {
  it('a game without an object map has no objects to see', () => {
    expect(() => new ObservingEnv(new Env(findRom('zaxxon', ROMS), { seed: 1 }), 'objects')).toThrow(/zaxxon has no object map/);
  });
});
