import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

type Mover = { x: number; y: number; w: number; h: number; dx: number; dy: number };
type Obs = { Player?: Mover; Enemies?: (Mover & { type: string })[]; Friendlies?: (Mover & { type: string })[]; Disks?: unknown[]; lives: number };

describe.runIf(sharedAvailable(ROMS))("Q*bert's study observations", () => {
  it('keys in the study order; Q*bert where the checked map puts it; movement of a kept object is its displacement', () => {
    const env = new Env(findRom('qbert', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    const extractor = new ObjectExtractor(env.rom.game);
    let seed = 3;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) / 2 ** 24;
    };
    try {
      env.reset({ seed: 0 });
      source.reset();
      let previous: Obs | undefined;
      let compared = 0;
      for (let step = 0; step < 1500; step++) {
        const r = step === 0 ? undefined : env.step(2 + Math.floor(random() * 4));
        if (r?.terminated) break;
        const obs = source.observe(env.ram(), { step, episodeFrame: 0, lives: env.lives(), prevAction: 'NOOP', reward: r?.reward ?? null }).obs as Obs;
        const keys = Object.keys(obs);
        expect(keys).toEqual(['Player', 'Enemies', 'Friendlies', 'Disks', 'lives', 'reward'].filter((k) => keys.includes(k)));
        for (const e of obs.Enemies ?? []) expect(['Coily', 'PurpleBall']).toContain(e.type);
        for (const f of obs.Friendlies ?? []) expect(['GreenBall', 'Sam']).toContain(f.type);
        const ram = env.ram();
        const ours = extractor.extract(ram).objects.find((o) => o.category === 'Player');
        // (on the pyramid: above it the project clips its box to what is drawn)
        if (obs.Player && ours && ram[59] !== 255 && obs.Player.y >= 30) {
          expect([obs.Player.x, obs.Player.y]).toEqual([ours.x, ours.y]);
          compared++;
        }
        if (obs.Player && previous?.Player) {
          expect(obs.Player.dx).toBe(obs.Player.x - previous.Player.x);
          expect(obs.Player.dy).toBe(obs.Player.y - previous.Player.y);
        }
        previous = obs;
      }
      expect(compared).toBeGreaterThan(50);
    } finally {
      env.close();
    }
  });
});
