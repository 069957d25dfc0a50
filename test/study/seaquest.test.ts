import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

type Mover = { x: number; y: number; w: number; h: number; dx: number; dy: number };
type Obs = { Player: Mover; Enemies?: (Mover & { type: string })[]; Divers?: Mover[]; lives: number };

describe.runIf(sharedAvailable(ROMS))("Seaquest's study observations", () => {
  it('keys in the study order; every enemy, torpedo and diver one of the checked map in its lane', () => {
    const env = new Env(findRom('seaquest', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    const extractor = new ObjectExtractor(env.rom.game);
    let seed = 11;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) / 2 ** 24;
    };
    const moves = [2, 3, 4, 5, 11, 12];
    try {
      env.reset({ seed: 0 });
      source.reset();
      let seen = 0;
      for (let step = 0; step < 2000; step++) {
        const r = step === 0 ? undefined : env.step(moves[Math.floor(random() * moves.length)]!);
        if (r?.terminated) break;
        const obs = source.observe(env.ram(), { step, episodeFrame: 0, lives: env.lives(), prevAction: 'NOOP', reward: r?.reward ?? null }).obs as Obs;
        const keys = Object.keys(obs);
        expect(keys).toEqual(['Player', 'Enemies', 'Divers', 'lives', 'reward'].filter((k) => keys.includes(k)));
        expect(obs.Player.x).toBe(env.ram()[70]);
        const ours = extractor.extract(env.ram()).objects;
        // Lanes are 24 pixels apart: an object belongs to the lane whose band holds its y.
        const lane = (y: number) => Math.floor((150 - y) / 24);
        // (away from the screen's edges, where the project clips its boxes to what is drawn)
        const inside = (x: number) => x >= 8 && x < 152;
        for (const e of (obs.Enemies ?? []).filter((o) => inside(o.x))) {
          const category = e.type === 'EnemyMissile' ? 'EnemyMissile' : 'Enemy';
          expect(
            ours.some((o) => o.category === category && o.x === e.x && lane(o.y) === lane(e.y)),
            JSON.stringify(e),
          ).toBe(true);
          seen++;
        }
        for (const d of (obs.Divers ?? []).filter((o) => inside(o.x))) {
          expect(
            ours.some((o) => o.category === 'Diver' && o.x === d.x && lane(o.y) === lane(d.y)),
            JSON.stringify(d),
          ).toBe(true);
          seen++;
        }
      }
      expect(seen).toBeGreaterThan(100);
    } finally {
      env.close();
    }
  });
});
