import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { nextLifeWithLifeRule, resetWithLifeRule, stepWithLifeRule } from '../../src/env/life-rule.ts';
import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

type Item = { x: number; y: number; type: string };
type Obs = { Player: { x: number; y: number }; Enemies?: Item[]; Consumables?: Item[]; Rewards?: Item[]; lives: number; reward: number | null };

describe.runIf(sharedAvailable(ROMS))("Asterix's study observations and episodic lives", () => {
  it('lists nearest first, keys in the study order, every item one of the checked map; a lost life ends the episode and one NOOP starts the next', () => {
    const env = new Env(findRom('asterix', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    const extractor = new ObjectExtractor(env.rom.game);
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) / 2 ** 24;
    };
    try {
      source.reset();
      let lives = resetWithLifeRule(env, 'episodic', { seed: 0 }).lives;
      let livesLost = 0;
      let reward: number | null = null;
      for (let step = 0; step < 3000 && livesLost < 2; step++) {
        const obs = source.observe(env.ram(), { step, episodeFrame: 0, lives, prevAction: 'NOOP', reward }).obs as Obs;
        const keys = Object.keys(obs);
        expect(keys).toEqual(['Player', 'Enemies', 'Consumables', 'Rewards', 'lives', 'reward'].filter((k) => keys.includes(k)));
        expect(obs.lives).toBe(lives);
        const ours = extractor.extract(env.ram()).objects;
        for (const list of [obs.Enemies, obs.Consumables, obs.Rewards]) {
          if (!list) continue;
          const d = list.map((i) => Math.abs(i.x - obs.Player.x) + Math.abs(i.y - obs.Player.y));
          expect(d).toEqual([...d].sort((a, b) => a - b));
          for (const i of list) {
            // OCAtari draws what is to be eaten one pixel right and lower.
            const shift = i.type === 'Consumable' ? 1 : 0;
            expect(
              ours.some((o) => o.category === i.type && (o.x + shift) % 256 === i.x && o.y + shift === i.y),
              JSON.stringify(i),
            ).toBe(true);
          }
        }
        const r = stepWithLifeRule(env, Math.floor(random() * 9), 'episodic', lives);
        reward = r.reward;
        if (r.episodeOver && !r.terminated) {
          expect(r.lives).toBe(lives - 1);
          livesLost++;
          const next = nextLifeWithLifeRule(env, 'episodic');
          expect(next).toMatchObject({ newGame: false, lives: r.lives, frame: r.frame + 4 });
          reward = null;
        }
        lives = r.lives;
      }
      expect(livesLost).toBe(2);
    } finally {
      env.close();
    }
  });
});
