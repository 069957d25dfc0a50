import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const GAMES = [...loadGameConfigs().keys()].filter((g) => !existsSync(join(BUNDLED_ROMS, `${g}.bin`)));

describe.skipIf(!sharedAvailable(ROMS))('drawScreen: false emulates the same game without the picture', () => {
  // Collisions decide much of these games (bat and ball, shots and aliens), so
  // RAM equality over thousands of frames checks that they are still exact.
  for (const game of GAMES) {
    it(`${game}: RAM, reward, lives and game over match the drawn run step by step`, () => {
      const rom = findRom(game, ROMS);
      const options = { frameskip: 2, repeatActionProbability: 0.25, seed: 7 };
      const drawn = new Env(rom, options);
      const blind = new Env(rom, { ...options, drawScreen: false });
      drawn.reset();
      blind.reset();
      let s = 12345;
      for (let i = 0; i < 1500; i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const a = (s >>> 16) % drawn.actionSet.length;
        const x = drawn.step(a);
        const y = blind.step(a);
        expect(y, `step ${i}`).toEqual(x);
        expect(blind.ram(), `RAM at step ${i}`).toEqual(drawn.ram());
        if (x.terminated || x.truncated) {
          drawn.reset();
          blind.reset();
        }
      }
    });
  }

  it('refuses screen reads with ERR_NO_SCREEN, and pixel tracking without a screen', () => {
    const env = new Env(findRom('pong', ROMS), { drawScreen: false, seed: 1 });
    env.reset();
    env.step(0);
    for (const read of [() => env.screen(), () => env.rgb(), () => env.grayscale()]) {
      expect(read).toThrow(HorizonError);
      expect(read).toThrow(/drawScreen/);
    }
    expect(() => new Env(findRom('pong', ROMS), { drawScreen: false, trackPixelSources: true })).toThrow(/trackPixelSources/);
  });
});
