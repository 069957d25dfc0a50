import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AleInterface } from '../../src/env/ale-interface.ts';
import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { STATUS_SLOTS, stepStatusHeader } from '../../src/env/step-status.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

describe('the step status: one layout for C++ and TypeScript', () => {
  it('native/env/StepStatus.h is generated from src/env/step-status.ts (run npm run gen:step-status when this fails)', () => {
    expect(readFileSync(join(projectRoot, 'native/env/StepStatus.h'), 'utf8')).toBe(stepStatusHeader());
    expect(stepStatusHeader()).toContain(`kStatusSlots = ${STATUS_SLOTS},`);
  });

  it.runIf(sharedAvailable(ROMS))('a native step is its frames of act(), and reports what the one-frame interface reads after them', () => {
    // Breakout: lives, and a frame limit short enough to truncate within the test.
    const options = { frameSkip: 2, maxFramesPerEpisode: 300, seed: 5, repeatActionProbability: 0.25 };
    const stepped = new AleInterface(findRom('breakout', ROMS), options);
    const acted = new AleInterface(findRom('breakout', ROMS), options);
    stepped.resetGame();
    acted.resetGame();
    let steps = 0;
    for (const [action, frames] of [
      [1, 3],
      [3, 7],
      [4, 5],
      [1, 60],
      [3, 90],
    ] as const) {
      const result = stepped.step(action, frames);
      let reward = 0;
      for (let f = 0; f < frames; f++) reward += acted.act(action);
      steps += frames;
      expect(result).toEqual({ reward, ...acted.progress() });
      expect(result.frame).toBe(acted.frameNumber());
      expect(stepped.lastFrameScanlines()).toBe(acted.lastFrameScanlines());
      expect(stepped.ram()).toEqual(acted.ram());
    }
    // The limit (300 frames) was reached on the way, and balls were lost (the lives slot moved).
    expect(steps * 2).toBeGreaterThan(300);
    expect(stepped.progress().truncated).toBe(true);
    expect(stepped.lives()).toBeLessThan(5);
    expect(stepped.episodeFrameNumber()).toBe(300);
  });
});
