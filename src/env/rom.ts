import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { HorizonError } from './errors.ts';
import { projectRoot } from './files.ts';
import { findGameById, findGameByMd5, loadGameConfigs, type GameConfig } from './roms-config.ts';

export interface Rom {
  path: string;
  bytes: Uint8Array;
  md5: string;
  game: GameConfig;
}

/** Image sizes of the cartridge schemes the emulator supports. */
export const SUPPORTED_ROM_SIZES = [2048, 4096, 8192, 10240, 10495, 12288, 16384, 32768];

function checkSize(path: string, size: number): void {
  if (!SUPPORTED_ROM_SIZES.includes(size)) {
    throw new HorizonError(
      `${path} is ${size} bytes, which matches no supported cartridge scheme ` +
        `(2K, 4K, 3F, DPC, E0, E7, FA, FE, F8, F6, F4, UA and the Superchip variants: ${SUPPORTED_ROM_SIZES.join(', ')} bytes)`,
      'ERR_UNKNOWN_SCHEME',
    );
  }
}

export function md5Of(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Reads a ROM file and finds its roms-config entry by md5. */
export function loadRom(path: string): Rom {
  if (!existsSync(path)) throw new HorizonError(`ROM file not found: ${path}`, 'ERR_ROM_NOT_FOUND');
  if (!statSync(path).isFile()) throw new HorizonError(`ROM path is not a file: ${path}`, 'ERR_ROM_NOT_FOUND');
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes.length === 0) throw new HorizonError(`ROM file is empty: ${path}`, 'ERR_BAD_ROM');
  checkSize(path, bytes.length);
  const md5 = md5Of(bytes);
  const games = loadGameConfigs();
  const game = findGameByMd5(md5, games);
  if (!game) {
    const known = [...games.values()].map((g) => g.id).join(', ');
    throw new HorizonError(
      `no roms-config entry has md5 ${md5} (${path}); known games: ${known}. ` + 'Add roms-config/<game>.json for it, or use one of the ROMs ALE supports.',
      'ERR_UNKNOWN_ROM',
    );
  }
  return { path, bytes, md5, game };
}

/** The project's own ROMs (the demo game), always searched after the user's folder. */
export const BUNDLED_ROMS = join(projectRoot, 'roms');

/** Finds a game's ROM in a folder by md5, whatever the file is called; the project's own games need no folder. */
export function findRom(gameId: string, romsDir: string): Rom {
  const game = findGameById(gameId);
  if (!existsSync(romsDir)) {
    if (existsSync(join(BUNDLED_ROMS, `${game.id}.bin`))) return findRom(game.id, BUNDLED_ROMS);
    throw new HorizonError(
      `ROM folder not found: ${resolve(romsDir)} (give a folder of ROMs with --roms DIR or $HORIZON_ARCADE_ROMS; without them commands look in ./roms, then ../shared/roms)`,
      'ERR_ROM_NOT_FOUND',
    );
  }
  const preferred = join(romsDir, `${game.id}.bin`);
  const candidates = [
    preferred,
    ...readdirSync(romsDir)
      .map((f) => join(romsDir, f))
      .filter((p) => p !== preferred),
  ];
  for (const path of candidates) {
    if (!existsSync(path) || !statSync(path).isFile() || statSync(path).size > 65536) continue;
    const bytes = new Uint8Array(readFileSync(path));
    const md5 = md5Of(bytes);
    if (game.md5.includes(md5)) return { path, bytes, md5, game };
  }
  if (romsDir !== BUNDLED_ROMS && existsSync(join(BUNDLED_ROMS, `${game.id}.bin`))) return findRom(game.id, BUNDLED_ROMS);
  throw new HorizonError(`no ROM in ${romsDir} matches ${game.id} (md5 ${game.md5.join(' or ')})`, 'ERR_ROM_NOT_FOUND');
}
