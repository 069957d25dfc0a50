import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { Env, type FrameShape } from '../../src/env/env.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { type PreprocessOptions, VectorEnv } from '../../src/env/vector-env.ts';
import { referenceScreens } from '../../src/fidelity/compare.ts';
import { generateTrace } from '../../src/trace/trace.ts';
import { resize } from '../helpers/area-resize.ts';
import { REFERENCE, ROMS, sharedAvailable } from '../helpers/shared.ts';

// The observation pipeline of VectorEnv against a reference written here from
// the definitions (Gymnasium's AtariPreprocessing + FrameStack): the same
// games played by single Envs one frame at a time, their screens pooled,
// resized and stacked in TypeScript.

describe('area resize (the reference itself)', () => {
  it('averages whole blocks at an integer factor and keeps a flat image flat', () => {
    const src = new Uint8Array(4 * 160).map((_, i) => (i % 2) * 10 + (Math.floor(i / 160) % 2) * 20);
    // 2 x 2 blocks of 0, 10, 20, 30: mean 15.
    expect([...resize(src, 4, 1, 80, 2)].every((v) => v === 15)).toBe(true);
    expect([...resize(new Uint8Array(210 * 160).fill(77), 210, 1, 84, 84)].every((v) => v === 77)).toBe(true);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('VectorEnv observations (preprocess)', () => {
  const cases: [string, PreprocessOptions, number][] = [
    ['breakout', { stack: 4 }, 4],
    ['pong', { grayscale: false, width: 64, height: 48, stack: 2 }, 3],
    ['space_invaders', { maxPool: false, width: 84, height: 110 }, 4],
  ];
  it.each(cases)('%s %o frameskip %i: equal to the reference on the same play, episode ends included', (game, options, frameskip) => {
    const rom = findRom(game, ROMS);
    const num = 2;
    const sticky = { repeatActionProbability: 0.25, maxFramesPerEpisode: 1200 };
    const vec = new VectorEnv(rom, { num, seed: 9, threads: 2, frameskip, ...sticky, preprocess: options });
    const envs = Array.from({ length: num }, (_, i) => new Env(rom, { seed: 9 + i, frameskip: 1, ...sticky }));
    const grey = options.grayscale !== false;
    const channels = grey ? 1 : 3;
    const [stack, h, w] = vec.observationShape!;
    const screen = (e: Env) => (grey ? e.grayscale() : e.rgb());
    const stacks = envs.map(() => [] as Uint8Array[]);
    const observe = (i: number, frame: Uint8Array, fill: boolean) => {
      const small = resize(frame, vec.screenHeight, channels, w!, h!);
      stacks[i] = fill ? Array.from({ length: stack! }, () => small) : [...stacks[i]!.slice(1), small];
    };
    const expectSame = (i: number, what: string) => {
      const expected = new Uint8Array(vec.observationOf(i).length);
      for (const [k, f] of stacks[i]!.entries()) expected.set(f, k * f.length);
      expect(Buffer.from(vec.observationOf(i)).equals(Buffer.from(expected)), what).toBe(true);
    };
    vec.reset();
    envs.forEach((e, i) => {
      e.reset();
      observe(i, screen(e), true);
      expectSame(i, `env ${i} reset`);
    });
    const ended = [false, false];
    let episodesEnded = 0;
    for (let step = 0; step < 400; step++) {
      const actions = Array.from({ length: num }, (_, i) => ((step * 7 + i * 3) >>> 0) % vec.actionSet.length);
      vec.step(actions);
      envs.forEach((e, i) => {
        if (ended[i]) {
          e.reset();
          observe(i, screen(e), true);
          ended[i] = false;
        } else {
          let reward = 0;
          let last = e.step(actions[i]!);
          reward += last.reward;
          let previous: Uint8Array | undefined;
          for (let f = 1; f < frameskip; f++) {
            if (f === frameskip - 1) previous = screen(e).slice();
            last = e.step(actions[i]!);
            reward += last.reward;
          }
          const frame = screen(e).slice();
          if (options.maxPool !== false && previous) for (let k = 0; k < frame.length; k++) frame[k] = Math.max(frame[k]!, previous[k]!);
          observe(i, frame, false);
          expect(vec.rewards[i], `env ${i} step ${step}`).toBe(reward);
          ended[i] = last.terminated || last.truncated;
          if (ended[i]) episodesEnded++;
        }
        expectSame(i, `env ${i} step ${step}`);
      });
    }
    expect(episodesEnded).toBeGreaterThan(0);
    // Pictures, not blanks: many grey levels (or colours) in the last observation.
    expect(new Set(vec.observationOf(0)).size).toBeGreaterThan(3);
    vec.close();
  });

  it('no-op starts are 1..noopMax frames from the seed; clipped rewards are signs; a lost life ends the episode and the game goes on', () => {
    const rom = findRom('breakout', ROMS);
    const starts = (seed: number) => {
      const vec = new VectorEnv(rom, { num: 4, seed, threads: 2, preprocess: { noopMax: 30 } });
      vec.reset();
      const frames = [...vec.episodeFrames];
      vec.close();
      return frames;
    };
    const plain = new VectorEnv(rom, { num: 1, seed: 3 });
    plain.reset();
    const resetFrames = plain.episodeFrames[0]!;
    plain.close();
    const a = starts(3);
    expect(a).toEqual(starts(3));
    for (const f of a) expect(f - resetFrames).toBeGreaterThanOrEqual(1);
    for (const f of a) expect(f - resetFrames).toBeLessThanOrEqual(30);
    expect(new Set(a).size).toBeGreaterThan(1);

    const vec = new VectorEnv(rom, { num: 1, seed: 1, threads: 1, preprocess: { episodicLife: true, clipRewards: true } });
    vec.reset();
    const fire = vec.actionNames.indexOf('FIRE');
    let lifeEnded = false;
    for (let step = 0; step < 3000 && !lifeEnded; step++) {
      vec.step([step % 20 === 0 ? fire : 0]);
      expect([-1, 0, 1]).toContain(vec.rewards[0]);
      if (vec.terminated[0] && vec.lives[0]! > 0) {
        lifeEnded = true;
        const lives = vec.lives[0]!;
        const frame = vec.frames[0]!;
        const episodeFrame = vec.episodeFrames[0]!;
        vec.step([0]);
        // Not a new game: the lives stay, the frame counters go on.
        expect(vec.resets[0]).toBe(1);
        expect(vec.lives[0]).toBe(lives);
        expect(vec.terminated[0]).toBe(0);
        expect(vec.episodeFrames[0]).toBe(episodeFrame + 4);
        expect(vec.frames[0]).toBe(frame + 4);
      }
    }
    expect(lifeEnded).toBe(true);
    vec.close();
  });

  it('refuses bad options with their names', () => {
    const rom = findRom('pong', ROMS);
    expect(() => new VectorEnv(rom, { num: 1, preprocess: { stack: 0 } })).toThrow(/preprocess.stack must be an integer in 1..64/);
    expect(() => new VectorEnv(rom, { num: 1, preprocess: { size: 84 } as PreprocessOptions })).toThrow(/preprocess must be options among/);
  });
});

describe('Env.resizedScreen (the picture policies read as obs.frame)', () => {
  const games: [string, string][] = [['demo', BUNDLED_ROMS], ...(sharedAvailable(ROMS) ? [['breakout', ROMS] as [string, string]] : [])];
  const shapes: FrameShape[] = [
    { width: 84, height: 84, color: 'grayscale' },
    { width: 40, height: 52, color: 'rgb' },
    { width: 160, height: 210, color: 'rgb' },
  ];
  it.each(games)('%s: equal to the reference on played screens, in grey and RGB', (game, roms) => {
    const env = new Env(findRom(game, roms), { seed: 4, repeatActionProbability: 0 });
    env.reset();
    for (let step = 0; step < 300; step++) {
      env.step(step % env.actionSet.length);
      if (step % 50 !== 49) continue;
      for (const shape of shapes) {
        const grey = shape.color === 'grayscale';
        const expected = resize(grey ? env.grayscale() : env.rgb(), env.screenHeight, grey ? 1 : 3, shape.width, shape.height);
        expect(Buffer.from(env.resizedScreen(shape)).equals(Buffer.from(expected)), `${game} step ${step} ${JSON.stringify(shape)}`).toBe(true);
      }
    }
  });

  it('refuses a shape it cannot make, and works only with the screen drawn', () => {
    const demo = findRom('demo', BUNDLED_ROMS);
    const env = new Env(demo, { seed: 1 });
    env.reset();
    expect(() => env.resizedScreen({ width: 161, height: 10, color: 'grayscale' })).toThrow(/frame width must be an integer in 1..160/);
    expect(() => env.resizedScreen({ width: 10, height: 211, color: 'grayscale' })).toThrow(/frame height must be an integer in 1..210/);
    expect(() => env.resizedScreen({ width: 10, height: 10, color: 'sepia' as 'rgb' })).toThrow(/frame color must be grayscale or rgb/);
    const blind = new Env(demo, { seed: 1, drawScreen: false });
    blind.reset();
    expect(() => blind.resizedScreen({ width: 10, height: 10, color: 'rgb' })).toThrow(expect.objectContaining({ code: 'ERR_NO_SCREEN' }));
  });
});

describe.skipIf(!sharedAvailable(REFERENCE))("the resize on ALE's stored screens", () => {
  // ALE's own screens after N frames of the seed-1 reference sequence, resized
  // by the reference, against our native resize of our screen at that frame.
  it.each(['pong', 'breakout', 'space_invaders', 'carnival', 'pacman'])('%s: every stored screen', (game) => {
    const stored = referenceScreens(REFERENCE, game, 1);
    expect(stored.size).toBeGreaterThan(0);
    const rom = findRom(game, ROMS);
    let compared = 0;
    for (const _ of generateTrace(rom, {
      frames: Math.max(...stored.keys()),
      frameskip: 1,
      seed: 1,
      observe: (line, ale) => {
        const file = stored.get(line.step);
        if (!file || line.kind !== 'S') return;
        stored.delete(line.step);
        const screen = new Uint8Array(gunzipSync(readFileSync(file)));
        expect(Buffer.from(ale.screen()).equals(Buffer.from(screen)), `${game} frame ${line.step}`).toBe(true);
        // The stored palette values in colour, with the emulator's palette (its table is checked in env.test.ts).
        const rgb = ale.rgb();
        const grey = ale.grayscale();
        const palette = new Map<number, number>();
        for (const [i, v] of ale.screen().entries()) palette.set(v, i);
        const toGrey = screen.map((v) => grey[palette.get(v)!]!);
        const toRgb = new Uint8Array(screen.length * 3).map((_, i) => rgb[3 * palette.get(screen[Math.floor(i / 3)]!)! + (i % 3)]!);
        for (const [w, h] of [
          [84, 84],
          [64, 110],
        ] as const) {
          expect(Buffer.from(ale.resized(w, h, true)).equals(Buffer.from(resize(toGrey, ale.screenHeight, 1, w, h)))).toBe(true);
          expect(Buffer.from(ale.resized(w, h, false)).equals(Buffer.from(resize(toRgb, ale.screenHeight, 3, w, h)))).toBe(true);
        }
        compared++;
      },
    }));
    expect(compared).toBe(referenceScreens(REFERENCE, game, 1).size);
  });
});
