import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { HorizonError } from '../env/errors.ts';
import { findGameById, loadGameConfigs } from '../env/roms-config.ts';
import { findRom, type Rom } from '../env/rom.ts';
import { generateTrace } from '../trace/trace.ts';

export interface TraceComparison {
  game: string;
  seed: number;
  set: TraceSet;
  mode: number;
  difficulty: number;
  file: string;
  lines: number;
  matched: number;
  /** 1-based line number (data lines only) of the first difference, if any. */
  firstDiffLine?: number;
  /** What differed there: field names, first RAM byte, etc. */
  firstDiff?: string;
  /** Why the game could not be checked (no roms-config entry, no ROM). */
  skipped?: string;
  /** Reference screens compared pixel by pixel (seed 1 only). */
  screens: ScreenComparison[];
}

export interface ScreenComparison {
  frame: number;
  match: boolean;
  /** First differing row and column, and the two palette values there. */
  firstDiff?: { row: number; column: number; ours: number; ref: number };
  /** Pixels that differ. */
  differingPixels?: number;
}

/** Reference screens available for a game: frame number -> file. */
export function referenceScreens(referenceDir: string, game: string, seed: number): Map<number, string> {
  const dir = join(referenceDir, 'screens');
  const out = new Map<number, string>();
  if (!existsSync(dir)) return out;
  const re = new RegExp(`^${game}_seed${seed}_f(\\d+)\\.pal\\.gz$`);
  for (const f of readdirSync(dir)) {
    const m = re.exec(f);
    if (m) out.set(Number(m[1]), join(dir, f));
  }
  return out;
}

export function compareScreen(ours: Uint8Array, refPath: string, frame: number): ScreenComparison {
  const ref = gunzipSync(readFileSync(refPath));
  let differing = 0;
  let first: ScreenComparison['firstDiff'];
  const n = Math.max(ours.length, ref.length);
  for (let i = 0; i < n; i++) {
    if (ours[i] !== ref[i]) {
      differing++;
      first ??= { row: Math.floor(i / 160), column: i % 160, ours: ours[i] ?? -1, ref: ref[i] ?? -1 };
    }
  }
  return differing === 0 ? { frame, match: true } : { frame, match: false, firstDiff: first, differingPixels: differing };
}

interface RefHeader {
  frames: number;
  frameskip: number;
  seed: number;
  repeatActionProbability: number;
  /** The game variation the recorder set after loading (-1: not set, as in the traces/ set). */
  mode: number;
  difficulty: number;
}

/** `<game>[_m<M>_d<D>][_fs<N>]_seed<S>.txt.gz`: the game id is group 1, the seed group 2. */
const TRACE_NAME = /^(.+?)(?:_m-?\d+_d\d+)?(?:_fs\d+)?_seed(\d+)\.txt\.gz$/;

/** The reference sets (folders of `reference/`) and how their runs end (trace/trace.ts stopRule). */
export const TRACE_SETS = { traces: 'emulated', modes: 'frame-number', long: 'frame-number' } as const;
export type TraceSet = keyof typeof TRACE_SETS;

export function readTraceFile(path: string): { header: RefHeader; lines: string[] } {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const all = text.split('\n').filter((l) => l.length > 0);
  const first = all[0] ?? '';
  const field = (name: string, otherwise?: number) => {
    const m = new RegExp(` ${name}=([^ ]+)`).exec(first);
    if (!m && otherwise !== undefined) return otherwise;
    if (!m) throw new HorizonError(`${path}: header has no ${name}=`, 'ERR_BAD_ARGUMENT');
    return Number(m[1]);
  };
  return {
    header: {
      frames: field('frames'),
      frameskip: field('frameskip'),
      seed: field('seed'),
      repeatActionProbability: field('repeat_action_probability'),
      mode: field('mode', -1),
      difficulty: field('difficulty', -1),
    },
    lines: all.filter((l) => !l.startsWith('#')),
  };
}

const FIELDS = ['kind', 'step', 'frame', 'ep_frame', 'action_idx', 'action_id', 'reward', 'lives', 'game_over', 'ram', 'screen'];

/** Describes how two trace lines differ ("ram byte 0x1c (addr $9c): 03 vs 04; screen"). */
export function describeDiff(ours: string, ref: string): string {
  const a = ours.split(' ');
  const b = ref.split(' ');
  const parts: string[] = [];
  for (let i = 0; i < FIELDS.length; i++) {
    if (a[i] === b[i]) continue;
    if (FIELDS[i] === 'ram') {
      const ra = a[i] ?? '';
      const rb = b[i] ?? '';
      for (let j = 0; j < 128; j++) {
        const x = ra.slice(2 * j, 2 * j + 2);
        const y = rb.slice(2 * j, 2 * j + 2);
        if (x !== y) {
          parts.push(`ram[${j}] ($${(0x80 + j).toString(16)}) ours ${x} ref ${y}`);
          break;
        }
      }
    } else {
      parts.push(`${FIELDS[i]} ours ${a[i]} ref ${b[i]}`);
    }
  }
  return parts.join('; ');
}

/**
 * Replays one reference trace on our emulator and compares every line. The
 * set is the trace's folder name (traces, modes, long); its mode, difficulty
 * and frameskip come from its header.
 */
export function compareTrace(path: string, romsDir: string, referenceDir?: string, o: { maxLines?: number } = {}): TraceComparison {
  const m = TRACE_NAME.exec(basename(path));
  if (!m) throw new HorizonError(`not a reference trace file name: ${path}`, 'ERR_BAD_ARGUMENT');
  const folder = basename(dirname(path));
  const set: TraceSet = folder in TRACE_SETS ? (folder as TraceSet) : 'traces';
  const gameId = m[1]!;
  const { header, lines: all } = readTraceFile(path);
  // A fast check compares the first maxLines lines only.
  const lines = o.maxLines === undefined ? all : all.slice(0, o.maxLines);
  const result: TraceComparison = {
    game: gameId,
    seed: Number(m[2]),
    set,
    mode: header.mode,
    difficulty: header.difficulty,
    file: path,
    lines: 0,
    matched: 0,
    screens: [],
  };
  // Reference screens belong to the traces/ set (default variation, one frame per step).
  const screens = referenceDir && set === 'traces' ? referenceScreens(referenceDir, gameId, result.seed) : new Map<number, string>();
  result.lines = lines.length;
  if (!loadGameConfigs().has(gameId)) {
    result.skipped = 'no roms-config entry';
    return result;
  }
  let rom: Rom;
  try {
    rom = findRom(findGameById(gameId).id, romsDir);
  } catch (err) {
    result.skipped = (err as Error).message;
    return result;
  }
  let i = 0;
  try {
    for (const line of generateTrace(rom, {
      frames: header.frames,
      frameskip: header.frameskip,
      seed: header.seed,
      stopRule: TRACE_SETS[set],
      // What the recorder set after loading (-1: nothing); setting either means a reset_game() before the first line.
      ale: {
        repeatActionProbability: header.repeatActionProbability,
        ...(header.mode >= 0 ? { mode: header.mode } : {}),
        ...(header.mode >= 0 || header.difficulty >= 0 ? { difficulty: Math.max(0, header.difficulty) } : {}),
      },
      observe: (line, ale) => {
        // Screens are stored after N act() frames: the step count, not ALE's
        // frame number, which also counts SELECT presses made during reset.
        const ref = screens.get(line.step);
        if (ref && line.kind === 'S') {
          result.screens.push(compareScreen(ale.screen(), ref, line.step));
          screens.delete(line.step);
        }
      },
    })) {
      if (line.startsWith('#')) continue;
      const ref = lines[i];
      if (ref === undefined || line !== ref) {
        result.firstDiffLine = i + 1;
        result.firstDiff = ref === undefined ? 'our trace is longer' : describeDiff(line, ref);
        return result;
      }
      i++;
      result.matched = i;
      if (i === lines.length && lines.length < all.length) break;
    }
  } catch (err) {
    result.firstDiffLine = i + 1;
    result.firstDiff = `error: ${(err as Error).message}`;
    return result;
  }
  if (i < lines.length) {
    result.firstDiffLine = i + 1;
    result.firstDiff = 'our trace is shorter';
  }
  return result;
}

/** The trace files of a set (a folder of `referenceDir`), of the given games or all. */
export function listReferenceTraces(referenceDir: string, games?: string[], set: TraceSet = 'traces'): string[] {
  const dir = join(referenceDir, set);
  if (!existsSync(dir)) throw new HorizonError(`reference traces not found: ${dir}`, 'ERR_ROM_NOT_FOUND');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt.gz'))
    .filter((f) => !games || games.includes(TRACE_NAME.exec(f)?.[1] ?? ''))
    .sort()
    .map((f) => join(dir, f));
}
