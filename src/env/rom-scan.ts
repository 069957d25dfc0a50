import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { HorizonError } from './errors.ts';
import { BUNDLED_ROMS, md5Of } from './rom.ts';
import { findGameByMd5, loadGameConfigs } from './roms-config.ts';

export interface RomScan {
  dir: string;
  found: { game: string; file: string }[];
  unknown: { file: string; md5: string }[];
  missing: string[];
}

/** Which known games a folder holds (by md5), which files are unknown, which games are missing. */
export function scanRoms(dir: string): RomScan {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new HorizonError(`ROM folder not found: ${dir}`, 'ERR_ROM_NOT_FOUND');
  const games = loadGameConfigs();
  const scan: RomScan = { dir, found: [], unknown: [], missing: [] };
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (!statSync(file).isFile() || statSync(file).size > 65536) continue;
    const md5 = md5Of(new Uint8Array(readFileSync(file)));
    const game = findGameByMd5(md5, games);
    if (game) scan.found.push({ game: game.id, file });
    else scan.unknown.push({ file, md5 });
  }
  const present = new Set(scan.found.map((f) => f.game));
  // The project's own games (the demo) ship with it, so they are never missing.
  scan.missing = [...games.keys()].filter((g) => !present.has(g) && !existsSync(join(BUNDLED_ROMS, `${g}.bin`))).sort();
  return scan;
}
