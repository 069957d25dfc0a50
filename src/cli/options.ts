import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { InvalidArgumentError, Option } from 'commander';

import { BUNDLED_ROMS } from '../env/rom.ts';

/** Integers above this lose digits as JavaScript numbers (seeds included): they are refused rather than rounded. */
const LARGEST = Number.MAX_SAFE_INTEGER;

/** Commander parser for a non-negative integer option. */
export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || value.trim() === '') throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${value}"`);
    if (n > LARGEST) throw new InvalidArgumentError(`${name} must be at most ${LARGEST}, got "${value}"`);
    return n;
  };
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${value}"`);
    if (n > LARGEST) throw new InvalidArgumentError(`${name} must be at most ${LARGEST}, got "${value}"`);
    return n;
  };
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got "${value}"`);
    return n;
  };
}

export function probability(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${name} must be a number in [0, 1], got "${value}"`);
    return n;
  };
}

/**
 * Where to look for ROMs when --roms is not given: $HORIZON_ARCADE_ROMS, else
 * ./roms, else the team's shared folder ../shared/roms when it exists (also
 * from the project folder, whose roms/ holds only the demo game).
 */
export function defaultRomsDir(): string {
  if (process.env.HORIZON_ARCADE_ROMS) return process.env.HORIZON_ARCADE_ROMS;
  // The project's own roms/ holds only the demo game, which is always found anyway.
  const own = existsSync('roms') && resolve('roms') === BUNDLED_ROMS;
  if ((!existsSync('roms') || own) && existsSync('../shared/roms')) return '../shared/roms';
  return 'roms';
}

/** Where commands look for ROMs, as their help and errors say it. */
export const ROMS_SEARCH_ORDER = '$HORIZON_ARCADE_ROMS, else ./roms, else ../shared/roms';

/** The --roms option of the commands: a folder of ROMs (found by md5), by default the first of the search order that exists. */
export function romsOption(help = 'folder with your ROMs (found by md5)'): Option {
  return new Option('--roms <dir>', help).default(defaultRomsDir(), ROMS_SEARCH_ORDER);
}
