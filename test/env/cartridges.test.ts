import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { md5Of, type Rom } from '../../src/env/rom.ts';
import { syntheticGame } from '../helpers/synthetic.ts';

// Bank-switching schemes none of ALE's 104 ROMs uses (3F, UA, E7, FA), checked
// on small programs of our own: each program switches banks, copies a marker
// byte of the bank it sees into RAM, and loops. Each ROM is left to the
// scheme detection (Stella's size and signature rules).

const JMP_SELF = (at: number) => [0x4c, at & 0xff, at >> 8];

function put(image: Uint8Array, offset: number, code: number[]): void {
  image.set(code, offset);
}

/** Sets the little-endian reset vector at `offset` to `entry`. */
function vector(image: Uint8Array, offset: number, entry: number): void {
  image[offset] = entry & 0xff;
  image[offset + 1] = entry >> 8;
}

function rom(bytes: Uint8Array): Rom {
  return { path: '<synthetic>', bytes, md5: md5Of(bytes), game: syntheticGame() };
}

/** RAM bytes $80.. after reset (the program has run by then). */
function ramAfterReset(bytes: Uint8Array, n: number): number[] {
  return [...new AleInterface(rom(bytes)).ram().slice(0, n)];
}

describe('more cartridge schemes, on programs of our own', () => {
  it('FA (CBS RAM Plus, 12K): three banks by $1FF8-$1FFA, 256 bytes of RAM', () => {
    const img = new Uint8Array(12288).fill(0xea);
    // the same program in every bank, so execution continues across switches
    const program = [
      0xad,
      0xf8,
      0x1f,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x80, // LDA $1FF8 (bank 0); LDA $F800; STA $80
      0xad,
      0xf9,
      0x1f,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x81, // bank 1
      0xad,
      0xfa,
      0x1f,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x82, // bank 2
      0xa9,
      0x5a,
      0x8d,
      0xc3,
      0x10, //                  LDA #$5A; STA $10C3 (RAM write port, byte $C3)
      0xad,
      0xc3,
      0x11,
      0x85,
      0x83, //                   LDA $11C3 (read port); STA $83
      ...JMP_SELF(0xf222),
    ];
    for (let b = 0; b < 3; b++) {
      put(img, b * 4096 + 0x200, program); // $F200, above the RAM ports
      img[b * 4096 + 0x800] = b; // marker at $F800
      vector(img, b * 4096 + 0xffc, 0xf200);
    }
    expect(ramAfterReset(img, 4)).toEqual([0, 1, 2, 0x5a]);
  });

  it('3F (Tigervision, 8K): a write to $3F picks the 2K bank at $1000, the last 2K stays; TIA accesses still reach the TIA', () => {
    const img = new Uint8Array(8192).fill(0xea);
    for (let b = 0; b < 4; b++) img[b * 2048] = 0x30 + b; // marker at the start of each bank ($F000)
    const program = [
      0xa9,
      0x02,
      0x85,
      0x3f,
      0xad,
      0x00,
      0xf0,
      0x85,
      0x80, // LDA #2; STA $3F; LDA $F000; STA $80
      0xa9,
      0x01,
      0x85,
      0x3f,
      0xad,
      0x00,
      0xf0,
      0x85,
      0x81, // bank 1
      0xa5,
      0x0c,
      0x85,
      0x82, //                              LDA INPT4 (through the cartridge); STA $82
      0xad,
      0x00,
      0xf8,
      0x85,
      0x83, //                        LDA $F800 (fixed last bank); STA $83
      ...JMP_SELF(0xf81b),
    ];
    put(img, 6144, program); // $F800 = start of the fixed last bank
    vector(img, 8188, 0xf800);
    const [b2, b1, inpt4, fixed] = ramAfterReset(img, 4);
    expect([b2, b1, fixed]).toEqual([0x32, 0x31, 0xa9]);
    expect(inpt4! & 0x80).toBe(0x80); // fire not pressed: the read came from the TIA
  });

  it('UA (8K): touching $0220 or $0240 selects bank 0 or 1, by reads and by writes', () => {
    const img = new Uint8Array(8192).fill(0xea);
    const program = [
      0xad,
      0x40,
      0x02,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x80, // LDA $0240 (bank 1); LDA $F800; STA $80
      0xad,
      0x20,
      0x02,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x81, // LDA $0220 (bank 0)
      0x8d,
      0x40,
      0x02,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x82, // STA $0240 (bank 1)
      ...JMP_SELF(0xf018),
    ];
    for (let b = 0; b < 2; b++) {
      put(img, b * 4096, program);
      img[b * 4096 + 0x800] = 0x40 + b;
      vector(img, b * 4096 + 0xffc, 0xf000);
    }
    expect(ramAfterReset(img, 3)).toEqual([0x41, 0x40, 0x41]);
  });

  it('E7 (M-Network, 16K): 2K slices at $1000, 1K of RAM in slice 7, four 256-byte RAM banks at $1800', () => {
    const img = new Uint8Array(16384).fill(0xea);
    for (let s = 0; s < 8; s++) img[s * 2048] = 0x70 + s;
    const program = [
      0xad,
      0xe3,
      0x1f,
      0xad,
      0x00,
      0xf0,
      0x85,
      0x80, // LDA $1FE3 (slice 3); LDA $F000; STA $80
      0xad,
      0xe7,
      0x1f, //                               LDA $1FE7: 1K RAM at $1000
      0xa9,
      0x66,
      0x8d,
      0x10,
      0x10,
      0xad,
      0x10,
      0x14,
      0x85,
      0x81, // STA $1010; LDA $1410; STA $81
      0xad,
      0xe8,
      0x1f,
      0xa9,
      0x11,
      0x8d,
      0x05,
      0x18, // RAM bank 0: STA #$11 -> $1805
      0xad,
      0xe9,
      0x1f,
      0xa9,
      0x77,
      0x8d,
      0x05,
      0x18, // RAM bank 1: STA #$77 -> $1805
      0xad,
      0xe8,
      0x1f,
      0xad,
      0x05,
      0x19,
      0x85,
      0x82, // bank 0: LDA $1905; STA $82
      0xad,
      0xe9,
      0x1f,
      0xad,
      0x05,
      0x19,
      0x85,
      0x83, // bank 1: LDA $1905; STA $83
      ...JMP_SELF(0xfa35),
    ];
    put(img, 7 * 2048 + 0x200, program); // $FA00, in the fixed top of slice 7
    vector(img, 7 * 2048 + 0x7fc, 0xfa00);
    expect(ramAfterReset(img, 4)).toEqual([0x73, 0x66, 0x11, 0x77]);
  });
});

// The 6507 has 13 address lines: the cartridge and the chips show at eight
// places in the CPU's 64K (mirrors). The page table fills a mirror in when
// the CPU first reaches it and keeps it up to date from then on.
describe('mirrors of the 8K address space', () => {
  it('a bank switch (F8) shows through the mirrors used before it, through a mirror first reached after it, and from a hotspot in a mirror; RAM writes through a mirror land', () => {
    const img = new Uint8Array(8192).fill(0xea);
    const program = [
      0xad,
      0xf9,
      0x1f,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x80, // LDA $1FF9 (bank 1); LDA $F800 (mirror 7); STA $80
      0xad,
      0x00,
      0x38,
      0x85,
      0x81, //                   LDA $3800 (mirror 1); STA $81
      0xad,
      0xf8,
      0x1f,
      0xad,
      0x00,
      0xf8,
      0x85,
      0x82, // LDA $1FF8 (bank 0); LDA $F800; STA $82
      0xad,
      0x00,
      0x38,
      0x85,
      0x83, //                   LDA $3800; STA $83
      0xad,
      0x00,
      0x58,
      0x85,
      0x84, //                   LDA $5800 (mirror 2, not reached before); STA $84
      0xad,
      0xf9,
      0x7f,
      0xad,
      0x00,
      0x58,
      0x85,
      0x85, // LDA $7FF9 (bank 1, hotspot in mirror 3); LDA $5800; STA $85
      0xa9,
      0x77,
      0x8d,
      0x86,
      0x20, //                   LDA #$77; STA $2086 (RAM $86 through mirror 1)
    ];
    program.push(...JMP_SELF(0xf200 + program.length));
    for (let b = 0; b < 2; b++) {
      put(img, b * 4096 + 0x200, program); // $F200 in both banks, so execution continues across switches
      img[b * 4096 + 0x800] = 0x10 + b; // marker at $F800
      vector(img, b * 4096 + 0xffc, 0xf200);
    }
    expect(ramAfterReset(img, 7)).toEqual([0x11, 0x11, 0x10, 0x10, 0x10, 0x11, 0x77]);
  });
});
