import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { InvalidArgumentError, Option } from 'commander';

import { BUNDLED_ROMS } from '../env/rom.ts';
import { expected, fits, type SettingValue } from '../loop/settings-table.ts';

/**
 * Commander parser of a number (or text) option, checked as the settings
 * table checks a value of that kind: one rule for train's settings and every
 * other command's numbers. Integers above Number.MAX_SAFE_INTEGER (seeds included)
 * would lose digits: they are refused rather than rounded. `none` is null
 * where the kind allows it.
 */
export function valueParser(flag: string, v: Extract<SettingValue, { kind: 'int' | 'number' | 'text' | 'size' }>) {
  return (text: string): number | string | null => {
    const value =
      v.kind === 'text'
        ? text
        : v.kind === 'size'
          ? text === 'none'
            ? null
            : text
          : v.kind === 'number' && v.orNone && text === 'none'
            ? null
            : text.trim() === ''
              ? Number.NaN
              : Number(text);
    if (v.kind === 'int' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`${flag} must be at most ${Number.MAX_SAFE_INTEGER}, got "${text}"`);
    }
    if (!fits(v, value)) throw new InvalidArgumentError(`${flag} must be ${expected(v)}, got "${text}"`);
    return value;
  };
}

export const nonNegativeInt = (flag: string) => valueParser(flag, { kind: 'int', min: 0 }) as (text: string) => number;
export const positiveInt = (flag: string) => valueParser(flag, { kind: 'int', min: 1 }) as (text: string) => number;
export const positiveNumber = (flag: string) => valueParser(flag, { kind: 'number', positive: true }) as (text: string) => number;
export const probability = (flag: string) => valueParser(flag, { kind: 'number', min: 0, max: 1 }) as (text: string) => number;

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
