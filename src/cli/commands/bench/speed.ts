import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';

import { Env } from '../../../env/env.ts';
import { projectRoot } from '../../../env/files.ts';
import { findRom, type Rom } from '../../../env/rom.ts';
import { VectorEnv } from '../../../env/vector-env.ts';
import { Policy } from '../../../policy/policy.ts';
import { EpisodeStepper } from '../../../policy/stepper.ts';
import { positiveNumber, romsOption } from '../../options.ts';

/**
 * ALE 0.12.1's C++ library on one core of the development machine, measured
 * side by side with this emulator (frameskip 1, no screen copy, random
 * actions; ALE always draws): the figures of issue 28, Space Invaders'
 * 12-13k taken as 12.5k. ALE cannot be built here (no network but npm and
 * Debian), so it is not measured again in each run.
 */
const ALE_FPS: Record<string, number> = { pong: 13000, breakout: 10000, space_invaders: 12500 };
const ALE_SOURCE = 'ALE 0.12.1 measured side by side with this emulator on the development machine (issue 28)';

const cores = availableParallelism();

/**
 * Runs `chunk` (which emulates some frames and returns how many) for about
 * `seconds`, three times; the best frames per second of the three. The best
 * rather than the mean: on a shared machine, other work only ever slows a
 * run down.
 */
function rate(chunk: () => number, seconds: number): number {
  chunk(); // warm-up
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let frames = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < seconds) {
      frames += chunk();
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    best = Math.max(best, frames / elapsed);
  }
  return best;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 16;
  };
}

function envRate(rom: Rom, drawScreen: boolean, seconds: number): number {
  const env = new Env(rom, { frameskip: 1, repeatActionProbability: 0, seed: 1, drawScreen });
  env.reset();
  const next = lcg(1);
  const n = env.actionSet.length;
  return rate(() => {
    for (let i = 0; i < 1000; i++) {
      const r = env.step(next() % n);
      if (r.terminated || r.truncated) env.reset();
    }
    return 1000;
  }, seconds);
}

/** The observations deep-RL agents train on: 84 x 84 grey, the last two frames pooled, 4 stacked. */
const ATARI_OBSERVATIONS = { grayscale: true, width: 84, height: 84, maxPool: true, stack: 4 };

function vectorRate(rom: Rom, threads: number, seconds: number, preprocess = false): number {
  const num = 8 * cores;
  const vec = new VectorEnv(rom, { num, seed: 1, frameskip: 4, threads, ...(preprocess ? { preprocess: ATARI_OBSERVATIONS } : {}) });
  vec.reset();
  const next = lcg(2);
  const actions = new Array<number>(num).fill(0);
  const fps = rate(() => {
    for (let s = 0; s < 50; s++) {
      for (let i = 0; i < num; i++) actions[i] = next() % vec.actionSet.length;
      vec.step(actions);
    }
    return 50 * num * 4;
  }, seconds);
  vec.close();
  return fps;
}

function policyRate(rom: Rom, game: string, seconds: number): number {
  const env = new Env(rom, { frameskip: 4, repeatActionProbability: 0.25, seed: 1, drawScreen: false });
  const stepper = new EpisodeStepper(env, 'objects');
  const policy = Policy.fromFile(join(projectRoot, 'policies', game, 'modular.ts'), env.actionNames, [...env.actionSet]);
  stepper.newGame();
  const fps = rate(() => {
    for (let i = 0; i < 250; i++) {
      const { result } = stepper.play(policy, false);
      if (result.episodeOver) {
        stepper.nextEpisode(result);
        policy.newEpisode(stepper.episodes);
      }
    }
    return 250 * 4;
  }, seconds);
  policy.dispose();
  env.close();
  return fps;
}

/**
 * Emulated frames per second, one game at a time, measured in this run:
 *   env        Env, frameskip 1, no sticky actions, random actions, drawScreen:
 *              false (no picture)
 *   envScreen  the same with the picture drawn
 *   vector1    VectorEnv on 1 thread (8 environments per core of the machine,
 *              frameskip 4: enough work per call to spread over the cores)
 *   vectorAll  the same VectorEnv on all cores
 *   obs1, obsAll  the same VectorEnv making 84 x 84 grey observations (last two
 *              frames pooled, 4 stacked), on 1 and all cores
 *   withPolicy training's loop: Env (frameskip 4, no picture) + objects + the
 *              game's starter policy in the sandbox, counted in emulated frames
 * and the ratios of `env` and `envScreen` to ALE 0.12.1's C++ library (ALE_FPS).
 */
export function benchSpeedCommand(): Command {
  return new Command('speed')
    .description('emulated frames per second per game: Env with and without the picture, VectorEnv on 1 and all cores, the policy loop, and Env against ALE')
    .option('--games <list>', 'comma-separated game ids', 'pong,breakout,space_invaders')
    .option('--seconds <s>', 'length of each of the 3 timed runs per measurement', positiveNumber('--seconds'), 1)
    .addOption(romsOption())
    .option('--json', 'print one JSON object instead of the table')
    .action((o: { games: string; seconds: number; roms: string; json?: boolean }) => {
      const log = (line: string) => {
        if (!o.json) console.log(line);
      };
      const roms = o.games
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean)
        .map((game) => findRom(game, o.roms));
      const games: Record<string, Record<string, number>> = {};
      log(`bench speed — ${cores} cores, best of 3 runs of ${o.seconds} s per measurement, emulated frames per second`);
      log('game            env  envScreen    vector1  vectorAll       obs1     obsAll withPolicy   env/ALE  envScreen/ALE');
      for (const rom of roms) {
        const game = rom.game.id;
        const r = {
          env: envRate(rom, false, o.seconds),
          envScreen: envRate(rom, true, o.seconds),
          vector1: vectorRate(rom, 1, o.seconds),
          vectorAll: vectorRate(rom, cores, o.seconds),
          obs1: vectorRate(rom, 1, o.seconds, true),
          obsAll: vectorRate(rom, cores, o.seconds, true),
          withPolicy: policyRate(rom, game, o.seconds),
        };
        const ale = ALE_FPS[game];
        const ratios = ale ? { envToAle: r.env / ale, envScreenToAle: r.envScreen / ale } : {};
        games[game] = {
          ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])),
          ...Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(2))])),
        };
        const k = (v: number) => `${(v / 1000).toFixed(1)}k`.padStart(11);
        const x = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(2)}x`);
        log(
          `${game.padEnd(14)}${(r.env / 1000).toFixed(1).padStart(5)}k${k(r.envScreen)}${k(r.vector1)}${k(r.vectorAll)}${k(r.obs1)}${k(r.obsAll)}${k(r.withPolicy)}${x(ratios.envToAle).padStart(10)}${x(ratios.envScreenToAle).padStart(15)}`,
        );
      }
      log(
        `ratios to ${ALE_SOURCE}: ${Object.entries(ALE_FPS)
          .map(([g, fps]) => `${g} ${(fps / 1000).toFixed(1)}k`)
          .join(', ')} frames/s`,
      );
      if (o.json) console.log(JSON.stringify({ games, cores, ale: ALE_FPS, aleSource: ALE_SOURCE }));
    });
}
