import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { resetWithLifeRule, stepWithLifeRule } from '../../src/env/life-rule.ts';
import { findRom } from '../../src/env/rom.ts';
import { findGameById } from '../../src/env/roms-config.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { brickBitmap, brickRuns } from '../../src/objects/ocatari/breakout.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

describe("Breakout's OCAtari bricks", () => {
  it("OCAtari's bitmap of RAM[0..35] names the same bricks as the project's checked brick map, on any RAM", () => {
    const extractor = new ObjectExtractor(findGameById('breakout'));
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed >>> 24;
    };
    for (let n = 0; n < 500; n++) {
      const ram = new Uint8Array(128).map(random);
      // The first byte of each row keeps its bricks in the low 6 bits (the game never sets the top two).
      for (let k = 0; k < 6; k++) ram[k]! &= 63;
      const ours = extractor
        .extract(ram)
        .objects.filter((o) => o.category === 'Brick')
        .map((o) => `${o.x},${o.y}`);
      const theirs = brickBitmap(ram).flatMap((row, r) => row.flatMap((on, c) => (on ? [`${8 + 8 * c},${57 + 6 * r}`] : [])));
      expect(theirs.sort()).toEqual(ours.sort());
    }
  });

  it('merges adjacent bricks of a row into one box, left to right', () => {
    const row = [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const empty = row.map(() => 0);
    expect(brickRuns([row, empty, empty, empty, empty, empty.map(() => 1)])).toEqual([
      [
        { x: 8, y: 57, w: 16, h: 6 },
        { x: 40, y: 57, w: 8, h: 6 },
        { x: 136, y: 57, w: 16, h: 6 },
      ],
      [],
      [],
      [],
      [],
      [{ x: 8, y: 87, w: 144, h: 6 }],
    ]);
  });
});

describe.runIf(sharedAvailable(ROMS))("Breakout as the study's environment served it", () => {
  it('reset serves the ball; keys in order; a lost life is followed by a served ball that starts still', () => {
    const env = new Env(findRom('breakout', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    const glance = () => void source.observe(env.ram(), { step: 0, episodeFrame: 0, lives: env.lives(), prevAction: 'NOOP', reward: null });
    try {
      source.reset();
      const info = resetWithLifeRule(env, 'fire-after-loss', { seed: 0 }, glance);
      const first = source.observe(env.ram(), { step: 0, episodeFrame: info.episodeFrame, lives: info.lives, prevAction: 'NOOP', reward: null }).obs as Record<
        string,
        unknown
      >;
      expect(Object.keys(first)).toEqual(['Player', 'Ball', 'RB', 'OB', 'YB', 'GB', 'AB', 'BB', 'lives', 'reward']);
      expect(first).toMatchObject({
        Player: { x: 99, y: 189, w: 16, h: 4, dx: 0, dy: 0 },
        Ball: { dx: 0, dy: 0 },
        RB: [{ x: 8, y: 57, w: 144, h: 6 }],
        lives: 5,
        reward: null,
      });
      // Standing still: the ball is missed; FIRE serves the next one at once.
      let lives = info.lives;
      let lost: Record<string, unknown> | undefined;
      for (let step = 0; step < 400 && !lost; step++) {
        const r = stepWithLifeRule(env, 'NOOP', 'fire-after-loss', lives, glance);
        const obs = source.observe(env.ram(), { step, episodeFrame: r.episodeFrame, lives: r.lives, prevAction: 'NOOP', reward: r.reward }).obs as Record<
          string,
          unknown
        >;
        if (r.lifeLost) lost = obs;
        lives = r.lives;
      }
      expect(lost).toMatchObject({ lives: 4, reward: 0, Player: { dx: 0, dy: 0 } });
      expect(Object.keys(lost!).at(-2)).toBe('lives');
    } finally {
      env.close();
    }
  });
});
