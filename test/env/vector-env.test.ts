import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { findRom } from '../../src/env/rom.ts';
import { VectorEnv } from '../../src/env/vector-env.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

function actionsFor(step: number, num: number, actions: number): number[] {
  return Array.from({ length: num }, (_, i) => ((Math.imul(step + 1, 2654435761) + 97 * i) >>> 0) % actions);
}

describe.skipIf(!sharedAvailable(ROMS))('VectorEnv', () => {
  // Breakout ends episodes quickly under random play, so autoreset is exercised.
  for (const [game, threads] of [
    ['breakout', 2],
    ['pong', 1],
    ['space_invaders', 3],
  ] as const) {
    it(`${game}, ${threads} thread(s): the same results as separate Envs with the same seeds, autoreset included`, () => {
      const rom = findRom(game, ROMS);
      const num = 3;
      const settings = { frameskip: 4, repeatActionProbability: 0.25, maxFramesPerEpisode: 2000 };
      const vec = new VectorEnv(rom, { num, seed: 40, threads, ...settings });
      const envs = Array.from({ length: num }, (_, i) => new Env(rom, { seed: 40 + i, ...settings }));
      vec.reset();
      for (const e of envs) e.reset();
      const ended = new Array<boolean>(num).fill(false);
      let resets = 0;
      for (let step = 0; step < 700; step++) {
        const actions = actionsFor(step, num, vec.actionSet.length);
        vec.step(actions);
        for (let i = 0; i < num; i++) {
          const env = envs[i]!;
          if (ended[i]) {
            // next-step autoreset: this step's action is ignored
            const info = env.reset();
            expect(vec.resets[i], `env ${i} step ${step}`).toBe(1);
            expect(vec.rewards[i]).toBe(0);
            expect(vec.lives[i]).toBe(info.lives);
            ended[i] = false;
            resets++;
          } else {
            const r = env.step(actions[i]!);
            expect([vec.rewards[i], vec.terminated[i], vec.truncated[i], vec.resets[i]], `env ${i} step ${step}`).toEqual([
              r.reward,
              Number(r.terminated),
              Number(r.truncated),
              0,
            ]);
            expect(vec.lives[i]).toBe(r.lives);
            expect(vec.frames[i]).toBe(r.frame);
            expect(vec.episodeFrames[i]).toBe(r.episodeFrame);
            ended[i] = r.terminated || r.truncated;
          }
          expect(vec.ramOf(i), `RAM of env ${i} at step ${step}`).toEqual(env.ram());
        }
      }
      expect(resets, 'episodes ended and were reset during the test').toBeGreaterThan(0);
      vec.close();
    });
  }

  it('send/recv overlaps JavaScript work and gives the same results as step; screens when asked', () => {
    const rom = findRom('pong', ROMS);
    const a = new VectorEnv(rom, { num: 2, seed: 3, threads: 2, drawScreen: true });
    const b = new VectorEnv(rom, { num: 2, seed: 3, threads: 1 });
    const single = new Env(rom, { seed: 4 });
    a.reset();
    b.reset();
    single.reset();
    for (let step = 0; step < 50; step++) {
      const actions = actionsFor(step, 2, a.actionSet.length);
      a.send(actions);
      b.step(actions);
      single.step(actions[1]!);
      a.recv();
      expect(a.ram).toEqual(b.ram);
      expect(a.rewards).toEqual(b.rewards);
    }
    expect(a.screenOf(1)).toEqual(single.screen());
    expect(() => b.screenOf(0)).toThrow(/drawScreen/);
    a.close();
    b.close();
  });

  it('checks its arguments and refuses use after close', () => {
    const rom = findRom('pong', ROMS);
    expect(() => new VectorEnv(rom, { num: 0 })).toThrow(HorizonError);
    expect(() => new VectorEnv(rom, { num: 2, seeds: [1] })).toThrow(/2 seeds/);
    expect(() => new VectorEnv(rom, { num: 2, maxFramesPerEpisode: -1 })).toThrow(/maxFramesPerEpisode/);
    expect(() => new VectorEnv(rom, { num: 2, threads: 0 })).toThrow(/threads/);
    const vec = new VectorEnv(rom, { num: 2, threads: 1 });
    expect(() => vec.step([0, 0])).toThrow(/reset\(\)/);
    vec.reset();
    expect(() => vec.step([0])).toThrow(/2 actions/);
    expect(() => vec.step([0, 99])).toThrow(/environment 1/);
    expect(() => vec.recv()).toThrow(/without a send/);
    vec.close();
    expect(() => vec.reset()).toThrow(/closed/);
  });
});
