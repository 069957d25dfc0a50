import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { HorizonError } from '../../src/env/errors.ts';
import type { Rom } from '../../src/env/rom.ts';
import { CONFIG_DIR, loadGameConfigs } from '../../src/env/roms-config.ts';
import { syntheticRom } from '../helpers/synthetic.ts';

// INC $80 every frame-ish: STA WSYNC loop with a RAM counter.
const COUNTER = [0xe6, 0x80, 0x85, 0x02, 0x4c, 0x00, 0xf0];

/** An ALE with `mode` set after loading and in effect, as after ALE's setMode and reset_game. */
function withMode(rom: Rom, mode: number): AleInterface {
  const ale = new AleInterface(rom, { mode });
  ale.resetGame();
  return ale;
}

function errorOf(fn: () => unknown): HorizonError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HorizonError);
    return err as HorizonError;
  }
  throw new Error('expected an error');
}

describe('rule expressions', () => {
  it('run after every emulated frame, reset frames included, in order', () => {
    const rom = syntheticRom(COUNTER, {
      rules: {
        init: { lives: 9 },
        step: [
          ['reward', '2'],
          ['seen', 'seen + 1'],
          ['terminal', 'seen >= 100'],
          ['lives', 'terminal ? 0 : 3 + (ram[0x80] & 1)'],
        ],
      },
    });
    const ale = new AleInterface(rom);
    expect([3, 4]).toContain(ale.lives());
    let total = 0;
    while (!ale.gameOver()) total += ale.act(0);
    // reset_game resets the rules after 60 NOOP + 4 RESET frames; they then
    // see the final 4-frame soft reset before play starts
    expect(ale.frameNumber()).toBe(100 - 4);
    expect(total).toBe(2 * ale.frameNumber());
    expect(ale.terminated()).toBe(true);
    expect(ale.lives()).toBe(0);
    // no more frames once the game is over
    expect(ale.act(0)).toBe(0);
    expect(ale.frameNumber()).toBe(96);
    ale.resetGame();
    expect(ale.gameOver()).toBe(false);
    expect(ale.episodeFrameNumber()).toBe(0);
  });

  it('a syntax error is ERR_BAD_CONFIG naming the expression and column', () => {
    const err = errorOf(() => new AleInterface(syntheticRom(COUNTER, { rules: { step: [['reward', 'ram[0x80] +* 2']] } })));
    expect(err.code).toBe('ERR_BAD_CONFIG');
    expect(err.message).toMatch(/ram\[0x80\] \+\* 2.*column/);
  });

  it('an unknown variable is ERR_BAD_CONFIG', () => {
    const err = errorOf(() => new AleInterface(syntheticRom(COUNTER, { rules: { step: [['reward', 'nonsense + 1']] } })));
    expect(err.message).toMatch(/unknown name 'nonsense'/);
  });

  it('helper functions follow ALE conventions', () => {
    const rom = syntheticRom(COUNTER, {
      rules: {
        step: [
          ['a', 'bcd(0x99) == 99 && bcd(0xAB) == 111'],
          ['b', 'dec(0x21, 0x43, 0x65) == 654321'],
          ['c', 'sbyte(0xFE) == -2 && min(3, 4) == 3 && max(3, 4) == 4 && abs(-5) == 5'],
          ['d', '1 << 4 == 16 && 7 % 4 == 3 && (5 > 3 ? 1 : 0) == 1 && !(2 != 2)'],
          ['e', 'pick(2, 10, 20, 30, 40) == 30 && pick(1 + 1 * 3, 7, 8, 9, 6, 5) == 5 && pick(9, 1, 2) == 0 && pick(-1, 1, 2) == 0'],
          ['terminal', '!(a && b && c && d && e)'],
        ],
      },
    });
    const ale = new AleInterface(rom);
    ale.act(0);
    expect(ale.terminated()).toBe(false);
  });

  it('modes are reached by pressing SELECT until the RAM condition holds', () => {
    // While SELECT is held the program stores 1 in $81.
    const code = [
      0xad,
      0x82,
      0x02, // start: LDA SWCHB
      0x29,
      0x02, //              AND #$02
      0xd0,
      0x04, //              BNE skip
      0xa9,
      0x01, //              LDA #1
      0x85,
      0x81, //              STA $81
      0x85,
      0x02, //       skip:  STA WSYNC
      0x4c,
      0x00,
      0xf0, //        JMP start
    ];
    const modes = { values: [0, 1], reached: 'mode == 0 || ram[0x81] == 1', selectFrames: 2 };
    const plain = withMode(syntheticRom(code, { modes }), 0);
    expect(plain.ram()[1]).not.toBe(1);
    expect(plain.frameNumber()).toBe(0);
    const selected = withMode(syntheticRom(code, { modes }), 1);
    expect(selected.ram()[1]).toBe(1);
    // each SELECT press is followed by one counted NOOP frame, as in ALE
    expect(selected.frameNumber()).toBe(1);
    // an unknown mode is refused when it is set
    expect(errorOf(() => new AleInterface(syntheticRom(code, { modes }), { mode: 2 })).code).toBe('ERR_BAD_CONFIG');
  });

  it('a mode condition that never holds is an error, not a hang', () => {
    const modes = { values: [0, 1], reached: 'mode == 0', selectFrames: 1 };
    const err = errorOf(() => withMode(syntheticRom(COUNTER, { modes }), 1));
    expect(err.code).toBe('ERR_BAD_CONFIG');
    expect(err.message).toMatch(/never reached/);
  });
});

describe('scripted mode set-up (options menus)', () => {
  it('plays its steps in order, counting SELECT presses and actions as ALE steps', () => {
    const script = [{ select: 2 }, { press: ['RIGHT', 'NOOP'] as const }, { when: 'mode == 1', press: ['LEFT'] as const }];
    const modes = { values: [0, 1], script: script.map((s) => ({ ...s, press: s.press ? [...s.press] : undefined })) };
    // one counted frame per SELECT press (its trailing NOOP) and per action;
    // loading sets the default mode up once (3 frames), the reset the asked one
    expect(new AleInterface(syntheticRom(COUNTER, { modes })).frameNumber()).toBe(3);
    expect(withMode(syntheticRom(COUNTER, { modes }), 0).frameNumber()).toBe(3 + 3);
    expect(withMode(syntheticRom(COUNTER, { modes }), 1).frameNumber()).toBe(3 + 4);
  });

  it('a step whose condition never holds is an error, not a hang', () => {
    const modes = { values: [0], script: [{ until: 'ram[0x81] == 77', press: ['NOOP' as const] }] };
    const err = errorOf(() => new AleInterface(syntheticRom(COUNTER, { modes })));
    expect(err.code).toBe('ERR_BAD_CONFIG');
    expect(err.message).toMatch(/never finished/);
  });
});

describe('roms-config validation', () => {
  it('rejects modes with neither a SELECT condition nor a script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-config-'));
    copyFileSync(join(CONFIG_DIR, 'schema.json'), join(dir, 'schema.json'));
    const pong = JSON.parse(JSON.stringify(loadGameConfigs().get('pong')));
    pong.modes = { values: [0, 1] };
    writeFileSync(join(dir, 'pong.json'), JSON.stringify(pong));
    expect(errorOf(() => loadGameConfigs(dir)).message).toMatch(/modes needs "reached" and "selectFrames"/);
  });

  it('rejects a file that does not match the schema, saying where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-config-'));
    copyFileSync(join(CONFIG_DIR, 'schema.json'), join(dir, 'schema.json'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'bad', name: 'Bad', md5: ['xyz'], actions: { minimal: ['JUMP'] }, rules: { step: [] } }));
    const err = errorOf(() => loadGameConfigs(dir));
    expect(err.code).toBe('ERR_BAD_CONFIG');
    expect(err.message).toMatch(/bad\.json.*\/md5\/0/);
  });

  it('rejects a file whose id differs from its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-config-'));
    copyFileSync(join(CONFIG_DIR, 'schema.json'), join(dir, 'schema.json'));
    const pong = JSON.parse(JSON.stringify(loadGameConfigs().get('pong')));
    writeFileSync(join(dir, 'tennis.json'), JSON.stringify(pong));
    expect(errorOf(() => loadGameConfigs(dir)).message).toMatch(/does not match the file name/);
  });
});
