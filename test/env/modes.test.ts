import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { findRom } from '../../src/env/rom.ts';
import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { toHex } from '../../src/trace/hash.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

// Every mode a roms-config offers must be reachable with ALE's set-up steps
// (SELECT presses until `modes.reached` holds, plus the game's waits), and
// different modes must start different games.
const withModes = [...loadGameConfigs().values()].filter((g) => (g.modes?.values.length ?? 0) > 1);

// Modes that ALE's own rules report as over right after reset: after the
// SELECT presses Demon Attack shows $F1 = $BD with no lives left ($F2 = 0),
// which is its game-over test (see roms-config/demon_attack.json).
const OVER_AT_RESET: Record<string, number[]> = { demon_attack: [3, 5, 7] };

describe.skipIf(!sharedAvailable(ROMS))('game modes', () => {
  it('at least 40 games offer more than one mode', () => {
    expect(withModes.length).toBeGreaterThanOrEqual(40);
  });

  for (const game of withModes) {
    it(`${game.id}: every mode (${game.modes!.values.join(', ')}) is reached and starts a game`, () => {
      const rom = findRom(game.id, ROMS);
      const starts = new Set<string>();
      for (const mode of game.modes!.values) {
        const ale = new AleInterface(rom, { mode });
        ale.resetGame(); // a mode takes effect at the reset after it is set, as in ALE
        expect(ale.gameOver()).toBe(OVER_AT_RESET[game.id]?.includes(mode) ?? false);
        for (let i = 0; i < 30; i++) ale.act(ale.minimalActions()[i % ale.minimalActions().length]!);
        starts.add(toHex(ale.ram()));
      }
      // Not all modes differ in RAM right away, but a game whose modes all
      // start identically would mean SELECT never changed anything.
      expect(starts.size).toBeGreaterThan(1);
    });
  }

  it('a mode the game does not offer is refused with the list of modes', () => {
    const rom = findRom('space_invaders', ROMS);
    let caught: unknown;
    try {
      new AleInterface(rom, { mode: 999 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HorizonError);
  });
});
