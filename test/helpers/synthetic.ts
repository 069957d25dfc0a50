import { md5Of, type Rom } from '../../src/env/rom.ts';
import type { GameConfig } from '../../src/env/roms-config.ts';

/** A 4K ROM image with `code` at $F000 and the reset vector pointing there. */
export function romImage(code: number[]): Uint8Array {
  const img = new Uint8Array(4096).fill(0xea); // NOP
  img.set(code, 0);
  img[0xffc] = 0x00;
  img[0xffd] = 0xf0;
  return img;
}

/** A minimal game description for synthetic ROMs. */
export function syntheticGame(overrides: Partial<GameConfig> = {}): GameConfig {
  return {
    id: 'synthetic',
    name: 'Synthetic',
    md5: ['00000000000000000000000000000000'],
    actions: { minimal: ['NOOP', 'FIRE'] },
    rules: { step: [['reward', '0']] },
    ...overrides,
  };
}

export function syntheticRom(code: number[], game: Partial<GameConfig> = {}): Rom {
  const bytes = romImage(code);
  return { path: '<synthetic>', bytes, md5: md5Of(bytes), game: syntheticGame(game) };
}
