import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { HorizonError } from '../../src/env/errors.ts';
import { findRom, loadRom } from '../../src/env/rom.ts';
import { findGameById, loadGameConfigs } from '../../src/env/roms-config.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { syntheticRom } from '../helpers/synthetic.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HorizonError);
    return (err as HorizonError).code;
  }
  return undefined;
}

const tmp = mkdtempSync(join(tmpdir(), 'ha-rom-'));

describe('ROM loading errors', () => {
  it('a missing file is ERR_ROM_NOT_FOUND', () => {
    expect(codeOf(() => loadRom(join(tmp, 'nope.bin')))).toBe('ERR_ROM_NOT_FOUND');
  });

  it('a file whose size is no known scheme is ERR_UNKNOWN_SCHEME and says the size', () => {
    const path = join(tmp, 'odd.bin');
    writeFileSync(path, new Uint8Array(3000));
    expect(() => loadRom(path)).toThrow(/3000 bytes/);
    expect(codeOf(() => loadRom(path))).toBe('ERR_UNKNOWN_SCHEME');
  });

  it('an md5 with no roms-config entry is ERR_UNKNOWN_ROM and lists the known games', () => {
    const path = join(tmp, 'unknown.bin');
    writeFileSync(path, new Uint8Array(4096).fill(7));
    expect(codeOf(() => loadRom(path))).toBe('ERR_UNKNOWN_ROM');
    expect(() => loadRom(path)).toThrow(/known games: .*pong/);
  });

  it('an unknown game id is ERR_UNKNOWN_GAME', () => {
    expect(codeOf(() => findGameById('tetris2'))).toBe('ERR_UNKNOWN_GAME');
  });

  it('a native scheme error surfaces as HorizonError with its code', () => {
    const rom = syntheticRom([0x4c, 0x00, 0xf0], { cartridge: { scheme: 'F8' } });
    expect(codeOf(() => new AleInterface(rom))).toBe('ERR_UNKNOWN_SCHEME');
  });

  it('an action outside the 18 is rejected before reaching the emulator', () => {
    const ale = new AleInterface(syntheticRom([0x4c, 0x00, 0xf0]));
    expect(codeOf(() => ale.act(18))).toBe('ERR_BAD_ARGUMENT');
    expect(codeOf(() => ale.act(-1))).toBe('ERR_BAD_ARGUMENT');
  });
});

describe('game ids', () => {
  it('accepts ALE ids, Gymnasium ids and display names', () => {
    for (const name of ['pong', 'Pong', 'ALE/Pong-v5', 'PongNoFrameskip-v4']) expect(findGameById(name).id).toBe('pong');
    for (const name of ['space_invaders', 'SpaceInvaders', 'ALE/SpaceInvaders-v5']) expect(findGameById(name).id).toBe('space_invaders');
    expect(findGameById('MsPacman').id).toBe('ms_pacman');
  });

  it('every roms-config file validates and ids are unique per md5', () => {
    const games = loadGameConfigs();
    expect(games.size).toBeGreaterThanOrEqual(10);
    const md5s = [...games.values()].flatMap((g) => g.md5);
    expect(new Set(md5s).size).toBe(md5s.length);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('ROM discovery by md5', () => {
  it('finds a game in a folder whatever the file is called', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-roms-'));
    writeFileSync(join(dir, 'my copy of tennis.a26'), loadRom(join(ROMS, 'boxing.bin')).bytes);
    expect(findRom('boxing', dir).path).toBe(join(dir, 'my copy of tennis.a26'));
    expect(codeOf(() => findRom('pong', dir))).toBe('ERR_ROM_NOT_FOUND');
  });
});
