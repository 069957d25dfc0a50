import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv } from 'ajv';

import { actionId, RESET_ACTION_ID, type ActionName } from './actions.ts';
import { HorizonError } from './errors.ts';
import { closestName } from './names.ts';
import type { ObjectMapConfig } from './object-map-config.ts';
import type { NativeGameSpec } from './native.ts';
import { projectRoot } from './files.ts';

/** One roms-config/<game>.json file (see roms-config/schema.json). */
export interface GameConfig {
  id: string;
  name: string;
  md5: string[];
  cartridge?: { scheme?: string; resetBank?: number };
  controllers?: {
    left?: 'joystick' | 'paddles';
    right?: 'joystick' | 'paddles';
    swapPaddles?: boolean;
    swapPorts?: boolean;
    paddleMax?: number;
  };
  display?: { yStart?: number; height?: number; format?: 'AUTO' | 'NTSC' | 'PAL'; hmoveBlanks?: boolean };
  actions: { minimal: ActionName[]; illegal?: ActionName[]; starting?: (ActionName | 'RESET')[] };
  modes?: {
    values: number[];
    reached?: string;
    selectFrames?: number;
    waitSteps?: number;
    openSelectFrames?: number;
    settleSteps?: number;
    /** Each press holds SELECT for selectFrames + rng % selectFramesRandom frames (ALE's Adventure). */
    selectFramesRandom?: number;
    resetFirst?: boolean;
    onReached?: Record<string, number>;
    script?: ModeScriptStep[];
  };
  difficulties?: number[];
  rules: { init?: Record<string, number>; step: [string, string][] };
  objects?: ObjectMapConfig;
  /** Defaults of a training run on the game (src/loop/game-defaults.ts). */
  learning?: { description: string; horizon?: number; iterations?: number; evalEpisodes?: number; evalMaxSteps?: number; targetScore?: number };
  notes?: string;
}

/** One step of a scripted mode set-up (see docs/roms-config.md). */
export interface ModeScriptStep {
  select?: number;
  softReset?: boolean;
  press?: ActionName[];
  when?: string;
  until?: string;
  changes?: string;
}

export const CONFIG_DIR = join(projectRoot, 'roms-config');

let cache: Map<string, GameConfig> | undefined;

/** Every game in roms-config/, validated against the schema, by id. */
export function loadGameConfigs(dir: string = CONFIG_DIR): Map<string, GameConfig> {
  if (dir === CONFIG_DIR && cache) return cache;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')));
  const games = new Map<string, GameConfig>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .sort()) {
    const path = join(dir, file);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new HorizonError(`${path}: not valid JSON (${(err as Error).message})`, 'ERR_BAD_CONFIG');
    }
    if (!validate(data)) {
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new HorizonError(`${path}: does not match roms-config/schema.json: ${why}`, 'ERR_BAD_CONFIG');
    }
    const game = data as GameConfig;
    if (game.modes && !game.modes.script && (game.modes.reached === undefined || game.modes.selectFrames === undefined))
      throw new HorizonError(`${path}: modes needs "reached" and "selectFrames" (or a "script")`, 'ERR_BAD_CONFIG');
    if (`${game.id}.json` !== file) throw new HorizonError(`${path}: id "${game.id}" does not match the file name`, 'ERR_BAD_CONFIG');
    games.set(game.id, game);
  }
  if (dir === CONFIG_DIR) cache = games;
  return games;
}

/** The game whose md5 list contains `md5`, or undefined. */
export function findGameByMd5(md5: string, games = loadGameConfigs()): GameConfig | undefined {
  for (const g of games.values()) if (g.md5.includes(md5)) return g;
  return undefined;
}

/** Accepts `pong`, `Pong`, `ALE/Pong-v5`, `PongNoFrameskip-v4`, `SpaceInvaders`, `space_invaders`. */
export function findGameById(name: string, games = loadGameConfigs()): GameConfig {
  const bare = name
    .replace(/^ALE\//, '')
    .replace(/(NoFrameskip)?-v\d+$/, '')
    .replace(/Deterministic$/, '');
  const key = bare.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const g of games.values()) {
    if (g.id.replace(/_/g, '') === key || g.name.toLowerCase() === key) return g;
  }
  const known = [...games.keys()];
  const hint = closestName(
    key,
    known.map((id) => id.replace(/_/g, '')),
  );
  const guess = hint && known.find((id) => id.replace(/_/g, '') === hint);
  throw new HorizonError(`unknown game "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; known games: ${known.join(', ')}`, 'ERR_UNKNOWN_GAME');
}

/** Flattens a config into the structure the native environment reads. */
export function toNativeSpec(game: GameConfig): NativeGameSpec {
  const init = Object.entries(game.rules.init ?? {});
  return {
    scheme: game.cartridge?.scheme,
    resetBank: game.cartridge?.resetBank,
    left: game.controllers?.left ?? 'joystick',
    right: game.controllers?.right ?? 'joystick',
    swapPaddles: game.controllers?.swapPaddles ?? false,
    swapPorts: game.controllers?.swapPorts ?? false,
    yStart: game.display?.yStart ?? 34,
    height: game.display?.height ?? 210,
    hmoveBlanks: game.display?.hmoveBlanks ?? true,
    format: game.display?.format ?? 'AUTO',
    minimalActions: game.actions.minimal.map(actionId).sort((a, b) => a - b),
    illegalActions: (game.actions.illegal ?? []).map(actionId),
    startingActions: (game.actions.starting ?? []).map((a) => (a === 'RESET' ? RESET_ACTION_ID : actionId(a))),
    difficulties: game.difficulties ?? [0],
    paddleMax: game.controllers?.paddleMax ?? 0,
    modes: game.modes?.values ?? [],
    modeReached: game.modes?.reached ?? '1',
    selectFrames: game.modes?.selectFrames ?? 1,
    modeWaitSteps: game.modes?.waitSteps ?? 0,
    modeOpenSelectFrames: game.modes?.openSelectFrames ?? 0,
    modeSettleSteps: game.modes?.settleSteps ?? 0,
    selectFramesRandom: game.modes?.selectFramesRandom ?? 0,
    modeResetFirst: game.modes?.resetFirst ?? false,
    modeOnReached: Object.entries(game.modes?.onReached ?? {}),
    modeScript: (game.modes?.script ?? []).map((s) => ({ ...s, press: (s.press ?? []).map(actionId) })),
    ruleInit: init,
    ruleStep: game.rules.step,
  };
}
