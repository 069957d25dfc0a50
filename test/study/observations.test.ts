import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { observationSource } from '../../src/objects/observation.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { loggedIterations, ordered, PONG_LOG } from '../helpers/study-record.ts';

// The study's environment: PongNoFrameskip-v4 stepped 4 frames per action, no sticky actions.
const STUDY_ENV = { frameskip: 4, repeatActionProbability: 0, maxFramesPerEpisode: 108_000 };

describe.runIf(sharedAvailable(PONG_LOG))('OCAtari observations against the study record', () => {
  const iterations = loggedIterations().filter((it) => it.steps.length > 0);

  it('the record holds the rollouts of iterations 0-4', () => {
    expect(iterations.map((it) => it.iteration)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([0, 1, 2, 3, 4])('iteration %i: every observation of the 400 logged steps, keys in order', (n) => {
    const logged = iterations.find((it) => it.iteration === n)!;
    const env = new Env(findRom('pong', ROMS), { ...STUDY_ENV, drawScreen: false });
    const source = observationSource(env.rom.game, 'ocatari', env.actionNames as string[]);
    try {
      const info = env.reset({ seed: 0 });
      source.reset();
      const at = { step: 0, episodeFrame: 0, lives: info.lives, prevAction: 'NOOP', reward: null as number | null };
      expect(ordered(source.observe(env.ram(), at).obs)).toEqual(ordered(logged.resetObs));
      let firstDiff: string | undefined;
      for (const [i, s] of logged.steps.entries()) {
        const r = env.step(s.action);
        const seen = source.observe(env.ram(), { ...at, step: i + 1, reward: r.reward });
        if (!firstDiff && JSON.stringify(ordered(seen.obs)) !== JSON.stringify(ordered(s.obs))) {
          firstDiff = `step ${i}: ours ${seen.text}, logged ${JSON.stringify(s.obs)}`;
        }
      }
      expect(firstDiff).toBeUndefined();
    } finally {
      env.close();
    }
  });

  it.each([0, 4])('iteration %i through Env with obsType ocatari: reset() and step() return the logged observations', (n) => {
    const logged = iterations.find((it) => it.iteration === n)!;
    const env = new Env(findRom('pong', ROMS), { ...STUDY_ENV, drawScreen: false, obsType: 'ocatari' });
    try {
      expect(ordered(env.reset({ seed: 0 }).obs)).toEqual(ordered(logged.resetObs));
      const ours = logged.steps.map((s) => ordered(env.step(s.action).obs));
      expect(ours).toEqual(logged.steps.map((s) => ordered(s.obs)));
    } finally {
      env.close();
    }
  });

  it('`objects --preset paper --format ocatari --actions FILE` prints the reset observation, then one per logged action', () => {
    const logged = iterations.find((it) => it.iteration === 3)!;
    const file = join(mkdtempSync(join(tmpdir(), 'ha-actions-')), 'actions.txt');
    writeFileSync(file, logged.steps.map((s) => s.action).join('\n') + '\n');
    const r = spawnSync(
      process.execPath,
      ['bin/horizon-arcade.js', 'objects', '--game', 'pong', '--roms', ROMS, '--preset', 'paper', '--format', 'ocatari', '--actions', file],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => ordered(JSON.parse(l)));
    expect(lines).toEqual([logged.resetObs, ...logged.steps.map((s) => s.obs)].map(ordered));
  });
});
