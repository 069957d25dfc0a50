import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

describe.skipIf(!sharedAvailable(ROMS))('docs/env.md example', () => {
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
});
