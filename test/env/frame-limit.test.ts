import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { syntheticRom } from '../helpers/synthetic.ts';

describe('frames end even when a ROM never starts VSYNC', () => {
  it('a ROM that only waits for WSYNC ends each frame at the scanline limit', () => {
    // loop: STA WSYNC ; JMP loop
    const ale = new AleInterface(syntheticRom([0x85, 0x02, 0x4c, 0x00, 0xf0]));
    const before = ale.frameNumber();
    for (let i = 0; i < 5; i++) ale.act(0);
    expect(ale.frameNumber()).toBe(before + 5);
    // Frames cut at the NTSC limit are 292 lines long: auto-detection calls
    // that PAL, as ALE's does, so the screen is 250 lines tall.
    expect(ale.screenHeight).toBe(250);
    expect(ale.screen().length).toBe(160 * 250);
  });

  it('a ROM that only rewrites a register with the same value ends its frames at the same limit', () => {
    // The CPU drops writes that would leave a graphics register as it is,
    // but not the one past the scanline limit: that write ends the frame.
    // LDA #$10 ; loop: STA PF0 ; INC $80 ; BNE skip ; INC $81 ; skip: JMP loop
    const rewrites = new AleInterface(syntheticRom([0xa9, 0x10, 0x85, 0x0d, 0xe6, 0x80, 0xd0, 0x02, 0xe6, 0x81, 0x4c, 0x02, 0xf0]));
    const waits = new AleInterface(syntheticRom([0x85, 0x02, 0x4c, 0x00, 0xf0]));
    // Cut frames are detected as PAL (as for the WSYNC loop): the limit is 342
    // lines, and a frame ends with the first write in line 343.
    expect(rewrites.screenHeight).toBe(waits.screenHeight);
    for (let i = 0; i < 5; i++) {
      rewrites.act(0);
      expect(rewrites.lastFrameScanlines()).toBe(343);
    }
    // About 14 cycles a round: some 1,860 rounds in those 343 lines, far
    // below the 6,000-odd rounds that 25,000 instructions would take.
    const [low = 0, high = 0] = rewrites.ram();
    const before = low + 256 * high;
    rewrites.act(0);
    const [low2 = 0, high2 = 0] = rewrites.ram();
    const rounds = (low2 + 256 * high2 - before + 65536) % 65536;
    expect(rounds * 14).toBeGreaterThan(343 * 76 - 100);
    expect(rounds * 14).toBeLessThan(343 * 76 + 100);
  });

  it('a ROM that never touches the TIA ends each frame after the instruction limit', () => {
    // JMP * (a tight loop)
    const ale = new AleInterface(syntheticRom([0x4c, 0x00, 0xf0]));
    for (let i = 0; i < 3; i++) ale.act(0);
    expect(ale.frameNumber()).toBe(3);
  });

  it('a ROM that jams the CPU still returns from every frame', () => {
    const ale = new AleInterface(syntheticRom([0x02]));
    ale.act(0);
    ale.act(0);
    expect(ale.frameNumber()).toBe(2);
  });
});
