import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { Env, makeEnv, type EnvOptions } from '../../src/env/env.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { findRom } from '../../src/env/rom.ts';
import { aleSeeding } from '../../src/env/seeding.ts';
import { readTraceFile } from '../../src/fidelity/compare.ts';
import { fnv1a64, toHex } from '../../src/trace/hash.ts';
import { Mt19937 } from '../helpers/mt19937.ts';
import { REFERENCE, ROMS, sharedAvailable } from '../helpers/shared.ts';

const available = sharedAvailable(ROMS) && sharedAvailable(join(REFERENCE, 'traces'));

/** The state right after ALE's loadROM (power-on and one reset_game), as in the reference traces. */
function traceStartState(game: string): Buffer {
  return new AleInterface(findRom(game, ROMS)).cloneState();
}

/** An env positioned at the reference traces' first line. */
function envAtTraceStart(game: string, options: EnvOptions): Env {
  const env = new Env(findRom(game, ROMS), { seed: 0, ...options });
  env.restoreState(traceStartState(game));
  return env;
}

function snapshot(env: Env): string {
  return `${toHex(env.ram())} ${fnv1a64(env.screen())}`;
}

/** Deterministic pseudo-random action indices. */
function actions(n: number, count: number, seed = 9): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) % n;
  });
}

describe.skipIf(!available)('Env against ALE reference traces', () => {
  for (const game of ['pong', 'breakout', 'qbert']) {
    it(`${game}: step() with frameskip 1 reproduces every line of the seed-1 trace`, () => {
      const { lines } = readTraceFile(join(REFERENCE, 'traces', `${game}_seed1.txt.gz`));
      const env = envAtTraceStart(game, { preset: 'NoFrameskip-v4' });
      let checked = 0;
      for (const line of lines.slice(1)) {
        const f = line.split(' ');
        if (f[0] === 'R') {
          const info = env.reset();
          expect([info.frame, info.episodeFrame, info.lives]).toEqual([Number(f[2]), Number(f[3]), Number(f[7])]);
        } else {
          const r = env.step(Number(f[4]));
          expect([r.frame, r.episodeFrame, r.reward, r.lives, r.terminated || r.truncated ? 1 : 0]).toEqual([2, 3, 6, 7, 8].map((i) => Number(f[i])));
        }
        expect(snapshot(env)).toBe(`${f[9]} ${f[10]}`);
        checked++;
      }
      expect(checked).toBe(lines.length - 1);
    });
  }

  for (const game of ['space_invaders', 'seaquest']) {
    it(`${game}: frameskip K equals K frameskip-1 steps, rewards summed, across game overs`, () => {
      for (const k of [2, 3, 4]) {
        const big = envAtTraceStart(game, { frameskip: k, repeatActionProbability: 0 });
        const small = envAtTraceStart(game, { frameskip: 1, repeatActionProbability: 0 });
        for (const a of actions(big.actionSet.length, 600)) {
          const r = big.step(a);
          let reward = 0;
          let last = small.step(a);
          reward += last.reward;
          for (let i = 1; i < k; i++) {
            last = small.step(a);
            reward += last.reward;
          }
          expect(r).toEqual({ ...last, reward });
          expect(snapshot(big)).toBe(snapshot(small));
          if (r.terminated) {
            big.reset();
            small.reset();
          }
        }
      }
    });
  }

  it("a frameskip range draws each step's length from numpy's generator", () => {
    const env = new Env(findRom('boxing', ROMS), { preset: 'v4', seed: 1234 });
    env.reset();
    const np = aleSeeding(1234).np;
    let frame = env.reset().frame;
    for (let i = 0; i < 200; i++) {
      const r = env.step(i % env.actionSet.length);
      const expected = np.integers(2, 5);
      expect(r.frame - frame).toBe(expected);
      frame = r.frame;
    }
  });

  it("sticky actions repeat the previous action per frame with ALE's two draws per frame", () => {
    for (const [game, seed] of [
      ['pong', 5],
      ['breakout', 77],
      ['ms_pacman', 3],
    ] as const) {
      const p = 0.25;
      const sticky = envAtTraceStart(game, { frameskip: 1, repeatActionProbability: p, seed });
      const plain = envAtTraceStart(game, { frameskip: 1, repeatActionProbability: 0 });
      const mt = new Mt19937(aleSeeding(seed).aleSeed);
      let previous = 0; // NOOP, as after every soft reset
      let repeats = 0;
      for (const a of actions(sticky.actionSet.length, 1500, seed)) {
        const chosen = sticky.actionSet[a]!;
        if (mt.nextDouble() >= p) previous = chosen;
        else repeats++;
        mt.nextDouble(); // player B's draw
        const r = sticky.step(a);
        plain.step(Math.max(sticky.actionSet.indexOf(previous), 0));
        expect(snapshot(sticky)).toBe(snapshot(plain));
        if (r.terminated) {
          sticky.reset();
          plain.reset();
          previous = 0;
        }
      }
      expect(repeats).toBeGreaterThan(300);
    }
  });

  it('with repeat probability 1 the action stays NOOP after a reset', () => {
    const sticky = envAtTraceStart('breakout', { frameskip: 1, repeatActionProbability: 1 });
    const noop = envAtTraceStart('breakout', { frameskip: 1, repeatActionProbability: 0 });
    for (let i = 0; i < 200; i++) {
      sticky.step('FIRE');
      noop.step('NOOP');
    }
    expect(snapshot(sticky)).toBe(snapshot(noop));
  });
});

describe.skipIf(!available)('Env options and rules', () => {
  it('truncates at maxFramesPerEpisode and emulates nothing after', () => {
    const env = new Env(findRom('enduro', ROMS), { frameskip: 3, repeatActionProbability: 0, maxFramesPerEpisode: 100, seed: 1 });
    env.reset();
    let r = env.step(0);
    while (!r.truncated) r = env.step(0);
    expect(r).toMatchObject({ truncated: true, terminated: false, episodeFrame: 100 });
    const after = env.step(0);
    expect(after.episodeFrame).toBe(100);
    expect(after.reward).toBe(0);
    expect(env.reset().episodeFrame).toBe(0);
  });

  it('presets follow Gymnasium ids', () => {
    const v5 = makeEnv('ALE/Pong-v5', { roms: ROMS, seed: 1 });
    expect([v5.frameskip, v5.repeatActionProbability, v5.maxFramesPerEpisode]).toEqual([4, 0.25, 108000]);
    const nf = makeEnv('PongNoFrameskip-v4', { roms: ROMS, seed: 1 });
    expect([nf.frameskip, nf.repeatActionProbability, nf.maxFramesPerEpisode]).toEqual([1, 0, 108000]);
    const v4 = makeEnv('Pong-v4', { roms: ROMS, seed: 1 });
    expect(v4.frameskip).toEqual([2, 5]);
    const plain = makeEnv('pong', { roms: ROMS, seed: 1 });
    expect([plain.frameskip, plain.repeatActionProbability, plain.maxFramesPerEpisode]).toEqual([4, 0.25, 0]);
    expect(makeEnv('SpaceInvaders', { roms: ROMS, seed: 1, frameskip: 2 }).frameskip).toBe(2);
  });

  it('starts with the lives of GAME_FACTS §2.1', () => {
    const lives = { pong: 0, breakout: 5, space_invaders: 3, freeway: 0, enduro: 0, seaquest: 4, qbert: 4, asterix: 3, ms_pacman: 3, boxing: 0 };
    for (const [game, n] of Object.entries(lives)) expect(makeEnv(game, { roms: ROMS, seed: 3 }).reset().lives, game).toBe(n);
  });

  it('action sets: minimal by default, all 18 with fullActionSpace; names accepted', () => {
    const env = makeEnv('ALE/MsPacman-v5', { roms: ROMS, seed: 1 });
    expect(env.actionNames).toEqual(['NOOP', 'UP', 'RIGHT', 'LEFT', 'DOWN', 'UPRIGHT', 'UPLEFT', 'DOWNRIGHT', 'DOWNLEFT']);
    const full = makeEnv('ALE/MsPacman-v5', { roms: ROMS, seed: 1, fullActionSpace: true });
    expect(full.actionSet).toHaveLength(18);
    full.reset();
    expect(full.step('DOWNLEFTFIRE').frame).toBeGreaterThan(0);
  });

  it('selects every mode of GAME_FACTS §2.1 with SELECT presses', () => {
    const modeByte: Record<string, [number[], (ram: Uint8Array, m: number) => boolean]> = {
      pong: [[0, 1], (r, m) => r[22] === m],
      breakout: [[0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44], (r, m) => r[50] === m],
      space_invaders: [[0, 5, 10, 15], (r, m) => r[92] === m],
      freeway: [[0, 3, 7], (r, m) => r[0] === m],
      ms_pacman: [[0, 1, 2, 3], (r, m) => (m === 0 ? r[25] === 1 && r[33] === 1 : r[25] === m && r[33] === 0)],
    };
    for (const [game, [modes, check]] of Object.entries(modeByte)) {
      for (const mode of modes) {
        const env = makeEnv(game, { roms: ROMS, seed: 1, mode });
        env.reset();
        expect(check(env.ram(), mode), `${game} mode ${mode}`).toBe(true);
      }
    }
  });

  it('difficulty switches change the game (Pong bat sizes)', () => {
    const play = (difficulty: number) => {
      const env = makeEnv('pong', { roms: ROMS, seed: 1, difficulty, repeatActionProbability: 0 });
      env.reset();
      for (let i = 0; i < 50; i++) env.step(0);
      return fnv1a64(env.screen());
    };
    expect(play(3)).not.toBe(play(0));
  });

  it('reset({ seed }) makes runs reproducible; different seeds give different sticky streams', () => {
    const run = (seed: number) => {
      const env = makeEnv('ALE/Breakout-v5', { roms: ROMS, seed: 999 });
      env.reset({ seed });
      const out: string[] = [];
      for (const a of actions(env.actionSet.length, 150)) {
        env.step(a);
        out.push(snapshot(env));
      }
      return out;
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('rgb() and grayscale() use the NTSC palette of GAME_FACTS §1.6', () => {
    const env = makeEnv('pong', { roms: ROMS, seed: 1 });
    env.reset();
    for (let i = 0; i < 30; i++) env.step(0);
    const screen = env.screen().slice();
    const rgb = env.rgb();
    const grey = env.grayscale();
    // biome-ignore lint/complexity/useSimpleNumberKeys: the TIA's colour codes read in hex
    const table: Record<number, number> = { 0x00: 0x000000, 0x0e: 0xececec, 0x90: 0x001c88, 0x44: 0xb83232, 0xd2: 0x355f18 };
    let seen = 0;
    for (let i = 0; i < screen.length; i++) {
      const c = screen[i]!;
      const value = (rgb[3 * i]! << 16) | (rgb[3 * i + 1]! << 8) | rgb[3 * i + 2]!;
      if (c in table) {
        expect(value).toBe(table[c]);
        seen++;
      }
      expect(grey[i]).toBe(Math.round(0.2989 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!));
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("setRam overwrites a RAM byte that the game then uses (Pong's score)", () => {
    const env = new Env(findRom('pong', ROMS), { seed: 1, repeatActionProbability: 0 });
    env.reset();
    env.setRam(14, 20); // the player's points ($8E)
    expect(env.ram()[14]).toBe(20);
    env.step(0);
    expect(env.ram()[14]).toBe(20);
    // ALE's terminal rule reads the byte: the game ends at the player's 21st point.
    env.setRam(14, 21);
    expect(env.step(0).terminated).toBe(true);
    env.close();
  });
});

describe.skipIf(!available)('Env observations (obsType)', () => {
  it('reset and step return a fresh copy of the observation asked for', () => {
    const rom = findRom('breakout', ROMS);
    for (const obsType of ['ram', 'rgb', 'grayscale'] as const) {
      const env = new Env(rom, { seed: 3, obsType });
      const first = env.reset().obs!;
      const read = () => (obsType === 'ram' ? env.ram() : obsType === 'rgb' ? env.rgb() : env.grayscale()).slice();
      expect(first).toEqual(read());
      expect(first.length).toBe({ ram: 128, rgb: 210 * 160 * 3, grayscale: 210 * 160 }[obsType]);
      const seen = [first];
      for (let i = 0; i < 30; i++) {
        const r = env.step(i % env.actionSet.length);
        expect(r.obs, `${obsType} step ${i}`).toEqual(read());
        seen.push(r.obs!);
      }
      // copies: later steps do not change what an earlier one returned
      expect(seen[0]).toEqual(first);
      expect(new Set(seen.map((o) => Buffer.from(o).toString('hex'))).size).toBeGreaterThan(1);
    }
    // without obsType nothing extra is returned
    const plain = new Env(rom, { seed: 3 });
    expect(plain.reset()).not.toHaveProperty('obs');
    expect(plain.step(0)).not.toHaveProperty('obs');
  });

  it('an unknown obsType, or a picture without the screen, is refused', () => {
    const rom = findRom('breakout', ROMS);
    expect(() => new Env(rom, { obsType: 'pixels' as never })).toThrow(/obsType must be one of ram, rgb, grayscale/);
    expect(() => new Env(rom, { obsType: 'rgb', drawScreen: false })).toThrow(/obsType "rgb" needs the screen/);
    expect(new Env(rom, { obsType: 'ram', drawScreen: false }).reset().obs).toHaveLength(128);
  });
});

describe.skipIf(!available)('Env errors', () => {
  const env = () => new Env(findRom('pong', ROMS), { seed: 1 });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(HorizonError);
      return `${(err as HorizonError).code}: ${(err as Error).message}`;
    }
    return 'no error';
  };

  it('name the problem', () => {
    expect(code(() => new Env(findRom('pong', ROMS), { frameSkip: 4 } as EnvOptions))).toMatch(
      /ERR_BAD_ARGUMENT: unknown option "frameSkip" \(did you mean "frameskip"\?\)/,
    );
    expect(code(() => new Env(findRom('pong', ROMS), { frameskip: [5, 2] }))).toMatch(/frameskip must be/);
    expect(code(() => new Env(findRom('pong', ROMS), { repeatActionProbability: 2 }))).toMatch(/repeatActionProbability must be a number in \[0, 1\]/);
    expect(code(() => new Env(findRom('pong', ROMS), { mode: 7 }))).toMatch(/ERR_BAD_CONFIG: mode 7 is not available/);
    expect(code(() => makeEnv('ALE/Pong-v5', { roms: '/nowhere' }))).toMatch(/ERR_ROM_NOT_FOUND: ROM folder not found: \/nowhere/);
    expect(code(() => makeEnv('Galaga', { roms: ROMS }))).toMatch(/ERR_UNKNOWN_GAME/);
    // A version ALE does not have is refused, not played with default settings; a mistyped game or preset gets a hint.
    expect(code(() => makeEnv('ALE/Pong-v6', { roms: ROMS }))).toMatch(/ERR_BAD_ARGUMENT: "ALE\/Pong-v6" names an unknown version v6; ids end in -v5,/);
    expect(code(() => makeEnv('ALE/Pongg-v5', { roms: ROMS }))).toMatch(/ERR_UNKNOWN_GAME: unknown game "ALE\/Pongg-v5" \(did you mean "pong"\?\)/);
    expect(code(() => new Env(findRom('pong', ROMS), { preset: 'NoFrameskip-v5' as never }))).toMatch(/did you mean "NoFrameskip-v4"\?/);
    const e = env();
    expect(code(() => e.step(0))).toMatch(/call reset\(\) before step\(\)/);
    e.reset();
    expect(code(() => e.step(6))).toMatch(/ERR_ACTION_RANGE: action 6 is outside the action set: expected an index 0\.\.5/);
    expect(code(() => e.step('UP'))).toMatch(/ERR_ACTION_RANGE: action "UP" is not in this game's action set/);
    expect(code(() => e.setRam(128, 0))).toMatch(/ERR_BAD_ARGUMENT: setRAM index must be an integer in 0\.\.127, received 128/);
    expect(code(() => e.setRam(3, 256))).toMatch(/ERR_BAD_ARGUMENT: setRAM value must be a byte 0\.\.255, received 256/);
    e.close();
    expect(code(() => e.reset())).toMatch(/closed/);
    const ale = new AleInterface(findRom('pong', ROMS));
    expect(code(() => ale.step(0, 0))).toMatch(/ERR_BAD_ARGUMENT: frames must be an integer >= 1, received 0/);
    expect(code(() => ale.step(18, 1))).toMatch(/ERR_BAD_ARGUMENT: action must be an ALE action id in 0\.\.17/);
  });
});
