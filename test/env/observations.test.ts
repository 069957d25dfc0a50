import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import type { Observation } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

// Env with obsType objects: reset() and step() return what a policy sees (the
// study's OCAtari dictionaries, obsType ocatari, are checked against its
// record in test/study/observations.test.ts).

describe('Env with obsType objects', () => {
  it("returns the objects of the game's RAM after each step, with the step's counters", () => {
    const rom = findRom('demo', BUNDLED_ROMS);
    const env = new Env(rom, { seed: 2, repeatActionProbability: 0, obsType: 'objects', drawScreen: false });
    const extractor = new ObjectExtractor(rom.game);
    const first = env.reset().obs!;
    expect(first).toMatchObject({ step: 0, prevAction: 'NOOP', actions: env.actionNames, lives: env.lives() });
    expect(first.objects).toEqual(extractor.extract(env.ram()).objects);
    const copy = structuredClone(first);
    const seen: Observation[] = [first];
    for (let i = 1; i <= 40; i++) {
      const action = env.actionNames[i % env.actionNames.length]!;
      const r = env.step(action);
      const obs = r.obs!;
      expect(obs).toMatchObject({ step: i, prevAction: action, lives: r.lives, frame: r.episodeFrame });
      expect(obs.objects).toEqual(extractor.extract(env.ram()).objects);
      seen.push(obs);
    }
    // Each a copy of its own: the earlier ones are left as they were, and they differ as the game goes on.
    expect(seen[0]).toEqual(copy);
    expect(new Set(seen.map((o) => JSON.stringify(o.objects))).size).toBeGreaterThan(10);
    // A new episode starts the counters again.
    expect(env.reset().obs).toMatchObject({ step: 0, prevAction: 'NOOP', frame: 0 });
  });
});

describe('Env observations by obsType', () => {
  it('are typed by it: bytes for ram, rgb and grayscale, objects for objects', () => {
    const rom = findRom('demo', BUNDLED_ROMS);
    const grey: Uint8Array = new Env(rom, { seed: 1, obsType: 'grayscale' }).reset().obs!;
    const ram: Uint8Array = new Env(rom, { seed: 1, obsType: 'ram', drawScreen: false }).reset().obs!;
    const objects: Observation = new Env(rom, { seed: 1, obsType: 'objects' }).reset().obs!;
    expect([grey.length, ram.length, Array.isArray(objects.objects)]).toEqual([160 * 210, 128, true]);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('Env obsType refusals', () => {
  it("a game without an object map has no objects to see, one without the study's observations no OCAtari dictionary", () => {
    expect(() => new Env(findRom('zaxxon', ROMS), { seed: 1, obsType: 'objects' })).toThrow(/zaxxon has no object map/);
    expect(() => new Env(findRom('zaxxon', ROMS), { seed: 1, obsType: 'ocatari' })).toThrow(expect.objectContaining({ code: 'ERR_BAD_ARGUMENT' }));
    expect(() => new Env(findRom('pong', ROMS), { seed: 1, obsType: 'pixels' as 'rgb' })).toThrow(
      /obsType must be one of ram, rgb, grayscale, objects, ocatari/,
    );
  });
});
