import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

describe.skipIf(!sharedAvailable(ROMS))('npm run bench:speed', () => {
  it('--json prints one object with every measurement per game and the core count', () => {
    // Very short measurements: this checks the script works, not how fast anything is.
    const r = spawnSync('npm', ['run', '--silent', 'bench:speed', '--', '--json', '--games', 'pong,breakout', '--seconds', '0.05', '--roms', ROMS], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as { games: Record<string, Record<string, number>>; cores: number; ale: Record<string, number>; aleSource: string };
    expect(result.aleSource).toMatch(/^ALE 0\.12\.1 /);
    expect(result.cores).toBeGreaterThanOrEqual(1);
    expect(Object.keys(result.games)).toEqual(['pong', 'breakout']);
    for (const [name, game] of Object.entries(result.games)) {
      expect(Object.keys(game).sort()).toEqual(['env', 'envScreen', 'envScreenToAle', 'envToAle', 'obs1', 'obsAll', 'vector1', 'vectorAll', 'withPolicy']);
      for (const fps of Object.values(game)) expect(fps).toBeGreaterThan(0);
      // The ratios are of the figures printed beside them.
      expect(game.envScreenToAle).toBeCloseTo(game.envScreen! / result.ale[name]!, 1);
    }
  });

  it('rejects a bad --seconds', () => {
    const r = spawnSync('npm', ['run', '--silent', 'bench:speed', '--', '--seconds', 'fast'], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--seconds must be a positive number/);
  });
});
