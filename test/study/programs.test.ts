import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { playEpisodes } from '../../src/policy/runner.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { loggedIterations, PONG_LOG } from '../helpers/study-record.ts';

// The study's environment and evaluation: frameskip 4, no sticky actions, 10 episodes of at most 4000 steps.
const STUDY_ENV = { frameskip: 4, repeatActionProbability: 0, maxFramesPerEpisode: 108_000 };
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pong-study');
/** The translated program in force in each logged iteration (iterations 1-3 logged the same code). */
const PROGRAM: Record<number, string> = { 1: 'iteration-1.ts', 2: 'iteration-1.ts', 3: 'iteration-1.ts', 4: 'iteration-4.ts' };

function program(iteration: number) {
  const file = join(FIXTURES, PROGRAM[iteration]!);
  return parsePolicy(readFileSync(file, 'utf8'), file);
}

describe.runIf(sharedAvailable(PONG_LOG))("the study's programs, replayed on the record", () => {
  const logged = loggedIterations();
  const rom = findRom('pong', ROMS);

  it('iterations 1-3 logged one program (only indentation and blank lines differ), so one translation serves them', () => {
    const code = (n: number) =>
      logged[n]!.variables.split('\n')
        .map((l) => l.trim())
        .filter((l) => l)
        .join('\n');
    expect(code(2)).toBe(code(1));
    expect(code(3)).toBe(code(1));
    expect(code(4)).not.toBe(code(1));
  });

  it.each([1, 2, 3, 4])('iteration %i: the program chooses every logged action of its 400-step rollout', (n) => {
    const [r] = playEpisodes(rom, program(n), { episodes: 1, maxSteps: 400, seed: 0, env: STUDY_ENV, obs: 'ocatari', trace: true });
    const names = ['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE'];
    expect(r!.errors).toBe(0);
    expect(r!.records!.map((s) => s.action)).toEqual(logged[n]!.steps.map((s) => names[s.action]));
  });

  it.each([1, 4])(
    'iteration %i: the logged evaluation score (10 episodes of 4000 steps, std 0)',
    (n) => {
      const results = playEpisodes(rom, program(n), { episodes: 10, maxSteps: 4000, seed: 0, env: STUDY_ENV, obs: 'ocatari' });
      const scores = results.map((r) => r.score);
      expect(results.every((r) => r.errors === 0)).toBe(true);
      expect(new Set(scores).size).toBe(1);
      expect(scores[0]).toBe(logged[n]!.evalMean);
    },
    120_000,
  );

  it("`play --preset paper` is the study's evaluation: iteration 4 scores its logged mean from the command line", () => {
    const r = spawnSync(
      process.execPath,
      [
        'bin/horizon-arcade.js',
        'play',
        '--game',
        'pong',
        '--roms',
        ROMS,
        '--policy',
        join(FIXTURES, 'iteration-4.ts'),
        '--preset',
        'paper',
        '--episodes',
        '10',
        '--max-steps',
        '4000',
        '--json',
      ],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { meanScore: number; episodes: { errors: number }[] };
    expect(result.meanScore).toBe(logged[4]!.evalMean);
    expect(result.episodes.every((e) => e.errors === 0)).toBe(true);
  }, 120_000);

  it("asking for the study's observations of a game that has none is one line with a code", () => {
    const r = spawnSync(
      process.execPath,
      ['bin/horizon-arcade.js', 'play', '--game', 'boxing', '--roms', ROMS, '--policy', 'policies/random.ts', '--obs', 'ocatari', '--max-steps', '5'],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^horizon-arcade: OCAtari observations exist for .*pong.*; not for boxing \[ERR_BAD_ARGUMENT\]$/);
  });

  it("`play --like RUN` evaluates a run's best policy as the run did (here the paper preset's 10 x 4000 steps)", () => {
    const run = mkdtempSync(join(tmpdir(), 'ha-like-'));
    const settings = resolveSettings({ game: 'pong', preset: 'paper' });
    writeFileSync(join(run, 'config.json'), JSON.stringify({ settings, versions: {}, rom: { game: 'pong', md5: rom.md5, file: rom.path } }));
    copyFileSync(join(FIXTURES, 'iteration-4.ts'), join(run, 'best.ts'));
    const r = spawnSync(process.execPath, ['bin/horizon-arcade.js', 'play', '--like', run, '--roms', ROMS, '--json'], { cwd: projectRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { meanScore: number; episodes: { steps: number }[] };
    expect(result.episodes.map((e) => e.steps)).toEqual(Array(10).fill(4000));
    expect(result.meanScore).toBe(logged[4]!.evalMean);
  }, 120_000);
});
