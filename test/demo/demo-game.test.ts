import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom, loadRom } from '../../src/env/rom.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';

const dasm = spawnSync('dasm', [], { encoding: 'utf8' }).error === undefined;
if (!dasm) {
  if (process.env.CI) throw new Error('dasm is not installed (.ci/run installs it)');
  console.warn('skipping the re-assembly check: dasm is not installed (apt-get install dasm)');
}

describe('the demo game (roms/demo.bin from roms-src/demo.asm)', () => {
  it.skipIf(!dasm)('re-assembles to exactly the committed bytes', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ha-demo-')), 'demo.bin');
    execFileSync(join(projectRoot, 'scripts', 'build-demo-rom.sh'), [out]);
    expect(Buffer.compare(readFileSync(out), readFileSync(join(BUNDLED_ROMS, 'demo.bin')))).toBe(0);
  });

  it('is found with no ROM folder and is a well-formed NTSC program (262 lines a frame)', () => {
    const rom = findRom('demo', join(tmpdir(), 'no-such-folder'));
    expect(rom.game.name).toBe('EggCatch');
    const ale = new AleInterface(rom);
    for (let i = 0; i < 120; i++) {
      ale.act(i % 3 === 0 ? 3 : 0);
      expect(ale.lastFrameScanlines()).toBe(262);
    }
    expect(ale.screenHeight).toBe(210);
  });

  it('a basket kept under the egg scores; a still basket loses its three lives and the game ends', () => {
    const rom = loadRom(join(BUNDLED_ROMS, 'demo.bin'));
    const ex = new ObjectExtractor(rom.game);
    const follow = new AleInterface(rom);
    let reward = 0;
    for (let i = 0; i < 2000; i++) {
      const { objects } = ex.extract(follow.ram());
      const basket = objects.find((o) => o.category === 'Player')!;
      const egg = objects.find((o) => o.category === 'Egg');
      const d = egg ? egg.x + 4 - (basket.x + 8) : 0;
      reward += follow.act(d > 2 ? 3 : d < -2 ? 4 : 0);
    }
    expect(reward).toBeGreaterThanOrEqual(10);
    expect(follow.lives()).toBe(3);

    const still = new AleInterface(rom);
    const livesSeen = new Set<number>();
    let frames = 0;
    while (!still.gameOver() && frames < 5000) {
      still.act(0);
      livesSeen.add(still.lives());
      frames++;
    }
    expect(still.terminated()).toBe(true);
    expect([...livesSeen].sort()).toEqual([0, 1, 2, 3]);
    expect(frames).toBeGreaterThan(300); // an egg takes ~150 frames to fall: the reward comes long after the move
  });
});
