import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { startTraining } from '../../src/loop/train.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { comparable } from '../helpers/runs.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';

const BIN = join(projectRoot, 'bin', 'horizon-arcade.js');
const tmp = mkdtempSync(join(tmpdir(), 'horizon-train-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: projectRoot, env: { ...process.env, HORIZON_ARCADE_ROMS: ROMS } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const metrics = readMetrics;

/** Starts the CLI and kills it with SIGKILL once metrics.jsonl has `lines` lines (plus a short random delay). */
function killAfter(args: string[], dir: string, lines: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: projectRoot, stdio: 'ignore' });
    const timer = setInterval(() => {
      if (metrics(dir).length >= lines) {
        clearInterval(timer);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 10);
    child.on('exit', (_code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the run ended before it could be killed (after ${metrics(dir).length} lines)`));
    });
  });
}

describe('horizon-arcade train', () => {
  const settingsArgs = ['train', '--game', 'demo', '--horizon', '20', '--iterations', '6', '--eval-max-steps', '400', '--seed', '5', '--batch', '2'];

  it('a run killed with SIGKILL at several moments resumes to the same metrics as an uninterrupted run', async () => {
    const full = join(tmp, 'full');
    const demo = findRom('demo', BUNDLED_ROMS);
    await startTraining(demo, resolveSettings({ game: 'demo', horizon: 20, iterations: 6, evalMaxSteps: 400, seed: 5, batch: 2 }), full);

    const dir = join(tmp, 'killed');
    await killAfter([...settingsArgs, '--out', dir], dir, 1, 0);
    for (const [lines, delay] of [
      [2, 50],
      [4, 150],
    ] as const) {
      await killAfter(['train', '--resume', dir], dir, lines, delay);
      const done = metrics(dir);
      expect(done.map((m) => m.iteration)).toEqual(done.map((_, i) => i));
    }
    const r = cli('train', '--resume', dir, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(comparable(metrics(dir))).toEqual(comparable(metrics(full)));
    expect(readFileSync(join(dir, 'best.ts'), 'utf8')).toBe(readFileSync(join(full, 'best.ts'), 'utf8'));
    for (const sub of ['.', 'policies', 'prompts', 'responses']) {
      expect(readdirSync(join(dir, sub)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    }
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ status: 'finished', iterations: 6, bestScore: metrics(full).at(-1)!.bestScore });
  }, 120_000);

  it('Ctrl-C (SIGINT) stops cleanly after the current step and says how to resume', async () => {
    const dir = join(tmp, 'sigint');
    const child = spawn(process.execPath, [BIN, ...settingsArgs, '--out', dir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setInterval(() => {
      if (metrics(dir).length >= 2) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 10);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    clearInterval(timer);
    expect(code).toBe(130);
    expect(stdout).toMatch(new RegExp(`interrupted; \\d iteration\\(s\\) finished — continue with --resume ${dir}`));
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.status).toBe('interrupted');
    expect(metrics(dir)).toHaveLength(checkpoint.iteration + 1);
  });

  it('prints where the run went and how to replay it, and the replay command works', () => {
    const out = join(tmp, 'replay');
    const r = cli('train', '--game', 'demo', '--iterations', '2', '--horizon', '10', '--eval-max-steps', '200', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^iteration 2\/2: score/m);
    expect(r.stdout).toMatch(/^finished 2 iterations; best score/m);
    const replay = /replay the best policy as its evaluation played .*: npm run replay -- (.*)$/m.exec(r.stdout)![1]!.split(' ');
    const p = cli('replay', ...replay);
    expect(p.code, p.stderr).toBe(0);
    // The run's own settings, evaluation length and seed: the best evaluation score again.
    expect(p.stdout).toMatch(new RegExp(`^mean score ${metrics(out).at(-1)!.bestScore.toFixed(2)} over`, 'm'));
  });

  it('rejects bad settings with clear messages', () => {
    expect(cli('train', '--game', 'demo', '--horizon', '0').stderr).toMatch(/--horizon must be a positive integer, got "0"/);
    expect(cli('train', '--game', 'demo', '--optimizer', 'openai').stderr).toMatch(/the openai optimizer needs a model: --model NAME/);
    expect(cli('train', '--game', 'demo', '--policy', 'nope.ts').stderr).toMatch(/policy file not found: \S*nope\.ts/);
    expect(cli('train').stderr).toMatch(/a game is needed/);
    const dir = join(tmp, 'conflict');
    expect(cli('train', '--game', 'demo', '--iterations', '1', '--horizon', '5', '--eval-max-steps', '100', '--out', dir).code).toBe(0);
    expect(cli('train', '--resume', dir, '--horizon', '9', '--config', 'x.json').stderr).toMatch(
      /only --iterations, --max-llm-calls, --max-tokens, --max-cost-usd, --max-wall-minutes may change \(remove --horizon, --config\)/,
    );
    expect(cli('train', '--game', 'pongg').stderr).toMatch(/unknown game "pongg" \(did you mean "pong"\?\)/);
    expect(cli('train', '--resume', join(tmp, 'nothing')).stderr).toMatch(/is not a run directory/);
  });
});

describe('train --config', () => {
  it("reads settings from YAML or JSON, flags override them, and a run folder's config.json starts the same run again", () => {
    const yaml = join(tmp, 'demo.yaml');
    writeFileSync(yaml, 'game: demo\nhorizon: 10\niterations: 1\nevalMaxSteps: 150\nseed: 4\noptimizer:\n  maxRetries: 1\n  llmRate: 30/min\n');
    const first = join(tmp, 'config-1');
    const r = cli('train', '--config', yaml, '--seed', '2', '--out', first);
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(first, 'config.json'), 'utf8'));
    expect(config.settings).toMatchObject({ game: 'demo', horizon: 10, iterations: 1, evalMaxSteps: 150, seed: 2 });
    expect(config.settings.optimizer).toMatchObject({ maxRetries: 1, llmRate: { max: 30, perSeconds: 60 } });
    // Which code made the run: the package version, and the commit when run from a git checkout.
    expect(config.versions.horizonArcade).toBe(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version);
    if (existsSync(join(projectRoot, '.git'))) expect(config.versions.commit).toMatch(/^[0-9a-f]{40}$/);

    const second = join(tmp, 'config-2');
    expect(cli('train', '--config', join(first, 'config.json'), '--seed', '3', '--out', second).code).toBe(0);
    const again = JSON.parse(readFileSync(join(second, 'config.json'), 'utf8')).settings;
    expect({ ...again, seed: 2 }).toEqual(config.settings);

    const typo = join(tmp, 'typo.json');
    writeFileSync(typo, JSON.stringify({ game: 'demo', horizn: 10 }));
    expect(cli('train', '--config', typo).stderr).toMatch(/unknown setting "horizn" \(did you mean "horizon"\?\)/);
    writeFileSync(typo, '{ "game": ');
    expect(cli('train', '--config', typo).stderr).toMatch(/--config \S*typo\.json is not valid JSON/);
    expect(cli('train', '--config', join(tmp, 'missing.yaml')).stderr).toMatch(/--config \S*missing\.yaml cannot be read: ENOENT/);
  });
});

describe('end to end on Pong', () => {
  const server = new FakeOpenAI();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  const pongArgs = ['--game', 'pong', '--horizon', '30', '--iterations', '2', '--eval-episodes', '1', '--eval-max-steps', '300'];

  it('trains with a scripted OpenAI-compatible server', async () => {
    if (!sharedAvailable(ROMS)) return;
    const reply = JSON.stringify({
      reasoning: 'Aim at the centre of the screen.',
      functions: { chooseTarget: '/** @editable */\nexport function chooseTarget(obs: Obs, memory: Memory): number {\n  return 120;\n}' },
    });
    server.reply({ content: reply });
    const dir = join(tmp, 'pong-llm');
    // Asynchronously: the server answers from this process's event loop.
    await promisify(execFile)(
      process.execPath,
      [BIN, 'train', ...pongArgs, '--model', 'fake-model', '--base-url', baseUrl, '--timeout-ms', '10000', '--out', dir, '--json'],
      {
        cwd: projectRoot,
        env: { ...process.env, HORIZON_ARCADE_ROMS: ROMS },
      },
    );
    const m = metrics(dir);
    expect(m.map((x) => x.llmCalls)).toEqual([0, 1, 2]);
    expect(m.at(-1)!.tokens).toBe(2400);
    expect(server.requests).toHaveLength(2);
    expect(m[1]!.changed).toEqual(['chooseTarget']);
    expect(readFileSync(join(dir, 'policies', 'iter-0001.ts'), 'utf8')).toContain('return 120;');
    expect(readFileSync(join(dir, 'prompts', 'iter-0001.md'), 'utf8')).toContain('Rollout 1 (30 steps over the credit horizon of 30)');
    expect(server.requests[0]!.model).toBe('fake-model');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).settings.optimizer).toMatchObject({ kind: 'openai', model: 'fake-model', baseUrl });
  });

  it('trains with the offline tuner', () => {
    if (!sharedAvailable(ROMS)) return;
    const dir = join(tmp, 'pong-tuner');
    const r = cli('train', ...pongArgs, '--out', dir, '--json');
    expect(r.code, r.stderr).toBe(0);
    const m = metrics(dir);
    expect(m.map((x) => x.iteration)).toEqual([0, 1, 2]);
    expect(m.every((x) => x.llmCalls === 0)).toBe(true);
    expect(m.slice(1).every((x) => x.outcome.length > 0 && x.rolloutReward !== null)).toBe(true);
    expect(readFileSync(join(dir, 'responses', 'iter-0001.txt'), 'utf8')).toMatch(/->/);
  });
});
