import { ACTION_NAMES } from './actions.ts';
import { badArgument, HorizonError } from './errors.ts';
import { addon, type NativeEnv, type NativeSettings } from './native.ts';
import type { Rom } from './rom.ts';
import { toNativeSpec } from './roms-config.ts';
import { STATUS_SLOT, STATUS_SLOTS } from './step-status.ts';

export interface AleOptions {
  /** Probability of repeating the previous action on each emulated frame (sticky actions). */
  repeatActionProbability?: number;
  /** ALE's internal frame skip: emulated frames per act() call. */
  frameSkip?: number;
  /** Episode frame limit (truncation); 0 = none. */
  maxFramesPerEpisode?: number;
  /** Seed of the sticky-action RNG (ALE's random_seed). */
  seed?: number;
  /**
   * Game mode and difficulty switches, as ALE's setMode/setDifficulty after
   * loadROM: checked at once, in effect from the next resetGame(). The
   * console is first powered on and reset in the game's default mode with
   * difficulty 0, as ALE's loadROM does (a reset from a running console
   * leaves different RAM than the first one).
   */
  mode?: number;
  difficulty?: number;
}

/** What a step reports besides the reward. */
export interface Progress {
  terminated: boolean;
  truncated: boolean;
  lives: number;
  frame: number;
  episodeFrame: number;
}

/**
 * ALE's own interface over the native console: reset_game(), act() on one
 * action id, game_over(), lives(), frame counters, RAM and screen. The
 * Gymnasium-style Env builds on this.
 */
export class AleInterface {
  readonly rom: Rom;
  readonly screenHeight: number;
  private readonly native: NativeEnv;
  /** The native status, kept current by the native side (see NativeEnv.statusView). */
  private readonly statusBuf: Float64Array;
  private readonly ramBuf = new Uint8Array(128);
  private readonly screenBuf: Uint8Array;
  private screenOn = true;

  constructor(rom: Rom, options: AleOptions = {}) {
    const p = options.repeatActionProbability ?? 0;
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) badArgument('repeatActionProbability', 'a number in [0, 1]', p);
    const fs = options.frameSkip ?? 1;
    if (!Number.isInteger(fs) || fs < 1) badArgument('frameSkip', 'an integer >= 1', fs);
    const settings: NativeSettings = {
      repeatActionProbability: p,
      frameSkip: fs,
      maxFramesPerEpisode: options.maxFramesPerEpisode ?? 0,
      seed: (options.seed ?? 0) >>> 0,
      mode: options.mode ?? -1,
      difficulty: options.difficulty ?? -1, // not set: ALE's 0
    };
    this.rom = rom;
    this.native = new (addon().NativeEnv)(rom.bytes, rom.md5, toNativeSpec(rom.game), settings);
    this.statusBuf = this.native.statusView();
    if (this.statusBuf.length !== STATUS_SLOTS) {
      throw new HorizonError(
        `the addon's status has ${this.statusBuf.length} slots, step-status.ts ${STATUS_SLOTS}: rebuild it (npm run build:native)`,
        'ERR_NATIVE',
      );
    }
    this.screenHeight = this.native.screenHeight();
    this.screenBuf = new Uint8Array(160 * this.screenHeight);
  }

  resetGame(): void {
    this.native.reset();
  }

  /** One ALE act(): returns the reward of the emulated frame(s). */
  act(action: number, paddleStrength = 1): number {
    if (!Number.isInteger(action) || action < 0 || action >= ACTION_NAMES.length) {
      badArgument('action', `an ALE action id in 0..${ACTION_NAMES.length - 1}`, action);
    }
    return this.native.act(action, paddleStrength);
  }

  /**
   * One agent step: `frames` act() calls with one action, and everything a
   * step reports, in one native call: the summed reward and the progress
   * after the last frame.
   */
  step(action: number, frames: number, paddleStrength = 1): { reward: number } & Progress {
    if (!Number.isInteger(action) || action < 0 || action >= ACTION_NAMES.length) {
      badArgument('action', `an ALE action id in 0..${ACTION_NAMES.length - 1}`, action);
    }
    if (!Number.isInteger(frames) || frames < 1) badArgument('frames', 'an integer >= 1', frames);
    this.native.step(action, frames, paddleStrength);
    const s = this.statusBuf;
    // One literal: spreading progressIn() into it costs ~90 ns a step (Pong's frame is ~20 µs).
    return {
      reward: s[STATUS_SLOT.reward]!,
      terminated: s[STATUS_SLOT.terminated] === 1,
      truncated: s[STATUS_SLOT.truncated] === 1,
      lives: s[STATUS_SLOT.lives]!,
      frame: s[STATUS_SLOT.frame]!,
      episodeFrame: s[STATUS_SLOT.episodeFrame]!,
    };
  }

  private status(): Float64Array {
    this.native.status();
    return this.statusBuf;
  }

  gameOver(withTruncation = true): boolean {
    const s = this.status();
    return s[STATUS_SLOT.terminated] === 1 || (withTruncation && s[STATUS_SLOT.truncated] === 1);
  }
  /** Everything a step reports besides the reward, read in one native call. */
  progress(): Progress {
    return this.progressIn(this.status());
  }

  private progressIn(s: Float64Array): Progress {
    return {
      terminated: s[STATUS_SLOT.terminated] === 1,
      truncated: s[STATUS_SLOT.truncated] === 1,
      lives: s[STATUS_SLOT.lives]!,
      frame: s[STATUS_SLOT.frame]!,
      episodeFrame: s[STATUS_SLOT.episodeFrame]!,
    };
  }
  terminated(): boolean {
    return this.status()[STATUS_SLOT.terminated] === 1;
  }
  truncated(): boolean {
    return this.status()[STATUS_SLOT.truncated] === 1;
  }
  lives(): number {
    return this.status()[STATUS_SLOT.lives]!;
  }
  frameNumber(): number {
    return this.status()[STATUS_SLOT.frame]!;
  }
  episodeFrameNumber(): number {
    return this.status()[STATUS_SLOT.episodeFrame]!;
  }
  /** Scanlines of the last emulated frame (262 for well-formed NTSC games). */
  lastFrameScanlines(): number {
    return this.status()[STATUS_SLOT.scanlines]!;
  }

  /** The 128 bytes of RIOT RAM ($80-$FF). The array is reused: copy to keep. */
  ram(): Uint8Array {
    this.native.ramInto(this.ramBuf);
    return this.ramBuf;
  }

  /**
   * ALE's setRAM: overwrites RAM byte `index` (0-127, i.e. $80 + index) with
   * `value` (0-255) before the next frame, e.g. to put a game into a state
   * that is hard to reach by playing.
   */
  setRAM(index: number, value: number): void {
    if (!Number.isInteger(index) || index < 0 || index > 127) badArgument('setRAM index', 'an integer in 0..127', index);
    if (!Number.isInteger(value) || value < 0 || value > 255) badArgument('setRAM value', 'a byte 0..255', value);
    this.native.setRam(index, value);
  }

  /**
   * Draw the picture (the default), or only emulate: RAM, collisions and
   * rewards stay exact and screen reads are refused. Switched back on, the
   * screen is current after the next frame.
   */
  drawScreen(on: boolean): void {
    this.native.drawPixels(on);
    this.screenOn = on;
  }

  private checkScreen(): void {
    if (!this.screenOn)
      throw new HorizonError('the screen is not drawn (drawScreen: false); create the environment with drawScreen: true to read it', 'ERR_NO_SCREEN');
  }

  /** Palette indices, height x 160, row-major. The array is reused: copy to keep. */
  screen(): Uint8Array {
    this.checkScreen();
    this.native.screenInto(this.screenBuf);
    return this.screenBuf;
  }

  /** RGB triplets, height x 160 x 3: a new array. */
  rgb(): Uint8Array {
    this.checkScreen();
    const out = new Uint8Array(160 * this.screenHeight * 3);
    this.native.rgbInto(out);
    return out;
  }

  /** Luma per pixel, height x 160: a new array. */
  grayscale(): Uint8Array {
    this.checkScreen();
    const out = new Uint8Array(160 * this.screenHeight);
    this.native.grayscaleInto(out);
    return out;
  }

  /** The screen resized with area interpolation, height x width (x 3 for RGB): a new array. */
  resized(width: number, height: number, grayscale: boolean): Uint8Array {
    this.checkScreen();
    const out = new Uint8Array(width * height * (grayscale ? 1 : 3));
    this.native.resizedInto(out, width, height, grayscale);
    return out;
  }

  /**
   * Starts (or stops) recording which TIA objects are present at each pixel,
   * for checking object maps against the picture. Costs a little speed.
   */
  trackPixelSources(on: boolean): void {
    this.native.trackSources(on);
  }

  /** Per pixel, the set of TIA objects there (bits: P0 1, M0 2, P1 4, M1 8, BL 16, PF 32); undefined unless tracked. */
  pixelSources(): Uint8Array | undefined {
    const out = new Uint8Array(160 * this.screenHeight);
    return this.native.sourcesInto(out) ? out : undefined;
  }

  minimalActions(): number[] {
    return this.native.minimalActions();
  }
  legalActions(): number[] {
    return this.native.legalActions();
  }

  cloneState(includeRng = false): Buffer {
    return this.native.saveState(includeRng);
  }
  restoreState(state: Uint8Array): void {
    this.native.loadState(state);
  }
}
