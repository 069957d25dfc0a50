import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { findRom } from '../../src/env/rom.ts';
import { fnv1a64, toHex } from '../../src/trace/hash.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { syntheticRom } from '../helpers/synthetic.ts';

/** Plays `n` frames of a fixed action pattern and records RAM and screen. */
function play(ale: AleInterface, n: number, offset = 0): string[] {
  const acts = ale.minimalActions();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const reward = ale.act(acts[(i * 7 + offset) % acts.length]!);
    out.push(`${reward} ${ale.lives()} ${ale.frameNumber()} ${toHex(ale.ram())} ${fnv1a64(ale.screen())}`);
    if (ale.gameOver()) ale.resetGame();
  }
  return out;
}

function expectStateError(fn: () => void, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(HorizonError);
  expect((caught as HorizonError).code).toBe('ERR_BAD_STATE');
  expect((caught as Error).message).toMatch(message);
}

describe.skipIf(!sharedAvailable(ROMS))('whole-machine state save/restore', () => {
  // 2K/4K, F8 with Superchip RAM, E0 slices, FE (A13 banking) and F6 with Superchip RAM
  for (const game of ['pong', 'ms_pacman', 'breakout', 'elevator_action', 'jamesbond', 'robotank', 'klax']) {
    it(`${game}: restoring a state replays exactly, screens included`, () => {
      const ale = new AleInterface(findRom(game, ROMS));
      play(ale, 300);
      const state = ale.cloneState();
      const first = play(ale, 400, 3);
      ale.restoreState(state);
      const second = play(ale, 400, 3);
      expect(second).toEqual(first);
      // the state restored into a fresh environment of the same game replays the same
      const other = new AleInterface(findRom(game, ROMS));
      other.restoreState(state);
      expect(play(other, 400, 3)).toEqual(first);
    });
  }

  it('a state of another ROM is refused and the environment keeps working', () => {
    const pong = new AleInterface(findRom('pong', ROMS));
    const boxing = new AleInterface(findRom('boxing', ROMS));
    play(pong, 50);
    const before = pong.cloneState();
    expectStateError(() => pong.restoreState(boxing.cloneState()), /another ROM/);
    expect(Buffer.compare(pong.cloneState(), before)).toBe(0);
    expect(play(pong, 10)).toHaveLength(10);
  });
});

describe('corrupt states are typed errors that leave the environment usable', () => {
  const ale = new AleInterface(syntheticRom([0xe6, 0x80, 0x85, 0x02, 0x4c, 0x00, 0xf0])); // INC $80; STA WSYNC; JMP
  for (let i = 0; i < 3; i++) ale.act(0);
  const good = ale.cloneState();

  it('flipped bytes fail the checksum', () => {
    const bad = Buffer.from(good);
    bad[bad.length - 100]! ^= 0xff;
    expectStateError(() => ale.restoreState(bad), /checksum/);
  });

  it('a truncated buffer is reported as truncated', () => {
    expectStateError(() => ale.restoreState(good.subarray(0, good.length - 10)), /truncated/);
    expectStateError(() => ale.restoreState(good.subarray(0, 5)), /too short|truncated/);
  });

  it('random bytes are not a state', () => {
    expectStateError(() => ale.restoreState(new Uint8Array(64).fill(3)), /not a horizon-arcade state/);
  });

  it('after the failures the environment still restores and runs', () => {
    ale.restoreState(good);
    const ram = Array.from(ale.ram());
    ale.act(0);
    expect(Array.from(ale.ram())).not.toEqual(ram);
    ale.restoreState(good);
    expect(Array.from(ale.ram())).toEqual(ram);
  });
});
