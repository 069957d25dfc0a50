import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { syntheticRom } from '../helpers/synthetic.ts';

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

describe('drawScreen: false keeps collisions exact where it defers drawing', () => {
  it('collisions drawn after the last collision-relevant write still count when the frame hits the scanline limit', () => {
    // Without a picture, writes to WSYNC, colours, audio and motion registers
    // do not catch up on drawing. This ROM never starts VSYNC, so every frame
    // ends at the scanline limit on a WSYNC write. Once per 300-line loop it
    // reads the P0-playfield collision (both objects cover every visible
    // line), keeps the AND of all reads in $81 and clears the latch: a read
    // early in a frame sees only what was drawn since the clear, late in the
    // previous frame.
    const code = [
      0xa9, 0xff, //       LDA #$FF
      0x85, 0x0d, //       STA PF0
      0x85, 0x0e, //       STA PF1
      0x85, 0x0f, //       STA PF2     (playfield across the line)
      0x85, 0x1b, //       STA GRP0    (player 0 over it)
      0x85, 0x81, //       STA $81
      0xa2, 0x96, //       LDX #150
      0x4c, 0x1d, 0xf0, // JMP wait    (the first read comes after a frame)
      0xa5, 0x02, // loop: LDA CXP0FB
      0x85, 0x80, //       STA $80
      0x25, 0x81, //       AND $81
      0x85, 0x81, //       STA $81
      0x85, 0x2c, //       STA CXCLR
      0xa2, 0x96, //       LDX #150
      0x85, 0x02, // wait: STA WSYNC
      0x85, 0x02, //       STA WSYNC
      0xca, //             DEX
      0xd0, 0xf9, //       BNE wait
      0x4c, 0x11, 0xf0, // JMP loop
    ];
    const reads = (drawScreen: boolean) => {
      const env = new Env(syntheticRom(code), { drawScreen, seed: 3 });
      env.reset();
      const seen: [number, number][] = [];
      for (let i = 0; i < 100; i++) {
        env.step(0);
        const [last = 0, all = 0] = env.ram();
        seen.push([last, all]);
      }
      return seen;
    };
    const drawn = reads(true);
    // every read saw the collision
    expect(drawn.every(([last, all]) => last & all & 0x80)).toBe(true);
    expect(reads(false)).toEqual(drawn);
  });
});
