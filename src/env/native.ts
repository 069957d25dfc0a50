import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { HorizonError } from './errors.ts';
import { projectRoot } from './files.ts';

/** The flat game description the native side reads (see native/addon/EnvWrap.cpp). */
export interface NativeGameSpec {
  scheme?: string;
  resetBank?: number;
  left: 'joystick' | 'paddles';
  right: 'joystick' | 'paddles';
  swapPaddles: boolean;
  swapPorts: boolean;
  yStart: number;
  height: number;
  hmoveBlanks: boolean;
  format: 'AUTO' | 'NTSC' | 'PAL';
  minimalActions: number[];
  illegalActions: number[];
  startingActions: number[];
  difficulties: number[];
  modes: number[];
  modeReached: string;
  selectFrames: number;
  modeWaitSteps: number;
  paddleMax: number;
  modeOpenSelectFrames: number;
  modeSettleSteps: number;
  selectFramesRandom: number;
  modeResetFirst: boolean;
  modeOnReached: [string, number][];
  modeScript: { select?: number; softReset?: boolean; press: number[]; when?: string; until?: string; changes?: string }[];
  ruleInit: [string, number][];
  ruleStep: [string, string][];
}

export interface NativeSettings {
  repeatActionProbability?: number;
  frameSkip?: number;
  maxFramesPerEpisode?: number;
  truncateOnLossOfLife?: boolean;
  seed?: number;
  mode?: number;
  difficulty?: number;
}

export interface NativeEnv {
  reset(): void;
  act(action: number, paddleStrength?: number): number;
  /** One agent step (`frames` act() calls): writes its StepStatus to statusView(). */
  step(action: number, frames: number, paddleStrength: number): void;
  /** Brings statusView() up to date (its reward slot keeps the last step's). */
  status(): void;
  /** The status buffer: STEP_STATUS_FIELDS (step-status.ts), one slot each. */
  statusView(): Float64Array;
  ramInto(out: Uint8Array): void;
  setRam(index: number, value: number): void;
  screenInto(out: Uint8Array): void;
  rgbInto(out: Uint8Array): void;
  grayscaleInto(out: Uint8Array): void;
  /** The screen resized with area interpolation to width x height, grey (1 value a pixel) or RGB (3). */
  resizedInto(out: Uint8Array, width: number, height: number, grayscale: boolean): void;
  screenHeight(): number;
  minimalActions(): number[];
  legalActions(): number[];
  saveState(includeRng: boolean): Buffer;
  loadState(state: Uint8Array): void;
  seed(seed: number): void;
  trackSources(on: boolean): void;
  drawPixels(on: boolean): void;
  sourcesInto(out: Uint8Array): boolean;
}

/** Step results of a NativeVectorEnv, one entry per environment (ram: 128 bytes each, screen: 160 x height each). */
export interface VectorBuffers {
  reward: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  reset: Uint8Array;
  lives: Int32Array;
  frame: Float64Array;
  episodeFrame: Float64Array;
  ram: Uint8Array;
  screen?: Uint8Array;
  obs?: Uint8Array;
}

/** VectorEnv's observation pipeline (every field given: src/env/vector-env.ts fills the defaults). */
export interface NativePreprocess {
  grayscale: boolean;
  width: number;
  height: number;
  maxPool: boolean;
  stack: number;
  noopMax: number;
  episodicLife: boolean;
  clipRewards: boolean;
}

export interface NativeVectorEnv {
  resetAll(): void;
  send(actions: Int32Array): void;
  recv(): void;
  step(actions: Int32Array): void;
  threads(): number;
  close(): void;
}

export interface CpuRegisters {
  pc: number;
  a: number;
  x: number;
  y: number;
  sp: number;
  p: number;
}

/** Test-only: the 6507 core on a flat 64K RAM board. */
export interface CpuBoard {
  setRegisters(regs: Partial<CpuRegisters>): void;
  run(
    maxInstructions: number,
    stopOnSelfLoop: boolean,
  ): CpuRegisters & {
    cycles: number;
    instructions: number;
    selfLoop: boolean;
    halted: boolean;
  };
  log(): { cycle: number; addr: number; value: number; write: boolean }[];
  peek(addr: number): number;
}

export interface NativeRuleProgram {
  /** The RAM (128 bytes) every run() reads and the array (outputs() values) it writes: steps x copies per block, block after block. */
  bind(ram: Uint8Array, out: Float64Array): void;
  run(): void;
  /** How many values run() writes. */
  outputs(): number;
}

interface Addon {
  _CpuBoard: new (image: Uint8Array, logAccesses: boolean) => CpuBoard;
  /** Blocks of rule-language steps (name '' for an output only), each run once per row of input values. */
  NativeRuleProgram: new (
    blocks: { names: string[]; sources: string[]; inputs: string[]; rows: number[]; copies: number; gate: number }[],
  ) => NativeRuleProgram;
  NativeEnv: new (rom: Uint8Array, md5: string, spec: NativeGameSpec, settings: NativeSettings) => NativeEnv;
  NativeVectorEnv: new (
    rom: Uint8Array,
    md5: string,
    spec: NativeGameSpec,
    settings: NativeSettings[],
    options: { frameSkip: number; threads: number; drawScreen: boolean; preprocess?: NativePreprocess },
    out: VectorBuffers,
  ) => NativeVectorEnv;
  setErrorClass(cls: new (message: string, code: string) => Error): void;
}

function loadAddon(): Addon {
  const path = join(projectRoot, 'build', 'Release', 'horizon_arcade.node');
  if (!existsSync(path)) {
    throw new HorizonError(`the native addon is not built (${path} is missing): run "npm install" or "npm run build:native"`, 'ERR_NATIVE');
  }
  const addon = createRequire(import.meta.url)(path) as Addon;
  addon.setErrorClass(HorizonError as unknown as new (message: string, code: string) => Error);
  return addon;
}

let loaded: Addon | undefined;

/** The addon, loaded on first use: importing the environment layer needs no built addon until an emulator is made. */
export function addon(): Addon {
  loaded ??= loadAddon();
  return loaded;
}
