import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { gameDefaults } from '../../src/loop/game-defaults.ts';
import { PAPER_GAMES } from '../../src/loop/paper.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const BIN = join(projectRoot, 'bin', 'horizon-arcade.js');
const tmp = mkdtempSync(join(tmpdir(), 'horizon-bench-paper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!sharedAvailable(ROMS))('npm run bench:paper', () => {
  const server = new FakeOpenAI();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  it('runs both arms on all 8 games with a scripted LLM, prompts hold exactly the horizon, and a rerun resumes', async () => {
    // Every game's reply, in the study's format: its own first variable's code sent back unchanged.
    server.reply({
      content: (request) => {
        const user = request.messages.find((m) => m.role === 'user')!.content;
        const code = /^\(code\) __code0:([\s\S]*?)(?=^\(code\) __code1:|^\n#Constraints)/m.exec(user)![1]!.trim();
        return JSON.stringify({ reasoning: 'checking the plumbing', answer: '', suggestion: { __code0: code } });
      },
    });
    const out = join(tmp, 'bench');
    const args = [
      BIN,
      'bench',
      'paper',
      '--trials',
      '1',
      '--iterations',
      '1',
      '--jobs',
      '2',
      '--roms',
      ROMS,
      '--out',
      out,
      '--eval-episodes',
      '1',
      '--eval-max-steps',
      '100',
      '--model',
      'fake-model',
      '--base-url',
      baseUrl,
      '--timeout-ms',
      '20000',
      '--max-retries',
      '0',
    ];
    const first = await promisify(execFile)(process.execPath, args, { cwd: projectRoot, timeout: 600_000 });
    const games = Object.keys(PAPER_GAMES);
    expect(server.requests).toHaveLength(2 * games.length);
    for (const game of games) {
      for (const h of [gameDefaults(game).horizon, 1]) {
        const prompt = readFileSync(join(out, 'runs', `${game}-h${h}-b1-s0`, 'prompts', 'iter-0001.md'), 'utf8');
        // The study's layout: its sections in its order, one environment-step node per agent step of the window.
        const headers = prompt.split('\n').filter((l) => /^#[A-Z][a-z]+$/.test(l));
        expect(headers, `${game} h${h}`).toEqual([
          '#Instruction',
          '#Code',
          '#Documentation',
          '#Variables',
          '#Constraints',
          '#Inputs',
          '#Others',
          '#Outputs',
          '#Feedback',
        ]);
        const steps = Number(/The rollout ran (\d+) steps/.exec(prompt)![1]);
        const nodes = prompt.split('\n').filter((l) => /^\S+ = \S+Env\.step(\.<locals>\.step)?\(action=/.test(l));
        expect(nodes, `${game} h${h}: steps in the trace`).toHaveLength(steps);
        expect(steps, `${game} h${h}`).toBeLessThanOrEqual(h);
        if (steps < h) expect(prompt, `${game} h${h}`).toMatch(/until the episode ended/);
      }
    }
    const table = readFileSync(join(out, 'paper.md'), 'utf8');
    expect(table).toMatch(/^# bench paper — LLM \(fake-model\)/);
    for (const game of games) {
      expect(table).toMatch(new RegExp(`\\| ${game} \\| multi-step \\(h ${gameDefaults(game).horizon}\\) \\| LLM fake-model \\| 1 \\|`));
      expect(table).toMatch(new RegExp(`\\| ${game} \\| one-step \\(h 1\\) \\| LLM fake-model \\| 1 \\|`));
    }
    expect(table).toContain('| pong | multi-step (h 400) | LLM fake-model | 1 |');
    expect(table).toContain('-20.5 → 12.0 ± 4.0'); // the study's Pong multi-step numbers beside ours
    expect(first.stdout).toMatch(/trace tokens compact \/ optoprime/);
    for (const f of ['results.csv', 'results.json', 'score-vs-iteration.svg', 'score-vs-iteration.png']) expect(existsSync(join(out, f)), f).toBe(true);

    // Everything finished: running the same command again trains nothing.
    server.reply({ content: '{}' });
    await promisify(execFile)(process.execPath, args, { cwd: projectRoot, timeout: 600_000 });
    expect(server.requests).toHaveLength(0);
  }, 900_000);

  it('refuses to run without an LLM unless the tuner is asked for by name', async () => {
    const r = await promisify(execFile)(process.execPath, [BIN, 'bench', 'paper', '--games', 'pong', '--out', join(tmp, 'y')], { cwd: projectRoot }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((r as { code: number }).code).toBe(2);
    expect((r as { stderr: string }).stderr).toMatch(/give --model M .*or --optimizer tuner .*\[ERR_BAD_ARGUMENT\]/);
    expect(existsSync(join(tmp, 'y'))).toBe(false);
  });

  it('refuses a game the study did not train', async () => {
    const r = await promisify(execFile)(process.execPath, [BIN, 'bench', 'paper', '--games', 'boxing', '--out', join(tmp, 'x')], { cwd: projectRoot }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((r as { code: number }).code).not.toBe(0);
    expect((r as { stderr: string }).stderr).toMatch(/boxing was not in the study/);
  });
});
