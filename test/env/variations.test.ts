import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { compareTrace } from '../../src/fidelity/compare.ts';
import { REFERENCE, ROMS, sharedAvailable } from '../helpers/shared.ts';

// ALE 0.12.1 traces of every game variation (reference/modes: each non-default
// mode, each non-zero difficulty) and of long runs with game overs
// (reference/long: lives on the game-over step, resets after game over).
// npm test plays the first FAST_LINES agent steps of every variation (where a
// wrong reset procedure shows) and the long runs whole; `npm run fidelity --
// --set modes` plays the variations whole.

const FAST_LINES = 400;

const traces = (set: string) =>
  sharedAvailable(join(REFERENCE, set))
    ? readdirSync(join(REFERENCE, set))
        .filter((f) => f.endsWith('.txt.gz'))
        .sort()
    : [];

describe.skipIf(!sharedAvailable(ROMS))('game variations as ALE recorded them', () => {
  it('the reference holds every variation set', () => {
    expect(traces('modes').length).toBeGreaterThan(250);
  });

  for (const file of traces('modes')) {
    it(`${file}: the first ${FAST_LINES} steps`, () => {
      const r = compareTrace(join(REFERENCE, 'modes', file), ROMS, REFERENCE, { maxLines: FAST_LINES });
      expect(r.skipped).toBeUndefined();
      expect(r.firstDiff, `first difference at line ${r.firstDiffLine}`).toBeUndefined();
      expect(r.matched).toBe(Math.min(FAST_LINES, r.lines));
    });
  }
});

/** Per game, the variations ALE recorded: `<game>_m<M>_d<D>_...` (M = -1: the game has no setMode). */
function recorded(): Map<string, { modes: Set<number>; difficulties: Set<number>; difficultyMode: Set<number> }> {
  const out = new Map<string, { modes: Set<number>; difficulties: Set<number>; difficultyMode: Set<number> }>();
  for (const file of traces('modes')) {
    const m = /^(.+)_m(-?\d+)_d(\d+)_fs\d+_seed\d+\.txt\.gz$/.exec(file);
    if (!m) throw new Error(`unexpected file name ${file}`);
    const g = out.get(m[1]!) ?? { modes: new Set<number>(), difficulties: new Set<number>(), difficultyMode: new Set<number>() };
    const [mode, difficulty] = [Number(m[2]), Number(m[3])];
    if (difficulty === 0) g.modes.add(mode);
    else {
      g.difficulties.add(difficulty);
      g.difficultyMode.add(mode);
    }
    out.set(m[1]!, g);
  }
  return out;
}

describe.skipIf(!sharedAvailable(ROMS))("every game's variations are ALE's", () => {
  // ALE recorded every non-zero difficulty of every game, and some of its non-default modes
  // (a choice of up to 4): the difficulty lists must be ALE's, and every recorded mode one of ours.
  const ale = recorded();
  for (const game of [...loadGameConfigs().values()].filter((g) => ale.has(g.id) || (g.modes?.values.length ?? 0) > 1 || (g.difficulties?.length ?? 0) > 1)) {
    it(`${game.id}`, () => {
      const r = ale.get(game.id) ?? { modes: new Set<number>(), difficulties: new Set<number>(), difficultyMode: new Set<number>() };
      const values = game.modes?.values ?? [0];
      expect(new Set((game.difficulties ?? [0]).filter((d) => d !== 0)), 'non-zero difficulties').toEqual(r.difficulties);
      for (const m of [...r.modes, ...r.difficultyMode].filter((m) => m >= 0)) expect(values, 'a mode ALE played').toContain(m);
    });
  }
});

describe.skipIf(!sharedAvailable(ROMS))('long runs with game overs as ALE recorded them', () => {
  it('the reference holds the long runs', () => {
    expect(traces('long').length).toBeGreaterThanOrEqual(6);
  });

  for (const file of traces('long')) {
    it(`${file}: every line, lives on the game-over step included`, () => {
      const r = compareTrace(join(REFERENCE, 'long', file), ROMS, REFERENCE);
      expect(r.skipped).toBeUndefined();
      expect(r.firstDiff, `first difference at line ${r.firstDiffLine}`).toBeUndefined();
      expect(r.matched).toBe(r.lines);
      expect(r.lines).toBeGreaterThan(1000);
    });
  }
});
