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
