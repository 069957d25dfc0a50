import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { playEpisodes } from '../../src/policy/runner.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { traceToText } from '../../src/policy/trace-text.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const GAMES = ['demo', 'pong', 'breakout', 'space_invaders', 'freeway', 'enduro', 'seaquest', 'qbert', 'asterix', 'ms_pacman', 'boxing'];
const load = (path: string) => parsePolicy(readFileSync(join(projectRoot, 'policies', path), 'utf8'), path);

describe('starter policies', () => {
  it('exist in both styles for the 10 games and the demo', () => {
    for (const game of GAMES) {
      expect(readdirSync(join(projectRoot, 'policies', game))).toEqual(expect.arrayContaining(['act.ts', 'modular.ts', 'obs.d.ts']));
      expect(load(`${game}/act.ts`).editable).toEqual(['act']);
      expect(load(`${game}/modular.ts`).editable.length).toBeGreaterThan(1);
    }
  });

  it('the untuned demo start has the modular structure and scores far below it', () => {
    const untuned = load('demo/untuned.ts');
    expect(untuned.editable).toEqual(load('demo/modular.ts').editable);
    const rom = findRom('demo', BUNDLED_ROMS);
    const score = (file: string) => playEpisodes(rom, load(file), { episodes: 1, maxSteps: 4000, seed: 0, env: { repeatActionProbability: 0 } })[0]!.score;
    expect(score('demo/untuned.ts')).toBeLessThan(score('demo/modular.ts') / 4);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('starter policies in play', () => {
  for (const game of GAMES) {
    it(`${game}: both styles run without policy errors and trace their functions`, () => {
      const rom = findRom(game, ROMS);
      for (const style of ['act', 'modular']) {
        const [r] = playEpisodes(rom, load(`${game}/${style}.ts`), { episodes: 1, maxSteps: 150, seed: 5, trace: true });
        expect(r!.errors, r!.errorMessages.join('; ')).toBe(0);
        expect(r!.steps).toBeGreaterThan(0);
        const traced = new Set(r!.records!.flatMap((s) => s.calls.map((c) => c.fn)));
        expect([...traced].sort()).toEqual([...load(`${game}/${style}.ts`).editable].sort().filter((f) => traced.has(f)));
        expect(traced.has('act')).toBe(true);
        expect(traceToText(r!.records!).split('\n').length).toBeLessThanOrEqual(r!.steps);
      }
    });
  }

  it('beat random play on the demo game, Pong, Breakout and Freeway (same seeds)', () => {
    for (const [game, steps] of [
      ['demo', 1500],
      ['pong', 3000],
      ['breakout', 2000],
      ['freeway', 2048],
    ] as const) {
      const rom = findRom(game, ROMS);
      const score = (path: string) => playEpisodes(rom, load(path), { episodes: 1, maxSteps: steps, seed: 2 })[0]!.score;
      const random = score('random.ts');
      expect(score(`${game}/act.ts`), game).toBeGreaterThan(random);
      expect(score(`${game}/modular.ts`), game).toBeGreaterThan(random);
    }
  });
});
