import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { gameDefaults } from '../../src/loop/game-defaults.ts';
import { PAPER_ENV, PAPER_GAMES, paperObs } from '../../src/loop/paper.ts';
import { playEpisodes } from '../../src/policy/runner.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

// The study's starting programs that make no random choice, on its observations: evaluated as the
// study did, they must score the starting evaluation it reported (PAPER_NOTES §4), to one decimal.
describe.runIf(sharedAvailable(ROMS))("the study's deterministic starting programs score its reported start", () => {
  it.each(['breakout', 'space_invaders', 'enduro', 'freeway'])(
    '%s',
    (game) => {
      expect(paperObs(game)).toBe('ocatari');
      const file = join(projectRoot, 'policies', game, 'paper.ts');
      const d = gameDefaults(game);
      const results = playEpisodes(findRom(game, ROMS), parsePolicy(readFileSync(file, 'utf8'), file), {
        episodes: d.evalEpisodes,
        maxSteps: d.evalMaxSteps,
        seed: 0,
        env: PAPER_ENV,
        obs: 'ocatari',
        lifeRule: PAPER_GAMES[game]!.lifeRule,
      });
      expect(results.every((r) => r.errors === 0)).toBe(true);
      const mean = results.reduce((a, r) => a + r.score, 0) / results.length;
      expect(mean.toFixed(1)).toBe(PAPER_GAMES[game]!.study.multi[0].toFixed(1));
    },
    60_000,
  );
});
