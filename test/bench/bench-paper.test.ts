import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/native.ts';
import { gameDefaults } from '../../src/loop/game-defaults.ts';
import { PAPER_GAMES } from '../../src/loop/paper.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { traceSteps } from '../helpers/runs.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

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
    // One reply for every game: it names a function most games do not have, so
    // the loop rejects it there; the runs still go through every step.
    server.reply({ content: JSON.stringify({ reasoning: 'checking the plumbing', functions: { selectAction: "export function selectAction() { return 'NOOP'; }" } }) });
    const out = join(tmp, 'bench');
    const args = [
      '--no-node-snapshot', '--import', 'tsx', 'scripts/bench-paper.ts', '--trials', '1', '--iterations', '1', '--jobs', '2', '--roms', ROMS, '--out', out,
      '--eval-episodes', '1', '--eval-max-steps', '100', '--model', 'fake-model', '--base-url', baseUrl, '--timeout', '20000', '--retries', '0',
    ];
    const first = await promisify(execFile)(process.execPath, args, { cwd: projectRoot, timeout: 600_000 });
    const games = Object.keys(PAPER_GAMES);
    expect(server.requests).toHaveLength(2 * games.length);
    for (const game of games) {
      for (const h of [gameDefaults(game).horizon, 1]) {
        const prompt = readFileSync(join(out, 'runs', `${game}-h${h}-b1-s0`, 'prompts', 'iter-0001.md'), 'utf8');
        const m = /Rollout 1 \((\d+) steps over the credit horizon of (\d+)\):/.exec(prompt)!;
        expect(Number(m[2]), `${game} h${h}`).toBe(h);
        expect(traceSteps(prompt), `${game} h${h}: steps in the trace`).toEqual([Array.from({ length: Number(m[1]) }, (_, i) => i)]);
        expect(Number(m[1])).toBeLessThanOrEqual(h);
      }
    }
    const table = readFileSync(join(out, 'paper.md'), 'utf8');
    expect(table).toMatch(/^# bench:paper — LLM \(fake-model\)/);
    for (const game of games) {
      expect(table).toMatch(new RegExp(`\\| ${game} \\| multi-step \\(h ${gameDefaults(game).horizon}\\) \\| 1 \\|`));
      expect(table).toMatch(new RegExp(`\\| ${game} \\| one-step \\(h 1\\) \\| 1 \\|`));
    }
    expect(table).toContain('| pong | multi-step (h 400) | 1 |');
    expect(table).toContain('-20.5 → 12.0 ± 4.0'); // the study's Pong multi-step numbers beside ours
    expect(first.stdout).toMatch(/trace tokens compact \/ verbose/);
    for (const f of ['results.csv', 'results.json', 'score-vs-iteration.svg', 'score-vs-iteration.png']) expect(existsSync(join(out, f)), f).toBe(true);

    // Everything finished: running the same command again trains nothing.
    server.reply({ content: '{}' });
    await promisify(execFile)(process.execPath, args, { cwd: projectRoot, timeout: 600_000 });
    expect(server.requests).toHaveLength(0);
  }, 900_000);

  it('refuses a game the study did not train', async () => {
    const r = await promisify(execFile)(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'scripts/bench-paper.ts', '--games', 'boxing', '--out', join(tmp, 'x')], { cwd: projectRoot }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).not.toBe(0);
    expect((r as { stderr: string }).stderr).toMatch(/boxing was not in the study/);
  });
});
