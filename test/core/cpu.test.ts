import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { addon } from '../../src/env/native.ts';
import { SHARED, sharedAvailable } from '../helpers/shared.ts';

const FUNCTIONAL_TEST = join(SHARED, 'testdata', '6502', '6502_functional_test.bin');

/** A 64K image with `bytes` at `origin`. */
function image(origin: number, bytes: number[]): Uint8Array {
  const img = new Uint8Array(0x10000);
  img.set(bytes, origin);
  return img;
}

/** Runs one instruction and returns the board's state and cycles used. */
function step(bytes: number[], regs: Record<string, number> = {}, memory: [number, number[]][] = []) {
  const img = image(0x0200, bytes);
  for (const [addr, data] of memory) img.set(data, addr);
  const board = new (addon()._CpuBoard)(img, true);
  board.setRegisters({ pc: 0x0200, ...regs });
  const r = board.run(1, false);
  return { ...r, log: board.log(), board };
}

describe.skipIf(!sharedAvailable(FUNCTIONAL_TEST))('6502 functional test', () => {
  it('reaches the success loop at $3469', () => {
    const board = new (addon()._CpuBoard)(new Uint8Array(readFileSync(FUNCTIONAL_TEST)), false);
    board.setRegisters({ pc: 0x0400 });
    const r = board.run(200_000_000, true);
    expect(r.selfLoop).toBe(true);
    expect(r.pc.toString(16)).toBe('3469');
  });
});

describe('instruction timing and bus accesses', () => {
  // Cycle counts are the 6502's, but bus accesses are those of ALE's CPU (Stella's
  // "low compatibility" core): no dummy reads or writes, which only devices with
  // side effects on access (bank hotspots, the DPC chip's random numbers) can tell.
  it('LDA abs,X takes 4 cycles, 5 when the index crosses a page (without a dummy read)', () => {
    const same = step([0xbd, 0x10, 0x30], { x: 0x05 }, [[0x3015, [0x42]]]);
    expect(same.cycles).toBe(4);
    expect(same.a).toBe(0x42);
    const cross = step([0xbd, 0xff, 0x30], { x: 0x02 }, [[0x3101, [0x99]]]);
    expect(cross.cycles).toBe(5);
    expect(cross.a).toBe(0x99);
    // the extra cycle makes no access to the un-carried address $3001
    expect(cross.log.map((e) => e.addr)).toEqual([0x0200, 0x0201, 0x0202, 0x3101]);
  });

  it('STA abs,X always takes 5 cycles and only writes the target', () => {
    const r = step([0x9d, 0x00, 0x30], { a: 0x7e, x: 0x01 });
    expect(r.cycles).toBe(5);
    expect(r.log.at(-1)).toMatchObject({ addr: 0x3001, value: 0x7e, write: true });
    expect(r.log.filter((e) => e.addr === 0x3001)).toHaveLength(1);
  });

  it('read-modify-write takes 6 cycles and writes the new value once', () => {
    const r = step([0xee, 0x00, 0x30], {}, [[0x3000, [0x41]]]);
    expect(r.cycles).toBe(6);
    const writes = r.log.filter((e) => e.write).map((e) => e.value);
    expect(writes).toEqual([0x42]);
  });

  it('branches take 2 cycles, 3 when taken, 4 when crossing a page', () => {
    expect(step([0xd0, 0x10], { p: 0x26 }).cycles).toBe(2); // Z set: BNE not taken
    expect(step([0xd0, 0x10], { p: 0x24 }).cycles).toBe(3);
    const far = step([0xd0, 0x7f], { p: 0x24, pc: 0x0200 });
    expect(far.cycles).toBe(3);
    const cross = image(0x02f0, [0xd0, 0x20]);
    const board = new (addon()._CpuBoard)(cross, false);
    board.setRegisters({ pc: 0x02f0, p: 0x24 });
    const r = board.run(1, false);
    expect(r.pc).toBe(0x0312);
    expect(r.cycles).toBe(4);
  });

  it('JSR and RTS take 6 cycles each and return after the call', () => {
    const img = image(0x0200, [0x20, 0x00, 0x03, 0xea]);
    img[0x0300] = 0x60;
    const board = new (addon()._CpuBoard)(img, false);
    board.setRegisters({ pc: 0x0200, sp: 0xff });
    const call = board.run(1, false);
    expect(call).toMatchObject({ pc: 0x0300, sp: 0xfd, cycles: 6 });
    expect(board.peek(0x01ff)).toBe(0x02);
    expect(board.peek(0x01fe)).toBe(0x02);
    const ret = board.run(1, false);
    expect(ret).toMatchObject({ pc: 0x0203, sp: 0xff, cycles: 12 });
  });

  it('BRK pushes PC+2 and the status with B set, then jumps through $FFFE', () => {
    const img = image(0x0200, [0x00, 0xea]);
    img[0xfffe] = 0x00;
    img[0xffff] = 0x40;
    const board = new (addon()._CpuBoard)(img, false);
    board.setRegisters({ pc: 0x0200, sp: 0xff, p: 0x20 });
    const r = board.run(1, false);
    expect(r).toMatchObject({ pc: 0x4000, cycles: 7, sp: 0xfc });
    expect(board.peek(0x01ff)).toBe(0x02);
    expect(board.peek(0x01fe)).toBe(0x02);
    expect(board.peek(0x01fd) & 0x30).toBe(0x30);
    expect(r.p & 0x04).toBe(0x04);
  });

  it('JMP ($xxFF) takes the high byte from the start of the same page', () => {
    const r = step([0x6c, 0xff, 0x30], {}, [
      [0x30ff, [0x34]],
      [0x3000, [0x12]],
      [0x3100, [0x56]],
    ]);
    expect(r.pc).toBe(0x1234);
    expect(r.cycles).toBe(5);
  });

  it('decimal mode ADC and SBC give BCD results', () => {
    expect(step([0x69, 0x27], { a: 0x15, p: 0x28 })).toMatchObject({ a: 0x42 }); // 15 + 27
    const carry = step([0x69, 0x01], { a: 0x99, p: 0x28 });
    expect(carry.a).toBe(0x00);
    expect(carry.p & 0x01).toBe(1);
    expect(step([0xe9, 0x19], { a: 0x42, p: 0x29 })).toMatchObject({ a: 0x23 }); // 42 - 19
  });

  it('undocumented LAX, SAX and DCP work as games use them', () => {
    expect(step([0xa7, 0x10], {}, [[0x0010, [0x8c]]])).toMatchObject({ a: 0x8c, x: 0x8c, cycles: 3 });
    const sax = step([0x87, 0x20], { a: 0xf0, x: 0x3c });
    expect(sax.board.peek(0x20)).toBe(0x30);
    const dcp = step([0xc7, 0x30], { a: 0x05 }, [[0x0030, [0x06]]]);
    expect(dcp.board.peek(0x30)).toBe(0x05);
    expect(dcp.p & 0x03).toBe(0x03); // equal: Z and C set
  });

  it('a JAM opcode halts the CPU', () => {
    const r = step([0x02, 0xea]);
    expect(r.halted).toBe(true);
  });
});
