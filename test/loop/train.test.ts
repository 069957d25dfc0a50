import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings, type SettingsInput } from '../../src/loop/settings.ts';
import { resumeTraining, startTraining, type TrainEvent } from '../../src/loop/train.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { comparable, traceSteps } from '../helpers/runs.ts';

const demo = findRom('demo', BUNDLED_ROMS);
const tmp = mkdtempSync(join(tmpdir(), 'horizon-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const newDir = () => join(tmp, `run-${runs++}`);

/** Small, fast demo-game settings for the tuner. */
function settings(extra: Partial<SettingsInput> = {}) {
  return resolveSettings({ game: 'demo', horizon: 20, iterations: 4, evalMaxSteps: 300, seed: 3, ...extra });
}

function prompt(dir: string, iteration: number): string {
  return readFileSync(join(dir, 'prompts', `iter-${String(iteration).padStart(4, '0')}.md`), 'utf8');
}

const metricsOf = readMetrics;

const range = (a: number, n: number) => Array.from({ length: n }, (_, i) => a + i);

describe('the credit horizon', () => {
  it('feeds exactly the first H steps of a new game to the optimizer, for every H', async () => {
    for (const horizon of [1, 7, 40]) {
      const dir = newDir();
      await startTraining(demo, settings({ horizon, iterations: 2 }), dir);
      for (const i of [1, 2]) expect(traceSteps(prompt(dir, i))).toEqual([range(0, horizon)]);
      expect(prompt(dir, 1)).toContain(`over the credit horizon of ${horizon})`);
      expect(metricsOf(dir).every((m) => m.horizon === horizon)).toBe(true);
    }
  });

  it('without resetEachUpdate, each update continues the game where the last segment ended', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ horizon: 15, resetEachUpdate: false, iterations: 3 }), dir);
    expect(traceSteps(prompt(dir, 1))).toEqual([range(0, 15)]);
    expect(traceSteps(prompt(dir, 2))).toEqual([range(15, 15)]);
    expect(traceSteps(prompt(dir, 3))).toEqual([range(30, 15)]);
  });

  it('updateEvery longer than the horizon plays more steps but traces only the last H', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ horizon: 10, updateEvery: 25, iterations: 1 }), dir);
    expect(traceSteps(prompt(dir, 1))).toEqual([range(15, 10)]);
    // Continuing: a horizon longer than a segment reaches back into the one before.
    const dir2 = newDir();
    await startTraining(demo, settings({ horizon: 30, updateEvery: 20, resetEachUpdate: false, iterations: 2 }), dir2);
    expect(traceSteps(prompt(dir2, 1))).toEqual([range(0, 20)]);
    expect(traceSteps(prompt(dir2, 2))).toEqual([range(10, 30)]);
  });

  it('the tuner screens its candidates by the reward over exactly the horizon', async () => {
    // An egg takes ~37 steps to fall: a 1-step horizon never sees a reward, 100 steps do.
    const screened = async (horizon: number) => {
      const dir = newDir();
      await startTraining(demo, settings({ horizon, iterations: 3 }), dir);
      return [1, 2, 3].map((i) => /by reward over the horizon: ([\d, -]+)/.exec(readFileSync(join(dir, 'responses', `iter-000${i}.txt`), 'utf8'))![1]!);
    };
    expect(await screened(1)).toEqual(['0, 0, 0, 0', '0, 0, 0, 0', '0, 0, 0, 0']);
    expect((await screened(100)).join(' ')).toMatch(/[1-9]/);
  });

  it('refuses a horizon longer than the steps a reset rollout plays', () => {
    expect(() => settings({ horizon: 50, updateEvery: 10 })).toThrow(/updateEvery \(10\) is shorter than the horizon \(50\)/);
  });
});

describe('batch and memory', () => {
  it('every rollout of the batch is in the context, and only the last K updates are remembered', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ batch: 3, memory: 2, iterations: 4 }), dir);
    const p4 = prompt(dir, 4);
    expect(traceSteps(p4)).toEqual([range(0, 20), range(0, 20), range(0, 20)]);
    for (const b of [1, 2, 3]) expect(p4).toContain(`Rollout ${b} (20 steps over the credit horizon of 20)`);
    const earlier = p4.split('## Earlier updates')[1]!;
    expect(earlier).toMatch(/Iteration 2:/);
    expect(earlier).toMatch(/Iteration 3:/);
    expect(earlier).not.toMatch(/Iteration 1:/);
    expect(prompt(dir, 1).split('## Earlier updates')[1]).toContain('(no earlier updates)');
    // memory 0: nothing remembered.
    const dir0 = newDir();
    await startTraining(demo, settings({ memory: 0, iterations: 2 }), dir0);
    expect(prompt(dir0, 2).split('## Earlier updates')[1]).toContain('(no earlier updates)');
  });
});

describe('run directory and resume', () => {
  it('writes config, every policy version, prompts, responses, metrics, best.ts and a checkpoint', async () => {
    const dir = newDir();
    const s = settings();
    const r = await startTraining(demo, s, dir);
    expect(r.status).toBe('finished');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.settings).toEqual(s);
    expect(config.rom.md5).toBe(demo.md5);
    expect(config.versions.node).toBe(process.version);
    const m = metricsOf(dir);
    expect(m.map((x) => x.iteration)).toEqual([0, 1, 2, 3, 4]);
    for (const x of m) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['score', 'bestScore', 'horizon', 'accepted', 'llmCalls', 'tokens', 'wallMs']));
      expect(x.bestScore).toBe(Math.max(...m.filter((y) => y.iteration <= x.iteration && y.accepted && y.score !== null).map((y) => y.score!)));
    }
    expect(readdirSync(join(dir, 'prompts'))).toEqual(['iter-0001.md', 'iter-0002.md', 'iter-0003.md', 'iter-0004.md']);
    expect(readdirSync(join(dir, 'responses'))).toHaveLength(4);
    expect(readdirSync(join(dir, 'policies'))).toContain('iter-0000.ts');
    const best = m.at(-1)!.bestIteration;
    expect(readFileSync(join(dir, 'best.ts'), 'utf8')).toBe(readFileSync(join(dir, 'policies', `iter-${String(best).padStart(4, '0')}.ts`), 'utf8'));
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await expect(startTraining(demo, s, dir)).rejects.toThrow(/already holds a run/);
  });

  for (const resetEachUpdate of [true, false]) {
    it(`an interrupted run resumed at any point ends exactly like an uninterrupted one (resetEachUpdate ${resetEachUpdate})`, async () => {
      const s = settings({ iterations: 5, batch: 2, resetEachUpdate });
      const full = newDir();
      await startTraining(demo, s, full);
      const expected = comparable(metricsOf(full));
      // Stop inside several different phases of several iterations, then resume.
      const stops: [number, string][] = [
        [1, 'rollouts'],
        [2, 'optimizer'],
        [3, 'evaluating'],
        [4, 'validating'],
      ];
      const dir = newDir();
      for (const [iteration, phase] of stops) {
        const controller = new AbortController();
        const onEvent = (e: TrainEvent) => {
          if (e.kind === 'phase' && e.iteration === iteration && e.phase === phase) controller.abort();
        };
        const hooks = { signal: controller.signal, onEvent };
        const r = iteration === 1 ? await startTraining(demo, s, dir, hooks) : await resumeTraining(dir, () => demo, {}, hooks);
        expect(r.status).toBe('interrupted');
        expect(r.checkpoint.iteration).toBe(iteration - 1);
        expect(metricsOf(dir).at(-1)!.iteration).toBe(r.checkpoint.iteration);
      }
      const r = await resumeTraining(dir, () => demo);
      expect(r.status).toBe('finished');
      expect(comparable(metricsOf(dir))).toEqual(expected);
      expect(readFileSync(join(dir, 'best.ts'), 'utf8')).toBe(readFileSync(join(full, 'best.ts'), 'utf8'));
    });
  }

  it('the wall-time budget stops a run, and the budget can be raised on resume', async () => {
    const dir = newDir();
    const r = await startTraining(demo, settings({ iterations: 3, budgets: { maxWallMinutes: 0.0001 } }), dir);
    expect(r.status).toBe('budget');
    expect(r.message).toMatch(/^stopped: the wall-time budget is spent \(0\.\d of 0\.0001 minutes\)$/);
    expect(metricsOf(dir).map((m) => m.iteration)).toEqual([0]);
    const more = await resumeTraining(dir, () => demo, { budgets: { maxWallMinutes: 60 } });
    expect(more.status).toBe('finished');
    expect(metricsOf(dir).map((m) => m.iteration)).toEqual([0, 1, 2, 3]);
  });

  it('a run stopped before its first checkpoint starts over on resume', async () => {
    const s = settings({ iterations: 2 });
    const full = newDir();
    await startTraining(demo, s, full);
    const dir = newDir();
    const controller = new AbortController();
    const hooks = { signal: controller.signal, onEvent: (e: TrainEvent) => e.kind === 'phase' && e.iteration === 0 && controller.abort() };
    await expect(startTraining(demo, s, dir, hooks)).rejects.toThrow(/interrupted before the first iteration finished/);
    expect(readdirSync(dir)).not.toContain('checkpoint.json');
    const r = await resumeTraining(dir, () => demo);
    expect(r.status).toBe('finished');
    expect(comparable(metricsOf(dir))).toEqual(comparable(metricsOf(full)));
  });

  it('a finished run resumes only to go further, with more iterations', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ iterations: 2 }), dir);
    const again = await resumeTraining(dir, () => demo);
    expect(again.message).toMatch(/already finished its 2 iterations/);
    const more = await resumeTraining(dir, () => demo, { iterations: 3 });
    expect(more.status).toBe('finished');
    expect(metricsOf(dir).map((m) => m.iteration)).toEqual([0, 1, 2, 3]);
  });

  it('refuses to resume with a different ROM', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ iterations: 1 }), dir);
    const other = { ...demo, md5: '0'.repeat(32) };
    await expect(resumeTraining(dir, () => other, { iterations: 2 })).rejects.toThrow(/made with ROM md5/);
  });
});

describe('with an OpenAI-compatible server', () => {
  const server = new FakeOpenAI();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  const GOOD = JSON.stringify({
    reasoning: 'Steer with a smaller dead zone.',
    functions: {
      steer:
        "/** @editable */\nexport function steer(basket: GameObject, target: number, deadZone: number): Action {\n  const offset = target - (basket.x + basket.w / 2);\n  if (offset > 1) return 'RIGHT';\n  if (offset < -1) return 'LEFT';\n  return 'NOOP';\n}",
    },
  });
  const llm = (extra: Partial<SettingsInput> = {}) =>
    settings({
      optimizer: { kind: 'openai', model: 'fake-model', baseUrl, maxRetries: 2, timeoutMs: 5000, priceInPerMillion: 1, priceOutPerMillion: 2 },
      ...extra,
    });

  it('counts calls, tokens and cost, and a budget stops the run with a clear message', async () => {
    server.reply({ content: GOOD });
    const dir = newDir();
    const r = await startTraining(demo, llm({ iterations: 10, budgets: { maxLlmCalls: 3 } }), dir);
    expect(r.status).toBe('budget');
    expect(r.message).toBe('stopped: the LLM call budget is spent (3 of 3 calls)');
    const m = metricsOf(dir);
    expect(m.map((x) => x.llmCalls)).toEqual([0, 1, 2, 3]);
    expect(m.at(-1)!.tokens).toBe(3 * 1200);
    expect(m.at(-1)!.costUsd).toBeCloseTo((3 * 1000 * 1 + 3 * 200 * 2) / 1e6, 12);
    expect(server.requests).toHaveLength(3);
    const tokens = await startTraining(demo, llm({ iterations: 10, budgets: { maxTokens: 2000 } }), newDir());
    expect(tokens.message).toBe('stopped: the token budget is spent (2400 of 2000 tokens)');
    const cost = await startTraining(demo, llm({ iterations: 10, budgets: { maxCostUsd: 0.0025 } }), newDir());
    expect(cost.message).toMatch(/^stopped: the cost budget is spent \(\$0\.0028 of \$0\.0025\)$/);
  });

  it('a failing call is retried, then recorded; the run goes on or stops as configured', async () => {
    // 500 twice, then a good reply: the SDK's retries absorb the failures.
    server.reply({ status: 500 }, { status: 500 }, { content: GOOD });
    const dir = newDir();
    const r = await startTraining(demo, llm({ iterations: 1 }), dir);
    expect(r.status).toBe('finished');
    expect(server.requests).toHaveLength(3);
    expect(metricsOf(dir)[1]!.outcome).toMatch(/^accepted|^rejected: evaluation/);

    // The server is down: refused before anything starts, in one coded line, no run folder made.
    const down = new FakeOpenAI();
    const downUrl = await down.start();
    await down.stop();
    const never = newDir();
    const s = settings({ iterations: 2, optimizer: { kind: 'openai', model: 'm', baseUrl: downUrl, maxRetries: 1, timeoutMs: 2000 } });
    await expect(startTraining(demo, s, never)).rejects.toMatchObject({ code: 'ERR_UNREACHABLE', message: expect.stringMatching(/cannot be reached/) });
    expect(existsSync(never)).toBe(false);

    // Reachable, but every call fails: recorded, the run goes on, and ends `failed`, not `finished`.
    server.reply({ status: 500 });
    const cont = newDir();
    const failing = settings({ iterations: 2, optimizer: { kind: 'openai', model: 'm', baseUrl, maxRetries: 1, timeoutMs: 2000 } });
    const rc = await startTraining(demo, failing, cont);
    expect(rc.status).toBe('failed');
    expect(rc.message).toMatch(
      /^failed: no candidate of the 2 iteration\(s\) could be evaluated \(2 optimizer failures; last: optimizer failed: the model call failed: 500/,
    );
    const mc = metricsOf(cont);
    expect(mc.map((m) => m.iteration)).toEqual([0, 1, 2]);
    for (const m of mc.slice(1)) {
      expect(m.outcome).toMatch(/^optimizer failed: the model call failed: 500/);
      expect(m.accepted).toBe(false);
    }
    expect(readFileSync(join(cont, 'responses', 'iter-0001.txt'), 'utf8')).toMatch(/ERROR: the model call failed/);

    // One failed call of two: the run finishes, and says how often its optimizer failed.
    const steer =
      "/** @editable */\nexport function steer(basket: GameObject, target: number, deadZone: number): Action {\n  return target > basket.x + basket.w / 2 ? 'RIGHT' : 'LEFT';\n}";
    server.reply({ status: 500 }, { status: 500 }, { content: JSON.stringify({ reasoning: 'x', functions: { steer } }) }); // a call and its retry
    const half = await startTraining(demo, failing, newDir());
    expect(half.status).toBe('finished');
    expect(half.message).toMatch(/; the optimizer failed 1 of 2 updates$/);

    server.reply({ status: 500 });
    const stop = newDir();
    const rs = await startTraining(demo, { ...failing, onOptimizerError: 'stop' }, stop);
    expect(rs.status).toBe('optimizer-error');
    expect(rs.message).toMatch(/^stopped: the optimizer failed \(the model call failed: 500/);
    expect(metricsOf(stop).map((m) => m.iteration)).toEqual([0, 1]);
  });

  it('broken code from the model never replaces the policy', async () => {
    server.reply(
      { content: JSON.stringify({ reasoning: 'oops', functions: { steer: '/** @editable */\nexport function steer( { return' } }) },
      { content: GOOD },
    );
    const dir = newDir();
    await startTraining(demo, llm({ iterations: 2 }), dir);
    const m = metricsOf(dir);
    expect(m[1]!.outcome).toMatch(/^rejected: the new code does not parse/);
    expect(m[1]!.currentScore).toBe(m[0]!.score);
    // The failure is remembered in the next context, and is part of its feedback.
    expect(prompt(dir, 2)).toMatch(/Iteration 1: changed steer — rejected: the new code does not parse/);
    expect(prompt(dir, 2)).toMatch(/Your last suggestion \(iteration 1\) was not used: the new code does not parse/);
  });

  it('a candidate that fails only late in its evaluation is rejected as broken, unless the run accepts policy errors', async () => {
    // Passes the two 300-step smoke runs (one sandbox), then throws from the 650th call on (each evaluation runs in a fresh sandbox).
    const late = JSON.stringify({
      reasoning: 'late failure',
      functions: {
        steer:
          "/** @editable */\nexport function steer(basket: GameObject, target: number, deadZone: number): Action {\n  const g = globalThis as any;\n  g.calls = (g.calls ?? 0) + 1;\n  if (g.calls > 650) throw new Error('late');\n  return target > basket.x ? 'RIGHT' : 'LEFT';\n}",
      },
    });
    for (const acceptPolicyErrors of [false, true]) {
      server.reply({ content: late });
      const dir = newDir();
      await startTraining(demo, llm({ iterations: 1, evalMaxSteps: 1000, acceptPolicyErrors }), dir);
      const m = metricsOf(dir)[1]!;
      if (acceptPolicyErrors) expect(m.outcome).toMatch(/policy errors$/);
      else {
        expect(m.outcome).toMatch(/^rejected: the evaluation raised \d+ policy errors \(first: act\(\) threw: late\)/);
        expect(m.accepted).toBe(false);
        expect(m.currentScore).toBe(metricsOf(dir)[0]!.score);
      }
    }
  });

  it('memory carries the code each remembered iteration started from and the feedback it had (both layouts)', async () => {
    for (const context of ['compact', 'optoprime'] as const) {
      server.reply({ content: 'not json at all' }, { content: '{"reasoning": "keep it", "answer": "TERMINATE", "suggestion": {}}' });
      const dir = newDir();
      await startTraining(demo, llm({ iterations: 2, context }), dir);
      const m = metricsOf(dir);
      expect(m[1]!.outcome, context).toMatch(/^optimizer failed: could not read the reply/);
      const second = prompt(dir, 2);
      expect(second, context).toMatch(/Your last suggestion \(iteration 1\) was not used: could not read the reply/);
      // The first prompt's feedback and the code it showed come back in the second.
      const feedback1 = /The current policy scores [^\n]*?(?=\n|$)/.exec(prompt(dir, 1))![0];
      expect(second, context).toContain(feedback1.slice(0, 60));
      const copies = (text: string) => text.split('export function steer').length - 1;
      expect(copies(second) - copies(prompt(dir, 1)), context).toBe(1);
    }
  });
});
