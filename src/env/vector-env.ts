import { availableParallelism } from 'node:os';

import { ACTION_NAMES, type ActionName } from './actions.ts';
import { AleInterface } from './ale-interface.ts';
import { checkOptions } from './env.ts';
import { badArgument, HorizonError } from './errors.ts';
import { addon, type NativeVectorEnv, type VectorBuffers } from './native.ts';
import type { Rom } from './rom.ts';
import { toNativeSpec } from './roms-config.ts';
import { aleSeeding } from './seeding.ts';

export interface VectorEnvOptions {
  /** Number of environments. */
  num: number;
  /** Environment i is seeded `seed + i`, exactly like `new Env(rom, { seed: seed + i })`; or give `seeds`. */
  seed?: number;
  seeds?: number[];
  /** Emulated frames per step (a fixed number: Gymnasium's random frame-skip ranges need the single Env). */
  frameskip?: number;
  repeatActionProbability?: number;
  maxFramesPerEpisode?: number;
  mode?: number;
  difficulty?: number;
  fullActionSpace?: boolean;
  /** Worker threads including the calling one (default: all cores; at most `num`). */
  threads?: number;
  /** Copy every screen into `screens` after each step (default false: RAM only, faster). */
  drawScreen?: boolean;
  /** Preprocessed observations in `observations`, made in native code (see PreprocessOptions). */
  preprocess?: PreprocessOptions;
}

/**
 * The observation pipeline of Gymnasium's AtariPreprocessing (+ FrameStack)
 * and EnvPool, run on the worker threads: the step's last two frames
 * max-pooled, grey or RGB, resized with area interpolation, stacked.
 */
export interface PreprocessOptions {
  /** ALE's luma (default true), else RGB. */
  grayscale?: boolean;
  /** Output size (default 84 x 84). */
  width?: number;
  height?: number;
  /** Max of the step's last two frames (default true: the flicker of sprites drawn every other frame is kept). */
  maxPool?: boolean;
  /** Frames per observation, oldest first (default 1); a new episode fills every slot with its first frame. */
  stack?: number;
  /** After a reset, 1..noopMax NOOP frames drawn from the environment's seed (default 0: none; Gymnasium's 30). */
  noopMax?: number;
  /** A lost life ends the episode (terminated); the game goes on after one NOOP step, reported as a reset (default false). */
  episodicLife?: boolean;
  /** Rewards as their sign, -1, 0 or 1 (default false). */
  clipRewards?: boolean;
}

const PREPROCESS_DEFAULTS: Required<PreprocessOptions> = {
  grayscale: true,
  width: 84,
  height: 84,
  maxPool: true,
  stack: 1,
  noopMax: 0,
  episodicLife: false,
  clipRewards: false,
};

function checkPreprocess(o: PreprocessOptions): Required<PreprocessOptions> {
  const known = Object.keys(PREPROCESS_DEFAULTS);
  for (const key of Object.keys(o)) if (!known.includes(key)) badArgument('preprocess', `options among ${known.join(', ')}`, key);
  const p = { ...PREPROCESS_DEFAULTS, ...o };
  for (const [key, min, max] of [
    ['width', 1, 1024],
    ['height', 1, 1024],
    ['stack', 1, 64],
    ['noopMax', 0, 10_000],
  ] as const) {
    const v = p[key];
    if (!Number.isInteger(v) || v < min || v > max) badArgument(`preprocess.${key}`, `an integer in ${min}..${max}`, v);
  }
  for (const key of ['grayscale', 'maxPool', 'episodicLife', 'clipRewards'] as const) {
    if (typeof p[key] !== 'boolean') badArgument(`preprocess.${key}`, 'true or false', p[key]);
  }
  return p;
}

/**
 * N environments of one game stepped together in native code on a thread
 * pool: one call steps all of them, and the results are written into the
 * typed arrays below (read them after `step()` or `recv()`; they are
 * overwritten by the next step). Each environment behaves exactly like an
 * `Env` with the same seed and settings. An episode that ends is reset on
 * that environment's next step (Gymnasium's next-step autoreset): that step
 * ignores its action and reports `resets[i] = 1`, reward 0 and the new
 * episode's first observation.
 */
export class VectorEnv {
  readonly rom: Rom;
  readonly num: number;
  readonly seeds: readonly number[];
  readonly frameskip: number;
  readonly threads: number;
  readonly screenHeight: number;
  /** ALE action ids the actions given to `step` index. */
  readonly actionSet: readonly number[];
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** 1 where the last step (or reset) started a new episode. */
  readonly resets: Uint8Array;
  readonly lives: Int32Array;
  /** Emulated frames since each environment was created, and in its current episode. */
  readonly frames: Float64Array;
  readonly episodeFrames: Float64Array;
  /** 128 RAM bytes per environment, back to back. */
  readonly ram: Uint8Array;
  /** Palette indices, height x 160 per environment, when `drawScreen` is on. */
  readonly screens: Uint8Array | undefined;
  /** Preprocessed observations, `observationShape` per environment, back to back (with `preprocess`). */
  readonly observations: Uint8Array | undefined;
  /** [stack, height, width] in grey, [stack, height, width, 3] in RGB (with `preprocess`). */
  readonly observationShape: readonly number[] | undefined;
  private native: NativeVectorEnv | undefined;
  private readonly actionIds: Int32Array;
  private pending = false;
  private started = false;

  constructor(rom: Rom, options: VectorEnvOptions) {
    const { num } = options;
    if (!Number.isInteger(num) || num < 1) badArgument('num', 'an integer >= 1', num);
    const seeds = options.seeds ?? Array.from({ length: num }, (_, i) => (options.seed ?? 0) + i);
    if (seeds.length !== num) badArgument('seeds', `${num} seeds`, seeds);
    for (const s of seeds) if (!(Number.isInteger(s) && s >= 0)) badArgument('seeds', 'non-negative integers', s);
    const frameskip = options.frameskip ?? 4;
    if (!Number.isInteger(frameskip) || frameskip < 1) badArgument('frameskip', 'an integer >= 1', frameskip);
    checkOptions({ repeatActionProbability: options.repeatActionProbability, maxFramesPerEpisode: options.maxFramesPerEpisode });
    const p = options.repeatActionProbability ?? 0.25;
    const m = options.maxFramesPerEpisode ?? 0;
    const threads = Math.min(options.threads ?? availableParallelism(), num);
    if (!Number.isInteger(threads) || threads < 1) badArgument('threads', 'an integer >= 1', options.threads);
    const drawScreen = options.drawScreen ?? false;
    const preprocess = options.preprocess ? checkPreprocess(options.preprocess) : undefined;

    // One single environment tells the action sets and screen height, and
    // checks the settings (mode, difficulty) with the usual errors.
    const probe = new AleInterface(rom, { mode: options.mode, difficulty: options.difficulty });
    this.actionSet = options.fullActionSpace ? probe.legalActions() : probe.minimalActions();
    this.screenHeight = probe.screenHeight;

    this.rom = rom;
    this.num = num;
    this.seeds = seeds;
    this.frameskip = frameskip;
    this.threads = threads;
    this.rewards = new Float64Array(num);
    this.terminated = new Uint8Array(num);
    this.truncated = new Uint8Array(num);
    this.resets = new Uint8Array(num);
    this.lives = new Int32Array(num);
    this.frames = new Float64Array(num);
    this.episodeFrames = new Float64Array(num);
    this.ram = new Uint8Array(128 * num);
    this.screens = drawScreen ? new Uint8Array(160 * this.screenHeight * num) : undefined;
    this.observationShape = preprocess ? [preprocess.stack, preprocess.height, preprocess.width, ...(preprocess.grayscale ? [] : [3])] : undefined;
    this.observations = this.observationShape ? new Uint8Array(this.observationShape.reduce((a, b) => a * b, 1) * num) : undefined;
    this.actionIds = new Int32Array(num);
    const out: VectorBuffers = {
      reward: this.rewards,
      terminated: this.terminated,
      truncated: this.truncated,
      reset: this.resets,
      lives: this.lives,
      frame: this.frames,
      episodeFrame: this.episodeFrames,
      ram: this.ram,
      screen: this.screens,
      obs: this.observations,
    };
    const settings = seeds.map((seed) => ({
      repeatActionProbability: p,
      frameSkip: 1,
      maxFramesPerEpisode: m,
      seed: aleSeeding(seed).aleSeed,
      mode: options.mode ?? -1,
      difficulty: options.difficulty ?? -1, // not set: ALE's 0
    }));
    this.native = new (addon().NativeVectorEnv)(
      rom.bytes,
      rom.md5,
      toNativeSpec(rom.game),
      settings,
      { frameSkip: frameskip, threads, drawScreen, preprocess },
      out,
    );
  }

  get actionNames(): ActionName[] {
    return this.actionSet.map((id) => ACTION_NAMES[id]!);
  }

  /** Starts a new episode in every environment. */
  reset(): void {
    this.finishPending();
    this.vec().resetAll();
    this.started = true;
  }

  /** Steps every environment with its action (indices into `actionSet`, one per environment). */
  step(actions: ArrayLike<number>): void {
    this.send(actions);
    this.recv();
  }

  /**
   * Starts a step and returns at once: the worker threads emulate while
   * JavaScript goes on (needs threads >= 2 to overlap). Results are ready
   * after `recv()`; do not read the result arrays before.
   */
  send(actions: ArrayLike<number>): void {
    if (!this.started) throw new HorizonError('call reset() before step()', 'ERR_BAD_ARGUMENT');
    if (actions.length !== this.num) badArgument('actions', `${this.num} actions, one per environment`, actions.length);
    for (let i = 0; i < this.num; i++) {
      const a = actions[i]!;
      if (!Number.isInteger(a) || a < 0 || a >= this.actionSet.length) {
        throw new HorizonError(`action ${a} of environment ${i} is outside the action set 0..${this.actionSet.length - 1}`, 'ERR_ACTION_RANGE');
      }
      this.actionIds[i] = this.actionSet[a]!;
    }
    this.finishPending();
    this.vec().send(this.actionIds);
    this.pending = true;
  }

  /** Waits for the step started by `send()` (helping with it on this thread). */
  recv(): void {
    if (!this.pending) throw new HorizonError('recv() without a send()', 'ERR_BAD_ARGUMENT');
    this.pending = false;
    this.vec().recv();
  }

  /** RAM of environment i: a view into `ram`. */
  ramOf(i: number): Uint8Array {
    return this.ram.subarray(128 * i, 128 * (i + 1));
  }

  /** Screen of environment i (with drawScreen): a view into `screens`. */
  screenOf(i: number): Uint8Array {
    if (!this.screens) throw new HorizonError('the screens are not drawn (drawScreen: false)', 'ERR_NO_SCREEN');
    const size = 160 * this.screenHeight;
    return this.screens.subarray(size * i, size * (i + 1));
  }

  /** The preprocessed observation of environment i (with `preprocess`): a view into `observations`. */
  observationOf(i: number): Uint8Array {
    if (!this.observations || !this.observationShape) throw new HorizonError('no observations are made (preprocess is not set)', 'ERR_NO_SCREEN');
    const size = this.observationShape.reduce((a, b) => a * b, 1);
    return this.observations.subarray(size * i, size * (i + 1));
  }

  /** Stops the threads and frees the emulators. */
  close(): void {
    this.finishPending();
    this.native?.close();
    this.native = undefined;
  }

  private finishPending(): void {
    if (this.pending) this.recv();
  }

  private vec(): NativeVectorEnv {
    if (!this.native) throw new HorizonError('the vector environment is closed', 'ERR_BAD_ARGUMENT');
    return this.native;
  }
}
