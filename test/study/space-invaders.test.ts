import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

type Box = { x: number; y: number; w: number; h: number; dx: number; dy: number };

describe.runIf(sharedAvailable(ROMS))("Space Invaders' study observations", () => {
  it('one numbered key per object in list order, the state carried over resets, a checkpoint restores it exactly', () => {
    const env = new Env(findRom('space_invaders', ROMS), { ...PAPER_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    let seed = 5;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) / 2 ** 24;
    };
    const see = (reward: number | null) =>
      source.observe(env.ram(), { step: 0, episodeFrame: 0, lives: 3, prevAction: 'NOOP', reward }).obs as Record<string, Box | number | null>;
    try {
      env.reset({ seed: 0 });
      source.reset();
      const first = see(null);
      // 36 aliens at the start, after the player and the three shields; no bullet or satellite yet.
      expect(Object.keys(first)).toEqual(['Player', 'Shield0', 'Shield1', 'Shield2', ...Array.from({ length: 36 }, (_, i) => `Alien${i}`), 'reward']);
      let bullets = 0;
      let saved: { state: unknown; env: Buffer } | undefined;
      let expected: { action: number; obs: string } | undefined;
      for (let step = 1; step < 1500; step++) {
        const action = Math.floor(random() * 6);
        const r = env.step(action);
        const obs = see(r.reward);
        const keys = Object.keys(obs);
        for (const prefix of ['Shield', 'Alien', 'Bullet']) {
          const numbers = keys.filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(prefix.length)));
          expect(numbers).toEqual(numbers.map((_, i) => i));
        }
        expect(keys.at(-1)).toBe('reward');
        expect((obs.Player as Box).y).toBe(185);
        bullets += keys.filter((k) => k.startsWith('Bullet')).length;
        if (step === 700) saved = { state: JSON.parse(JSON.stringify(source.snapshot())), env: env.cloneState() };
        if (step === 701) expected = { action, obs: JSON.stringify(obs) };
        if (r.terminated) {
          env.reset();
          source.reset();
        }
      }
      expect(bullets).toBeGreaterThan(100);
      // A fresh observer restored from the checkpoint (as JSON) sees the next step exactly as the original did.
      env.restoreState(saved!.env);
      const again = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
      again.restore(saved!.state);
      const r = env.step(expected!.action);
      expect(JSON.stringify(again.observe(env.ram(), { step: 0, episodeFrame: 0, lives: 3, prevAction: 'NOOP', reward: r.reward }).obs)).toBe(expected!.obs);
    } finally {
      env.close();
    }
  });
});
