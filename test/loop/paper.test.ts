import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HorizonError } from '../../src/env/errors.ts';
import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { gameDefaults } from '../../src/loop/game-defaults.ts';
import { PAPER_ENV, PAPER_GAMES, paperFeedback, paperObs } from '../../src/loop/paper.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { startTraining } from '../../src/loop/train.ts';
import { playEpisodes } from '../../src/policy/runner.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const GAMES = Object.keys(PAPER_GAMES);
const tmp = mkdtempSync(join(tmpdir(), 'horizon-paper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the paper preset', () => {
  it("fills the study's settings per game, under any setting given explicitly", () => {
    const pong = resolveSettings({ game: 'pong', preset: 'paper' });
    expect(pong).toMatchObject({
      preset: 'paper',
      horizon: 400,
      updateEvery: 400,
      iterations: 20,
      evalEpisodes: 10,
      evalMaxSteps: 4000,
      targetScore: 21,
      frameskip: 4,
      repeatActionProbability: 0,
      resetEachUpdate: true,
      batch: 1,
      memory: 5,
      selection: 'latest',
      lifeRule: 'game',
      feedback: 'paper',
      obs: 'ocatari',
      context: 'optoprime',
      optimizer: { jsonMode: true, replyMaxTokens: 4096 },
    });
    expect(pong.optimizer).not.toHaveProperty('temperature');
    // Outside the preset: our observations and prompt, a temperature, no JSON mode; an explicit setting wins.
    expect(resolveSettings({ game: 'pong' })).toMatchObject({ obs: 'objects', context: 'compact', optimizer: { temperature: 0.7, jsonMode: false } });
    expect(resolveSettings({ game: 'pong', preset: 'paper', obs: 'objects', context: 'compact' })).toMatchObject({ obs: 'objects', context: 'compact' });
    expect(() => resolveSettings({ game: 'boxing', obs: 'ocatari' })).toThrow(/OCAtari observations exist for .*; not for boxing/);
    expect(pong.policy).toBe(join(projectRoot, 'policies', 'pong', 'paper.ts'));
    expect(resolveSettings({ game: 'breakout', preset: 'paper' })).toMatchObject({
      horizon: 300,
      iterations: 30,
      lifeRule: 'fire-after-loss',
      targetScore: 350,
    });
    expect(resolveSettings({ game: 'asterix', preset: 'paper' })).toMatchObject({ horizon: 100, evalEpisodes: 3, evalMaxSteps: 20_000, lifeRule: 'episodic' });
    // the one-step arm
    expect(resolveSettings({ game: 'seaquest', preset: 'paper', horizon: 1 })).toMatchObject({ horizon: 1, updateEvery: 1, lifeRule: 'episodic' });
    expect(() => resolveSettings({ game: 'boxing', preset: 'paper' })).toThrow(/was not in the study/);
    expect(() => resolveSettings({ game: 'pong', preset: 'nope' as never })).toThrow(HorizonError);
    expect(() => resolveSettings({ game: 'pong', lifeRule: 'sometimes' as never })).toThrow(/lifeRule/);
  });

  it('words its feedback in tiers by the evaluation score', () => {
    expect(paperFeedback('pong', 20, 0.5, 10)).toMatch(
      /^Close to the goal: the policy scores 20.0 \(std 0.5\) over 10 evaluation episodes, 1.0 short of the target 21/,
    );
    expect(paperFeedback('pong', 3, 1, 10)).toMatch(/^Some progress/);
    expect(paperFeedback('pong', -21, 0, 10)).toMatch(/^Not working yet/);
    expect(paperFeedback('space_invaders', 570, 0, 1)).toMatch(/^Not working yet/); // not above the study's start
  });
});

describe.skipIf(!sharedAvailable(ROMS))('the paper preset on the games', () => {
  it('paper starting policies run on all 8 games without policy errors', () => {
    for (const game of GAMES) {
      const file = join(projectRoot, 'policies', game, 'paper.ts');
      const source = parsePolicy(readFileSync(file, 'utf8'), file);
      expect(source.editable.length, game).toBeGreaterThanOrEqual(2);
      expect(source.editable, game).not.toContain('act');
      const [r] = playEpisodes(findRom(game, ROMS), source, {
        episodes: 1,
        maxSteps: 300,
        seed: 1,
        env: PAPER_ENV,
        obs: paperObs(game),
        lifeRule: PAPER_GAMES[game]!.lifeRule,
      });
      expect(r!.errors, `${game}: ${r!.errorMessages.join('; ')}`).toBe(0);
    }
  });

  it('episodic lives: an episode ends with a life and the next goes on with the next one', () => {
    const rom = findRom('seaquest', ROMS);
    // Diving and staying down: the oxygen runs out, life after life.
    const source = parsePolicy("export function act() { return 'DOWNFIRE'; }", 'dive.ts');
    const env = { frameskip: 4, repeatActionProbability: 0 };
    const [whole] = playEpisodes(rom, source, { episodes: 1, maxSteps: 5000, seed: 1, env });
    const lives = playEpisodes(rom, source, { episodes: 3, maxSteps: 5000, seed: 1, env, lifeRule: 'episodic' });
    expect(whole!.terminated).toBe(true);
    // each ended with a life, not the game or the step limit
    for (const r of lives) expect([r.terminated, r.steps > 0 && r.steps < 5000]).toEqual([false, true]);
    // the three lives are the first three of the same game: together they are a prefix of it
    const played = lives.reduce((a, r) => a + r.steps, 0);
    expect(played).toBeLessThan(whole!.steps);
  });

  it('fire-after-loss serves the next ball in Breakout', () => {
    const rom = findRom('breakout', ROMS);
    // FIRE once to serve the first ball, then stand still: every ball is lost.
    const source = parsePolicy("export function act(obs) { return obs.step === 0 ? 'FIRE' : 'NOOP'; }", 'still.ts');
    const env = { frameskip: 4, repeatActionProbability: 0 };
    const [plain] = playEpisodes(rom, source, { episodes: 1, maxSteps: 3000, seed: 1, env });
    const [served] = playEpisodes(rom, source, { episodes: 1, maxSteps: 3000, seed: 1, env, lifeRule: 'fire-after-loss' });
    expect(plain!.terminated).toBe(false); // one ball lost, then nothing happens until the step limit
    expect(served!.terminated).toBe(true); // every ball is served and lost: game over
  });

  describe('training with a scripted OpenAI-compatible server', () => {
    const server = new FakeOpenAI();
    let baseUrl = '';
    beforeAll(async () => {
      baseUrl = await server.start();
    });
    afterAll(() => server.stop());

    for (const game of GAMES) {
      it(`${game}: the prompt holds the feedback tier and exactly the horizon's steps, for both arms`, async () => {
        const file = join(projectRoot, 'policies', game, 'paper.ts');
        const source = parsePolicy(readFileSync(file, 'utf8'), file);
        const name = source.editable[0]!;
        const code = source.functions.find((f) => f.name === name)!.code;
        const horizon = gameDefaults(game).horizon;
        for (const h of [horizon, 1]) {
          // The study's reply format: the editable functions are the variables __code0, __code1, ... in source order.
          server.reply({ content: JSON.stringify({ reasoning: 'same code, checking the loop', answer: '', suggestion: { __code0: code } }) });
          const dir = join(tmp, `${game}-h${h}`);
          const settings = resolveSettings({
            game,
            preset: 'paper',
            horizon: h,
            iterations: 1,
            evalEpisodes: 1,
            evalMaxSteps: 150,
            optimizer: { kind: 'openai', model: 'fake-model', baseUrl, maxRetries: 0, timeoutMs: 20_000 },
          });
          const r = await startTraining(findRom(game, ROMS), settings, dir);
          expect(r.status, r.message).toBe('finished');
          expect(r.checkpoint.metrics.at(-1)!.outcome, game).toMatch(/^accepted/);
          expect(server.requests).toHaveLength(1);
          const request = server.requests[0]!;
          // JSON mode and a 4096-token reply, no temperature: as the study asked
          expect(request).toMatchObject({ response_format: { type: 'json_object' }, max_tokens: 4096 });
          expect(request).not.toHaveProperty('temperature');
          const user = request.messages.find((m) => m.role === 'user')!.content;
          const headers = user.split('\n').filter((l) => /^#[A-Z][a-z]+$/.test(l));
          expect(headers).toEqual(['#Instruction', '#Code', '#Documentation', '#Variables', '#Constraints', '#Inputs', '#Others', '#Outputs', '#Feedback']);
          expect(user).toMatch(/(Close to the goal|Some progress|Not working yet)/);
          const steps = Number(/The rollout ran (\d+) steps/.exec(user)![1]);
          // the whole horizon unless the episode (a game, or a life when episodic) ended first
          expect(steps).toBeLessThanOrEqual(h);
          if (steps < h) expect(user).toMatch(/until the episode ended/);
          const stepNodes = user.split('\n').filter((l) => /^\S+ = \S+Env\.step(\.<locals>\.step)?\(action=/.test(l));
          expect(stepNodes).toHaveLength(steps);
        }
      }, 120_000);
    }
  });
});
