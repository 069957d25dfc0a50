import { randomInt } from 'node:crypto';

import { encode as encodePng } from 'fast-png';

import { type Observation, type ObservationSource, observationSource, type StepContext } from '../objects/observation.ts';
import { AleInterface } from './ale-interface.ts';
import { ACTION_NAMES, type ActionName } from './actions.ts';
import { badArgument, HorizonError } from './errors.ts';
import { getPreset, presetFromId, type FrameSkip, type PresetName } from './presets.ts';
import { findRom, loadRom, type Rom } from './rom.ts';
import { aleSeeding, type Pcg64 } from './seeding.ts';

export interface EnvOptions {
  /** Named settings of a Gymnasium id: v5, v4, NoFrameskip-v4 (also v0, NoFrameskip-v0). */
  preset?: PresetName;
  /** Emulated frames per step, or a [min, max) range drawn every step as Gymnasium does. */
  frameskip?: FrameSkip;
  /** Sticky actions: probability of repeating the previous action on each emulated frame. */
  repeatActionProbability?: number;
  /** Truncate episodes at this many emulated frames (0 = never). */
  maxFramesPerEpisode?: number;
  mode?: number;
  difficulty?: number;
  /** Act over all 18 legal actions instead of the game's minimal set. */
  fullActionSpace?: boolean;
  /** Seed of the environment's random streams; drawn at random (and kept in `env.seed`) when absent. */
  seed?: number;
  /** Folder to find the game's ROM in (by md5); default $HORIZON_ARCADE_ROMS, else ./roms. */
  roms?: string;
  /** A ROM file to use instead of searching `roms`. */
  romPath?: string;
  /** Record which TIA objects draw each pixel (`pixelSources()`), for checking object maps. */
  trackPixelSources?: boolean;
  /**
   * Draw the picture (default true). Off, the emulation is the same (RAM,
   * rewards, lives) but about twice as fast, and screen(), rgb() and
   * grayscale() throw ERR_NO_SCREEN: for training, which reads objects from RAM.
   */
  drawScreen?: boolean;
  /**
   * What `reset()` and `step()` return as `obs` (a fresh copy each time), as
   * ale-py's obs_type: `ram` (128 bytes), `rgb` (height x 160 x 3) or
   * `grayscale` (height x 160); or what a policy sees: `objects` (the
   * project's objects, hud, lives and counters: docs/objects.md) or
   * `ocatari` (the study's OCAtari dictionary: docs/paper.md). Absent: no
   * `obs`; read `ram()`, `rgb()`, `grayscale()` when needed.
   */
  obsType?: ObsType;
}

export const OBS_TYPES = ['ram', 'rgb', 'grayscale', 'objects', 'ocatari'] as const;
export type ObsType = (typeof OBS_TYPES)[number];

/** The observation of an obsType: bytes (ram, rgb, grayscale), the project's objects, or the study's OCAtari dictionary. */
export type ObsOf<T extends ObsType | undefined> = T extends 'objects' ? Observation : T extends 'ocatari' ? Record<string, unknown> : Uint8Array;

export interface StepResult<O = Uint8Array> {
  reward: number;
  terminated: boolean;
  truncated: boolean;
  lives: number;
  /** Emulated frames since the environment was created (ALE's frame number). */
  frame: number;
  /** Emulated frames in this episode. */
  episodeFrame: number;
  /** The observation after the step, when the environment has an `obsType`. */
  obs?: O;
}

/** A smaller picture of the screen: `width` x `height` pixels (at most 160 x the screen's height), grey or RGB. */
export interface FrameShape {
  width: number;
  height: number;
  color: 'grayscale' | 'rgb';
}

export const FRAME_COLORS = ['grayscale', 'rgb'] as const;

/** Refuses a shape that is not one (ERR_BAD_ARGUMENT); `screenHeight` bounds the height when known. */
export function checkFrameShape(shape: FrameShape, screenHeight = 250): void {
  const { width, height, color } = shape ?? {};
  if (!(Number.isInteger(width) && width >= 1 && width <= 160)) badArgument('frame width', 'an integer in 1..160', width);
  if (!(Number.isInteger(height) && height >= 1 && height <= screenHeight)) badArgument('frame height', `an integer in 1..${screenHeight}`, height);
  if (!(FRAME_COLORS as readonly unknown[]).includes(color)) badArgument('frame color', FRAME_COLORS.join(' or '), color);
}

export type ResetInfo<O = Uint8Array> = Omit<StepResult<O>, 'reward' | 'terminated' | 'truncated'>;

const OPTION_KEYS = [
  'preset',
  'frameskip',
  'repeatActionProbability',
  'maxFramesPerEpisode',
  'mode',
  'difficulty',
  'fullActionSpace',
  'seed',
  'roms',
  'romPath',
  'trackPixelSources',
  'drawScreen',
  'obsType',
] as const;

/** Rejects unknown options and bad values with ERR_BAD_ARGUMENT (VectorEnv checks its shared settings here too). */
export function checkOptions(options: EnvOptions): void {
  for (const key of Object.keys(options)) {
    if ((OPTION_KEYS as readonly string[]).includes(key)) continue;
    const hint = OPTION_KEYS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ''));
    throw new HorizonError(`unknown option "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`, 'ERR_BAD_ARGUMENT');
  }
  const { frameskip, repeatActionProbability: p, maxFramesPerEpisode: m, seed } = options;
  if (frameskip !== undefined) {
    const ok = Array.isArray(frameskip)
      ? frameskip.length === 2 && frameskip.every((v) => Number.isInteger(v) && v >= 1) && frameskip[0] < frameskip[1]
      : Number.isInteger(frameskip) && frameskip >= 1;
    if (!ok) badArgument('frameskip', 'an integer >= 1 or a [min, max) pair with 1 <= min < max', frameskip);
  }
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) badArgument('repeatActionProbability', 'a number in [0, 1]', p);
  if (m !== undefined && !(Number.isInteger(m) && m >= 0)) badArgument('maxFramesPerEpisode', 'an integer >= 0', m);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER)) {
    badArgument('seed', 'a non-negative integer', seed);
  }
  if (options.trackPixelSources && options.drawScreen === false) {
    throw new HorizonError('trackPixelSources needs the screen: drop drawScreen: false', 'ERR_BAD_ARGUMENT');
  }
  const obs = options.obsType;
  if (obs !== undefined && !(OBS_TYPES as readonly unknown[]).includes(obs)) badArgument('obsType', `one of ${OBS_TYPES.join(', ')}`, obs);
  if ((obs === 'rgb' || obs === 'grayscale') && options.drawScreen === false) {
    throw new HorizonError(`obsType "${obs}" needs the screen: drop drawScreen: false (or use obsType "ram")`, 'ERR_BAD_ARGUMENT');
  }
}

/**
 * A Gymnasium-style Atari environment with ale-py's semantics: `reset()`,
 * `step(action)` with frame skip and sticky actions, observations read on
 * demand (`ram()`, `screen()`, `rgb()`, `grayscale()`), saved states.
 */
export class Env<T extends ObsType | undefined = ObsType | undefined> {
  readonly rom: Rom;
  readonly frameskip: FrameSkip;
  readonly repeatActionProbability: number;
  readonly maxFramesPerEpisode: number;
  readonly fullActionSpace: boolean;
  readonly mode: number | undefined;
  readonly difficulty: number;
  /** As given: unset means ALE's 0 even where the game does not list it (Backgammon). */
  private readonly difficultyAsked: number | undefined;
  readonly trackPixelSources: boolean;
  readonly drawScreen: boolean;
  readonly obsType: T;
  /** The action set `step` indexes: ALE action ids. */
  readonly actionSet: readonly number[];
  /** Makes the `objects` and `ocatari` observations from RAM (it remembers positions, for movement). */
  private readonly source: ObservationSource | undefined;
  /** Where the episode stands, for those observations. */
  private at: StepContext = { step: 0, episodeFrame: 0, lives: 0, prevAction: 'NOOP', reward: null };
  private ale: AleInterface | undefined;
  private np!: Pcg64;
  private seedValue!: number;
  private needsFirstReset = true;

  constructor(rom: Rom, options: EnvOptions & { obsType?: T } = {}) {
    checkOptions(options);
    const preset = options.preset ? getPreset(options.preset) : undefined;
    this.rom = rom;
    this.frameskip = options.frameskip ?? preset?.frameskip ?? 4;
    this.repeatActionProbability = options.repeatActionProbability ?? preset?.repeatActionProbability ?? 0.25;
    this.maxFramesPerEpisode = options.maxFramesPerEpisode ?? preset?.maxFramesPerEpisode ?? 0;
    this.fullActionSpace = options.fullActionSpace ?? preset?.fullActionSpace ?? false;
    this.mode = options.mode;
    this.difficultyAsked = options.difficulty;
    this.difficulty = options.difficulty ?? 0;
    this.trackPixelSources = options.trackPixelSources ?? false;
    this.drawScreen = options.drawScreen ?? true;
    this.obsType = options.obsType as T;
    this.load(options.seed ?? randomInt(0, 2 ** 31));
    this.actionSet = this.fullActionSpace ? this.native().legalActions() : this.native().minimalActions();
    if (this.obsType === 'objects' || this.obsType === 'ocatari') this.source = observationSource(rom.game, this.obsType, this.actionNames);
  }

  /** The seed in use (given, or drawn at construction): log it to reproduce a run. */
  get seed(): number {
    return this.seedValue;
  }

  get actionNames(): ActionName[] {
    return this.actionSet.map((id) => ACTION_NAMES[id]!);
  }

  /** ale-py's seed_game + load_game: derive both streams from `seed` and power the console on. */
  private load(seed: number): void {
    const { aleSeed, np } = aleSeeding(seed);
    this.seedValue = seed;
    this.np = np;
    this.ale = new AleInterface(this.rom, {
      repeatActionProbability: this.repeatActionProbability,
      maxFramesPerEpisode: this.maxFramesPerEpisode,
      seed: aleSeed,
      mode: this.mode,
      difficulty: this.difficultyAsked,
    });
    if (this.trackPixelSources) this.ale.trackPixelSources(true);
    if (!this.drawScreen) this.ale.drawScreen(false);
  }

  private native(): AleInterface {
    if (!this.ale) throw new HorizonError('the environment is closed', 'ERR_BAD_ARGUMENT');
    return this.ale;
  }

  /** Starts a new episode; with `seed`, reseeds everything and powers the console on again first. */
  reset(options: { seed?: number } = {}): ResetInfo<ObsOf<T>> {
    this.native();
    if (options.seed !== undefined) {
      if (!(Number.isInteger(options.seed) && options.seed >= 0)) badArgument('seed', 'a non-negative integer', options.seed);
      this.load(options.seed);
    }
    this.needsFirstReset = false;
    this.native().resetGame();
    const { lives, frame, episodeFrame } = this.native().progress();
    this.source?.reset();
    this.at = { step: 0, episodeFrame, lives, prevAction: 'NOOP', reward: null };
    return this.obsType ? { lives, frame, episodeFrame, obs: this.observation() } : { lives, frame, episodeFrame };
  }

  /** Plays one agent step: `frameskip` emulated frames of the action (an index into `actionSet`, or a name). */
  step(action: number | ActionName): StepResult<ObsOf<T>> {
    const ale = this.native();
    if (this.needsFirstReset) throw new HorizonError('call reset() before step()', 'ERR_BAD_ARGUMENT');
    const id = this.actionId(action);
    const frames = Array.isArray(this.frameskip) ? this.np.integers(this.frameskip[0], this.frameskip[1]) : this.frameskip;
    const result: StepResult<ObsOf<T>> = ale.step(id, frames);
    if (this.source) {
      const { reward, lives, episodeFrame } = result;
      this.at = { step: this.at.step + 1, episodeFrame, lives, prevAction: ACTION_NAMES[id]!, reward };
    }
    if (this.obsType) result.obs = this.observation();
    return result;
  }

  /** A copy of the current observation of `obsType`. */
  private observation(): ObsOf<T> {
    const ale = this.native();
    if (this.source) return this.source.observe(ale.ram(), this.at).obs as ObsOf<T>;
    return (this.obsType === 'ram' ? ale.ram() : this.obsType === 'rgb' ? ale.rgb() : ale.grayscale()).slice() as ObsOf<T>;
  }

  private actionId(action: number | ActionName): number {
    if (typeof action === 'string') {
      const id = ACTION_NAMES.indexOf(action);
      if (id < 0 || !this.actionSet.includes(id)) {
        throw new HorizonError(`action "${action}" is not in this game's action set (${this.actionNames.join(', ')})`, 'ERR_ACTION_RANGE');
      }
      return id;
    }
    if (!Number.isInteger(action) || action < 0 || action >= this.actionSet.length) {
      throw new HorizonError(
        `action ${action} is outside the action set: expected an index 0..${this.actionSet.length - 1} (${this.actionNames.join(', ')})`,
        'ERR_ACTION_RANGE',
      );
    }
    return this.actionSet[action]!;
  }

  /** RAM bytes $80-$FF. The array is reused by the next call: copy it to keep it. */
  ram(): Uint8Array {
    return this.native().ram();
  }
  /** Overwrites RAM byte `index` (0-127) with `value` (0-255), as ALE's setRAM. */
  setRam(index: number, value: number): void {
    this.native().setRAM(index, value);
  }
  /** Palette indices, 210x160 (250x160 for PAL), reused by the next call. */
  screen(): Uint8Array {
    return this.native().screen();
  }
  /** The screen as RGB bytes (height x 160 x 3), a new array. */
  rgb(): Uint8Array {
    return this.native().rgb();
  }
  /** The screen as luma bytes (height x 160), a new array. */
  grayscale(): Uint8Array {
    return this.native().grayscale();
  }
  /** The screen as a PNG image (RGB, 160 x height), as ALE's saveScreenPNG writes it. */
  screenPng(): Uint8Array {
    return encodePng({ width: 160, height: this.screenHeight, data: this.rgb(), channels: 3 });
  }
  /**
   * The screen resized to `shape` with area interpolation (each pixel the
   * mean of the screen area it covers, as VectorEnv's observations): rows
   * top to bottom, 1 value a pixel in grey, 3 in RGB. A new array.
   */
  resizedScreen(shape: FrameShape): Uint8Array {
    const ale = this.native();
    checkFrameShape(shape, ale.screenHeight);
    return ale.resized(shape.width, shape.height, shape.color === 'grayscale');
  }
  get screenHeight(): number {
    return this.native().screenHeight;
  }
  /** Per pixel, the TIA objects drawn there (P0 1, M0 2, P1 4, M1 8, BL 16, PF 32); needs `trackPixelSources`. */
  pixelSources(): Uint8Array | undefined {
    return this.native().pixelSources();
  }

  lives(): number {
    return this.native().lives();
  }
  minimalActions(): number[] {
    return this.native().minimalActions();
  }
  legalActions(): number[] {
    return this.native().legalActions();
  }

  /** Saves the whole machine and episode state (with the sticky-action RNG when asked). */
  cloneState(options: { includeRng?: boolean } = {}): Buffer {
    return this.native().cloneState(options.includeRng ?? false);
  }

  restoreState(state: Uint8Array): void {
    if (!(state instanceof Uint8Array)) badArgument('state', 'a Buffer or Uint8Array from cloneState()', state);
    this.native().restoreState(state);
    this.needsFirstReset = false;
  }

  /** Lets go of the emulator (the garbage collector frees it); later calls throw. */
  close(): void {
    this.ale = undefined;
  }
}

/**
 * Makes an environment from a game id: `pong`, `Pong`, `ALE/Pong-v5`,
 * `PongNoFrameskip-v4`. A versioned id selects its preset unless one is given.
 */
export function makeEnv<T extends ObsType | undefined = ObsType | undefined>(id: string, options: EnvOptions & { obsType?: T } = {}): Env<T> {
  const rom = options.romPath ? loadRom(options.romPath) : findRom(id, options.roms ?? process.env.HORIZON_ARCADE_ROMS ?? 'roms');
  const preset = options.preset ?? presetFromId(id);
  return new Env(rom, { ...options, preset });
}
