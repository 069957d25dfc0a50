import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { findRom } from '../../src/env/rom.ts';
import { buildContext } from '../../src/optimizer/context.ts';
import { messageText } from '../../src/optimizer/images.ts';
import { OpenAIOptimizer } from '../../src/optimizer/openai-optimizer.ts';
import { parseResponse } from '../../src/optimizer/parse-response.ts';
import { numericLiterals, TunerOptimizer } from '../../src/optimizer/tuner.ts';
import type { ContextInput, Rollout, UpdateMemory } from '../../src/optimizer/types.ts';
import { validateCandidate } from '../../src/loop/validate.ts';
import { playEpisodes } from '../../src/policy/runner.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { traceToText } from '../../src/policy/trace-text.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const policyFile = join(projectRoot, 'policies', 'pong', 'modular.ts');
const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);
const obsDoc = readFileSync(join(projectRoot, 'policies', 'pong', 'obs.d.ts'), 'utf8');

function rollouts(horizon: number, batch: number): Rollout[] {
  const rom = findRom('pong', ROMS);
  return Array.from({ length: batch }, (_, i) => {
    const [r] = playEpisodes(rom, policy, { episodes: 1, maxSteps: horizon, seed: 10 + i, trace: true });
    return { trace: traceToText(r!.records!).split('\n'), records: r!.records!, finalObs: '', steps: r!.steps, reward: r!.score, errors: r!.errors };
  });
}

function input(horizon: number, batch = 1, history: UpdateMemory[] = [], tokenBudget = 100_000): ContextInput {
  return {
    gameId: 'pong',
    gameName: 'Pong',
    obs: 'objects',
    actionNames: ['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE'],
    gameDescription: 'You control the right bat.',
    obsDoc,
    policy,
    horizon,
    rollouts: rollouts(horizon, batch),
    history,
    tokenBudget,
  };
}

/** Steps covered by the trace lines of a context ("t5" or "t5-9 (5 steps)"). */
function stepsIn(text: string): number[] {
  const steps: number[] = [];
  for (const m of text.matchAll(/^t(\d+)(?:-(\d+))? /gm)) {
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let s = a; s <= b; s++) steps.push(s);
  }
  return steps;
}

const GOOD = JSON.stringify({
  reasoning: 'Aim a little lower.',
  functions: { chooseTarget: '/** @editable */\nexport function chooseTarget(obs: Obs, memory: Memory): number {\n  return 110;\n}' },
});

describe.skipIf(!sharedAvailable(ROMS))('learning context', () => {
  it('the horizon sets exactly how many steps of trace go in', () => {
    for (const horizon of [1, 25, 100]) {
      const ctx = buildContext(input(horizon));
      const user = messageText(ctx.messages[1]!);
      expect(stepsIn(user)).toEqual(Array.from({ length: horizon }, (_, i) => i));
      expect(user).toContain(`Rollout 1 (${horizon} steps over the credit horizon of ${horizon})`);
      expect(ctx.cut).toBeUndefined();
    }
  });

  it('has the OptoPrime sections, each rollout of the batch and the memory given', () => {
    const history: UpdateMemory[] = [4, 5].map((i) => ({ iteration: i, changed: ['act'], reasoning: `idea ${i}`, outcome: `rejected ${i}`, accepted: false }));
    const ctx = buildContext(input(30, 2, history));
    const user = messageText(ctx.messages[1]!);
    for (const s of ['## Game', '## Editable functions', '## Observation and actions', '## Execution trace', '## Feedback', '## Earlier updates'])
      expect(user).toContain(s);
    expect(user).toContain('Rollout 2 (30 steps');
    expect(user).toMatch(/Iteration 5: changed act — rejected 5/);
    expect(user).toContain('export function predictBallY');
    expect(ctx.sections.map((s) => s.name)).toContain('Feedback');
    expect(ctx.sections.every((s) => s.tokens > 0)).toBe(true);
  });

  it('shortens the trace to fit the token budget and says so', () => {
    const full = buildContext(input(200));
    const small = buildContext({ ...input(200), tokenBudget: full.tokens - 800 });
    expect(small.tokens).toBeLessThanOrEqual(full.tokens - 800);
    expect(small.cut).toMatch(/^kept \d+ of \d+ trace lines \(earliest dropped\) to fit \d+ tokens$/);
    expect(small.messages[1]!.content).toMatch(/\[\d+ earliest trace lines omitted to fit the token budget\]/);
  });
});

describe('reading replies', () => {
  it('accepts the JSON object, fenced JSON, or fenced code', () => {
    expect(parseResponse(GOOD).functions).toHaveProperty('chooseTarget');
    expect(parseResponse('Here you go:\n```json\n' + GOOD + '\n```').reasoning).toBe('Aim a little lower.');
    const fenced = parseResponse('I will change act.\n```ts\nexport function act(o: any) { return 1; }\n```');
    expect(Object.keys(fenced.functions)).toEqual(['act']);
    expect(fenced.reasoning).toBe('I will change act.');
    expect(() => parseResponse('{"reasoning": "x", "functions": [1]}')).toThrow(/no "functions" object/);
    expect(() => parseResponse('no code here')).toThrow(/neither/);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('OpenAI-compatible backend against a local server', () => {
  const server = new FakeOpenAI();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  const optimizer = (o: { timeoutMs?: number; maxRetries?: number } = {}) =>
    new OpenAIOptimizer({
      model: 'fake-model',
      baseUrl,
      apiKey: 'test',
      timeoutMs: o.timeoutMs ?? 5000,
      maxRetries: o.maxRetries ?? 2,
      priceInPerMillion: 2,
      priceOutPerMillion: 8,
    });
  const rom = () => findRom('pong', ROMS);

  it('good code: a candidate that validates, with usage and cost', async () => {
    server.reply({ content: GOOD });
    const inp = input(20);
    const p = await optimizer().propose(inp, buildContext(inp));
    expect(p.error).toBeUndefined();
    expect(p.usage).toEqual({ calls: 1, promptTokens: 1000, completionTokens: 200, costUsd: (1000 * 2 + 200 * 8) / 1e6 });
    expect(server.requests[0]!.messages[0]!.role).toBe('system');
    const v = validateCandidate(rom(), policy, p.candidate!);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.policy.functions.find((f) => f.name === 'chooseTarget')!.code).toContain('return 110;');
  });

  it('JSON mode and a reply limit are sent as the study sent them; a server without JSON mode is asked again without it', async () => {
    const inp = input(5);
    const o = new OpenAIOptimizer({ model: 'fake-model', baseUrl, apiKey: 'test', maxRetries: 0, jsonMode: true, replyMaxTokens: 4096 });
    server.reply({ content: GOOD });
    expect((await o.propose(inp, buildContext(inp))).candidate).toBeDefined();
    expect(server.requests[0]).toMatchObject({ response_format: { type: 'json_object' }, max_tokens: 4096 });
    expect(server.requests[0]).not.toHaveProperty('temperature');
    server.reply({ status: 400, rawBody: JSON.stringify({ error: { message: 'response_format is not supported' } }) }, { content: GOOD });
    const p = await o.propose(inp, buildContext(inp));
    expect(p.candidate).toBeDefined();
    expect(p.usage.calls).toBe(2);
    expect(server.requests[1]).not.toHaveProperty('response_format');
    expect(server.requests[1]).toMatchObject({ max_tokens: 4096 });
  });

  it('broken code is rejected by validation, the old policy stays', async () => {
    server.reply({ content: JSON.stringify({ reasoning: 'x', functions: { act: 'export function act(obs: Obs): Action { return ( }' } }) });
    const inp = input(5);
    const p = await optimizer().propose(inp, buildContext(inp));
    const v = validateCandidate(rom(), policy, p.candidate!);
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/does not parse/) });
  });

  it('malformed JSON is reported, with the raw reply kept', async () => {
    server.reply({ content: '{"reasoning": "x", "functions": {"act": "unterminated' });
    const inp = input(5);
    const p = await optimizer().propose(inp, buildContext(inp));
    expect(p.error).toMatch(/could not read the reply/);
    expect(p.response).toContain('unterminated');
  });

  it('a timeout is retried, then reported', async () => {
    server.reply({ content: GOOD, delayMs: 1500 });
    const inp = input(5);
    const p = await optimizer({ timeoutMs: 300, maxRetries: 1 }).propose(inp, buildContext(inp));
    expect(p.error).toMatch(/the model call failed: .*timed out/i);
    expect(server.requests.length).toBe(2);
  });

  it('429 then success: retried with backoff and succeeds', async () => {
    server.reply({ status: 429 }, { content: GOOD });
    const inp = input(5);
    const p = await optimizer().propose(inp, buildContext(inp));
    expect(p.error).toBeUndefined();
    expect(p.candidate?.functions).toHaveProperty('chooseTarget');
    expect(server.requests.length).toBe(2);
  });

  it('a reply that tries to escape the sandbox fails the smoke run and is rejected', async () => {
    server.reply({
      content: JSON.stringify({
        reasoning: 'read the ROM',
        functions: {
          act: "export function act(obs: Obs, memory: Memory): Action { const fs = (globalThis as any).require('fs'); return fs.readFileSync('/etc/passwd') ? 'NOOP' : 'NOOP'; }",
        },
      }),
    });
    const inp = input(5);
    const p = await optimizer().propose(inp, buildContext(inp));
    const v = validateCandidate(rom(), policy, p.candidate!);
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/smoke run from the start had \d+ policy errors: act\(\) threw/) });
  });

  it('a candidate may not touch functions that are not editable', () => {
    const single = parsePolicy(readFileSync(join(projectRoot, 'policies', 'pong', 'act.ts'), 'utf8'));
    const v = validateCandidate(rom(), single, { reasoning: '', functions: { helper: 'function helper() { return 1; }' } });
    expect(v).toEqual({ ok: false, reason: 'only act may be changed, not helper' });
  });
});

describe.skipIf(!sharedAvailable(ROMS))('offline tuner', () => {
  it('finds numeric constants by parsing', () => {
    const lits = numericLiterals('f', 'function f(x: number) { return x > -3 ? x * 2.5 : 10; }');
    expect(lits.map((l) => [l.value, l.integer])).toEqual([
      [-3, true],
      [2.5, false],
      [10, true],
    ]);
    // A negative value the tuner wrote as `((-4))` is replaced with its parentheses.
    const code = 'function g() { return ((-4)) + 1; }';
    const [neg] = numericLiterals('g', code);
    expect(neg!.value).toBe(-4);
    expect(code.slice(neg!.start, neg!.end)).toBe('((-4))');
  });

  it('proposes seeded changes to constants only, which validate', async () => {
    const inp = input(5);
    const a = await new TunerOptimizer(7).propose(inp);
    const b = await new TunerOptimizer(7).propose(inp);
    expect(a.candidate).toEqual(b.candidate);
    expect(a.usage.calls).toBe(0);
    for (const [name, code] of Object.entries(a.candidate!.functions)) {
      const before = policy.functions.find((f) => f.name === name)!.code;
      const shape = (c: string) => c.replace(/\(-\d+(\.\d+)?\)/g, 'N').replace(/-?\d+(\.\d+)?/g, 'N');
      expect(shape(code)).toBe(shape(before));
      expect(code).not.toBe(before);
    }
    expect(validateCandidate(findRom('pong', ROMS), policy, a.candidate!).ok).toBe(true);
  });

  it('with a screen over the horizon, keeps the perturbation that earns the most reward', async () => {
    const seen: Record<string, string>[] = [];
    // A stand-in reward: the length of the rewritten code (a real loop replays the horizon).
    const screen = (f: Record<string, string>) => {
      seen.push(f);
      return JSON.stringify(f).length;
    };
    const r = await new TunerOptimizer(7, 5).propose({ ...input(5), screen });
    expect(seen).toHaveLength(5);
    const rewards = seen.map((f) => JSON.stringify(f).length);
    expect(r.candidate!.functions).toEqual(seen[rewards.indexOf(Math.max(...rewards))]);
    expect(r.candidate!.reasoning).toMatch(/picked \d of 5 by reward over the horizon/);
  });
});

describe('saved exchanges', () => {
  it('every prompt and response is written, atomically', async () => {
    const { mkdtempSync, readdirSync, readFileSync: read } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { saveExchange } = await import('../../src/optimizer/record.ts');
    const dir = mkdtempSync(join(tmpdir(), 'ha-ex-'));
    const context = {
      messages: [
        { role: 'system' as const, content: 'sys' },
        { role: 'user' as const, content: 'trace here' },
      ],
      sections: [{ name: 'Feedback', chars: 10, tokens: 3 }],
      tokens: 5,
      feedback: '',
      readReply: parseResponse,
    };
    saveExchange(dir, 3, context, { usage: { calls: 1, promptTokens: 10, completionTokens: 2, costUsd: 0.001 }, response: '{"functions": {}}' });
    saveExchange(dir, 4, context, { usage: { calls: 1, promptTokens: 0, completionTokens: 0, costUsd: 0 }, error: 'the model call failed: down' });
    expect(readdirSync(join(dir, 'prompts')).sort()).toEqual(['iter-0003.md', 'iter-0004.md']);
    expect(read(join(dir, 'prompts', 'iter-0003.md'), 'utf8')).toMatch(/Feedback: 10 chars[\s\S]*# system\n\nsys[\s\S]*# user\n\ntrace here/);
    expect(read(join(dir, 'responses', 'iter-0004.txt'), 'utf8')).toContain('ERROR: the model call failed: down');
  });
});
