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
      0xa9,
      0xff, //       LDA #$FF
      0x85,
      0x0d, //       STA PF0
      0x85,
      0x0e, //       STA PF1
      0x85,
      0x0f, //       STA PF2     (playfield across the line)
      0x85,
      0x1b, //       STA GRP0    (player 0 over it)
      0x85,
      0x81, //       STA $81
      0xa2,
      0x96, //       LDX #150
      0x4c,
      0x1d,
      0xf0, // JMP wait    (the first read comes after a frame)
      0xa5,
      0x02, // loop: LDA CXP0FB
      0x85,
      0x80, //       STA $80
      0x25,
      0x81, //       AND $81
      0x85,
      0x81, //       STA $81
      0x85,
      0x2c, //       STA CXCLR
      0xa2,
      0x96, //       LDX #150
      0x85,
      0x02, // wait: STA WSYNC
      0x85,
      0x02, //       STA WSYNC
      0xca, //             DEX
      0xd0,
      0xf9, //       BNE wait
      0x4c,
      0x11,
      0xf0, // JMP loop
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

  it('a player graphics write catches up when the lines before it had that player over another object', () => {
    // Without a picture, a GRP0/GRP1 write leaves the drawing to a later
    // write when the player it changes cannot meet another object in the
    // lines not drawn yet; the answer is kept until another register is
    // written. Here player 0 (32 pixels wide) first meets nothing: player 1
    // is far left. Then RESP1 moves player 1 under player 0, GRP0 turns on
    // for 10 lines and off again: those lines must latch the P0-P1
    // collision (had the kept answer survived RESP1, the 10 lines would be
    // drawn later with GRP0 off, and no collision).
    const code = [
      0xa9,
      0x07, // LDA #7
      0x85,
      0x04, // STA NUSIZ0  (player 0 four times as wide)
      0xa9,
      0x00, // LDA #0
      0x85,
      0x80, // STA $80
      0x85,
      0x02, // frame: STA WSYNC
      0x85,
      0x11, // STA RESP1   (early: player 1 far left, x = 3)
      0x85,
      0x02, // STA WSYNC
      ...new Array(12).fill(0xea), // NOP x 12
      0x85,
      0x10, // STA RESP0   (player 0 at x = 18)
      0x85,
      0x2c, // STA CXCLR
      0xa9,
      0xff, // LDA #$FF
      0x85,
      0x1c, // STA GRP1
      0x85,
      0x1b, // STA GRP0    (P0 meets nothing: the answer is kept)
      0xa2,
      0x0a, // LDX #10
      0x85,
      0x02, // w1: STA WSYNC
      0xca, // DEX
      0xd0,
      0xfb, // BNE w1
      0xa9,
      0x00, // LDA #0
      0x85,
      0x1b, // STA GRP0
      0x85,
      0x02, // STA WSYNC
      ...new Array(13).fill(0xea), // NOP x 13
      0x85,
      0x11, // STA RESP1   (player 1 moves under player 0)
      0xa9,
      0xff, // LDA #$FF
      0x85,
      0x1b, // STA GRP0
      0xa2,
      0x0a, // LDX #10
      0x85,
      0x02, // w2: STA WSYNC
      0xca, // DEX
      0xd0,
      0xfb, // BNE w2
      0xa9,
      0x00, // LDA #0
      0x85,
      0x1b, // STA GRP0    (the 10 lines before had P0 over P1)
      0xa5,
      0x07, // LDA CXPPMM
      0x05,
      0x80, // ORA $80
      0x85,
      0x80, // STA $80
      0x4c,
      0x08,
      0xf0, // JMP frame
    ];
    const collision = (drawScreen: boolean) => {
      const env = new Env(syntheticRom(code), { drawScreen, seed: 5 });
      env.reset();
      for (let i = 0; i < 5; i++) env.step(0);
      return env.ram()[0]! & 0x80;
    };
    expect(collision(true)).toBe(0x80);
    expect(collision(false)).toBe(0x80);
  });
});

describe('register writes that change nothing are dropped before they reach the TIA', () => {
  /** RAM ($80-$FF) of a synthetic ROM after 20 frames, drawn or not. */
  const ramAfter20Frames = (code: number[], drawScreen: boolean) => {
    const env = new Env(syntheticRom(code), { drawScreen, seed: 5 });
    env.reset();
    for (let i = 0; i < 20; i++) env.step(0);
    return env.ram();
  };

  it('a rewrite of GRP0 after a new GRP1 still latches the delayed GRP1', () => {
    // The CPU drops a write of the value a graphics register already holds
    // (kernels rewrite them every line). With VDELP1 set, player 1 shows the
    // copy of GRP1 latched by each GRP0 write, so rewriting GRP0 with the same
    // value after a new GRP1 is not a no-op. Each line writes GRP0 = $FF, then
    // the playfield and GRP1 ($FF on odd lines, $00 on even ones), GRP0 = $FF
    // again, and enables the ball (over player 1) on even lines only. Player 1
    // must show on the odd lines: it collides with the playfield, never with
    // the ball. Had the rewrite been dropped, player 1 would show the previous
    // line's GRP1 (even lines), or one frozen value (all lines, or none).
    const code = [
      0xa9,
      0x01, //       LDA #1
      0x85,
      0x26, //       STA VDELP1
      0xa9,
      0x07, //       LDA #7
      0x85,
      0x05, //       STA NUSIZ1  (player 1 four times as wide)
      0xa9,
      0x30, //       LDA #$30
      0x85,
      0x0a, //       STA CTRLPF  (ball 8 pixels wide)
      0x85,
      0x02, //       STA WSYNC
      ...new Array(20).fill(0xea), // NOP x 20
      0x85,
      0x11, //       STA RESP1   (mid-line,
      0x85,
      0x14, //       STA RESBL    the ball within player 1)
      0xa0,
      0xff, //       LDY #$FF
      0xa9,
      0x00, //       LDA #0
      0x85,
      0x80, //       STA $80
      0x85,
      0x02, // line: STA WSYNC
      0x84,
      0x1b, //       STY GRP0
      0x8a, //             TXA
      0x29,
      0x01, //       AND #1
      0xf0,
      0x02, //       BEQ even
      0xa9,
      0xff, //       LDA #$FF
      0x85,
      0x0d, // even: STA PF0
      0x85,
      0x0e, //       STA PF1
      0x85,
      0x0f, //       STA PF2
      0x85,
      0x1c, //       STA GRP1
      0x84,
      0x1b, //       STY GRP0    (the rewrite)
      0x49,
      0xff, //       EOR #$FF
      0x85,
      0x1f, //       STA ENABL
      0xe8, //             INX
      0xd0,
      0xe4, //       BNE line
      0xa5,
      0x03, //       LDA CXP1FB  (every 256 lines: P1-PF, P1-BL)
      0x05,
      0x80, //       ORA $80
      0x85,
      0x80, //       STA $80
      0x85,
      0x2c, //       STA CXCLR
      0x4c,
      0x2c,
      0xf0, // JMP line
    ];
    const collisions = (drawScreen: boolean) => ramAfter20Frames(code, drawScreen)[0]! & 0xc0;
    expect(collisions(true)).toBe(0x80);
    expect(collisions(false)).toBe(0x80);
  });

  it('a rewrite of GRP1 after a new ENABL still latches the delayed ENABL', () => {
    // The same for the ball: with VDELBL set it shows the copy of ENABL that
    // each GRP1 write latches. Each line writes GRP1 = 0, then the playfield
    // and ENABL (both on for odd lines), GRP1 = 0 again, and player 0 (over
    // the ball) on even lines. The ball must collide with the playfield, never
    // with player 0.
    const code = [
      0xa9,
      0x01, //       LDA #1
      0x85,
      0x27, //       STA VDELBL
      0xa9,
      0x30, //       LDA #$30
      0x85,
      0x0a, //       STA CTRLPF  (ball 8 pixels wide)
      0xa9,
      0x07, //       LDA #7
      0x85,
      0x04, //       STA NUSIZ0  (player 0 four times as wide)
      0x85,
      0x02, //       STA WSYNC
      ...new Array(20).fill(0xea), // NOP x 20
      0x85,
      0x10, //       STA RESP0   (mid-line,
      0x85,
      0x14, //       STA RESBL    the ball within player 0)
      0xa0,
      0x00, //       LDY #0
      0xa9,
      0x00, //       LDA #0
      0x85,
      0x80, //       STA $80
      0x85,
      0x81, //       STA $81
      0x85,
      0x02, // line: STA WSYNC
      0x84,
      0x1c, //       STY GRP1
      0x8a, //             TXA
      0x29,
      0x01, //       AND #1
      0xf0,
      0x02, //       BEQ even
      0xa9,
      0xff, //       LDA #$FF
      0x85,
      0x0d, // even: STA PF0
      0x85,
      0x0e, //       STA PF1
      0x85,
      0x0f, //       STA PF2
      0x85,
      0x1f, //       STA ENABL
      0x84,
      0x1c, //       STY GRP1    (the rewrite)
      0x49,
      0xff, //       EOR #$FF
      0x85,
      0x1b, //       STA GRP0
      0xe8, //             INX
      0xd0,
      0xe4, //       BNE line
      0xa5,
      0x06, //       LDA CXBLPF  (every 256 lines: BL-PF)
      0x05,
      0x80, //       ORA $80
      0x85,
      0x80, //       STA $80
      0xa5,
      0x02, //       LDA CXP0FB  (P0-BL)
      0x05,
      0x81, //       ORA $81
      0x85,
      0x81, //       STA $81
      0x85,
      0x2c, //       STA CXCLR
      0x4c,
      0x2e,
      0xf0, // JMP line
    ];
    const collisions = (drawScreen: boolean) => {
      const [ballPlayfield = 0, player0 = 0] = ramAfter20Frames(code, drawScreen);
      return [ballPlayfield & 0x80, player0 & 0x40];
    };
    expect(collisions(true)).toEqual([0x80, 0]);
    expect(collisions(false)).toEqual([0x80, 0]);
  });
});
