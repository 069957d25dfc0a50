import { AleInterface, type AleOptions } from '../env/ale-interface.ts';
import type { Rom } from '../env/rom.ts';
import { fnv1a64, toHex } from './hash.ts';
import { SplitMix64 } from './splitmix64.ts';

export interface TraceOptions {
  /** Stop once this many frames have been emulated. */
  frames: number;
  /**
   * How `frames` ends the run: `emulated` (default; the traces/ set) counts
   * frames emulated by act() and cuts the last step at the limit;
   * `frame-number` (the modes/ and long/ sets) plays whole steps while ALE's
   * frame number, reset frames included, is below the limit.
   */
  stopRule?: 'emulated' | 'frame-number';

  /** Emulated frames per agent step (one ALE act() call each). */
  frameskip: number;
  /** splitmix64 seed of the action sequence. */
  seed: number;
  ale?: AleOptions;
  /** Called after each line is made, with the emulator in the state the line records. */
  observe?: (line: TraceLine, ale: AleInterface) => void;
}

export interface TraceLine {
  kind: 'S' | 'R';
  step: number;
  frame: number;
  episodeFrame: number;
  actionIndex: number;
  actionId: number;
  reward: number;
  lives: number;
  gameOver: boolean;
  ramHex: string;
  screenHash: string;
}

export function formatTraceLine(l: TraceLine): string {
  return [l.kind, l.step, l.frame, l.episodeFrame, l.actionIndex, l.actionId, l.reward, l.lives, l.gameOver ? 1 : 0, l.ramHex, l.screenHash].join(' ');
}

export function traceHeader(rom: Rom, ale: AleInterface, o: TraceOptions): string[] {
  const p = o.ale?.repeatActionProbability ?? 0;
  return [
    `# rom=${rom.path} md5=${rom.md5} frames=${o.frames} frameskip=${o.frameskip} seed=${o.seed} repeat_action_probability=${p} random_seed=${o.ale?.seed ?? 0} mode=${o.ale?.mode ?? -1} difficulty=${o.ale?.difficulty ?? -1}`,
    `# minimal_actions=${ale.minimalActions().join(',')}`,
    '# S step frame ep_frame action_idx action_id reward lives game_over ram_hex screen_fnv1a64',
  ];
}

/**
 * Plays the reference-trace protocol: each agent step draws an action with
 * splitmix64, emulates `frameskip` frames (stopping at game over, as ALE
 * does), and yields a line; after a game over the game is reset and an R
 * line follows. Yields the header lines first.
 */
export function* generateTrace(rom: Rom, o: TraceOptions): Generator<string> {
  const ale = new AleInterface(rom, o.ale);
  const minimal = ale.minimalActions();
  const rng = new SplitMix64(o.seed);
  // A variation (ale.mode or ale.difficulty) is set after loading the ROM and
  // takes effect at reset_game(), as in ALE; without one the trace starts
  // from the console as loading left it.
  if (o.ale?.mode !== undefined || o.ale?.difficulty !== undefined) ale.resetGame();
  yield* traceHeader(rom, ale, o);
  const snapshot = (kind: 'S' | 'R', step: number, actionIndex: number, actionId: number, reward: number): TraceLine => ({
    kind,
    step,
    frame: ale.frameNumber(),
    episodeFrame: ale.episodeFrameNumber(),
    actionIndex,
    actionId,
    reward,
    lives: ale.lives(),
    gameOver: ale.gameOver(),
    ramHex: toHex(ale.ram()),
    screenHash: fnv1a64(ale.screen()),
  });
  const emit = (line: TraceLine): string => {
    o.observe?.(line, ale);
    return formatTraceLine(line);
  };
  yield emit(snapshot('S', 0, -1, -1, 0));
  let emulated = 0;
  let step = 0;
  const wholeSteps = o.stopRule === 'frame-number';
  while (wholeSteps ? ale.frameNumber() < o.frames : emulated < o.frames) {
    const idx = rng.nextIndex(minimal.length);
    const action = minimal[idx]!;
    const before = ale.frameNumber();
    let reward = 0;
    for (let k = 0; k < o.frameskip && (wholeSteps || emulated + (ale.frameNumber() - before) < o.frames); k++) {
      reward += ale.act(action);
    }
    emulated += ale.frameNumber() - before;
    step++;
    const line = snapshot('S', step, idx, action, reward);
    yield emit(line);
    if (line.gameOver) {
      ale.resetGame();
      yield emit(snapshot('R', step, -1, -1, 0));
    }
  }
}
