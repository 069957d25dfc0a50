import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

describe.skipIf(!sharedAvailable(ROMS))('docs/env.md examples', () => {
  it('examples/random-agent.ts runs and restores state exactly', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'examples', 'random-agent.ts'), ROMS], {
      encoding: 'utf8',
      cwd: projectRoot,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^actions: NOOP, FIRE, RIGHT, LEFT$/m);
    expect(r.stdout).toMatch(/episode over after \d+ frames/);
    expect(r.stdout).toMatch(/restored: RAM identical = true/);
  });

  it('examples/observations.ts shows every observation type', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'examples', 'observations.ts'), ROMS], { encoding: 'utf8', cwd: projectRoot });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'ram: 128 bytes',
      'rgb: 100800 bytes',
      'grayscale: 33600 bytes',
      expect.stringMatching(/^objects at step 61: player, enemy, ball; ball at \d+,\d+ moving -?\d+,-?\d+$/),
      'ocatari: Player, NoObject, reward',
      'VectorEnv: 8 x 4 x 84 x 84 bytes, 225792 in all',
    ]);
  });
});
