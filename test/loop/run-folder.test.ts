import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { PROGRESS_COLUMNS, readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings, type SettingsInput } from '../../src/loop/settings.ts';
import { resumeTraining, startTraining } from '../../src/loop/train.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

const demo = findRom('demo', BUNDLED_ROMS);
const tmp = mkdtempSync(join(tmpdir(), 'horizon-runfolder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const newDir = () => join(tmp, `run-${runs++}`);
const settings = (extra: Partial<SettingsInput> = {}) => resolveSettings({ game: 'demo', horizon: 20, iterations: 2, evalMaxSteps: 200, seed: 1, ...extra });
const findRomFor = () => demo;

/** A pid that no process has: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('a run folder refuses to be corrupted', () => {
  it('one process at a time: a live owner is refused, a dead one is taken over, two resumes at once run once', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ iterations: 1 }), dir);
    // A live process holds it (this test's own pid stands for another trainer).
    writeFileSync(join(dir, 'lock'), `${process.pid} ${hostname()}`);
    await expect(resumeTraining(dir, findRomFor, { iterations: 2 })).rejects.toMatchObject({
      code: 'ERR_BUSY',
      message: expect.stringMatching(/is in use by process \d+/),
    });
    // Its owner died: the lock is stale and the run goes on.
    writeFileSync(join(dir, 'lock'), `${deadPid()} ${hostname()}`);
    expect((await resumeTraining(dir, findRomFor, { iterations: 2 })).checkpoint.iteration).toBe(2);
    const both = await Promise.allSettled([resumeTraining(dir, findRomFor, { iterations: 3 }), resumeTraining(dir, findRomFor, { iterations: 3 })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(readMetrics(dir).map((m) => m.iteration)).toEqual([0, 1, 2, 3]);
  });

  it('an edited config.json is checked like the command line and must still be the run own', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ iterations: 1 }), dir);
    const file = join(dir, 'config.json');
    const original = readFileSync(file, 'utf8');
    const edit = (f: (c: { settings: Record<string, unknown> }) => void) => {
      const c = JSON.parse(original);
      f(c);
      writeFileSync(file, JSON.stringify(c));
    };
    edit((c) => (c.settings.horizon = -3));
    await expect(resumeTraining(dir, findRomFor, { iterations: 2 })).rejects.toMatchObject({
      code: 'ERR_BAD_ARGUMENT',
      message: expect.stringMatching(/config\.json: .*horizon/),
    });
    edit((c) => (c.settings.horizon = 10));
    await expect(resumeTraining(dir, findRomFor, { iterations: 2 })).rejects.toMatchObject({
      code: 'ERR_BAD_STATE',
      message: expect.stringMatching(/\(horizon changed\)/),
    });
    // iterations and budgets are a resume's to change.
    edit((c) => (c.settings.iterations = 5));
    expect((await resumeTraining(dir, findRomFor, { iterations: 2 })).checkpoint.iteration).toBe(2);
  });

  it('damaged files are one coded line; a metrics file cut short loses only its last line', async () => {
    const dir = newDir();
    await startTraining(demo, settings({ iterations: 2 }), dir);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    writeFileSync(join(dir, 'metrics.jsonl'), metrics.slice(0, -40));
    expect(readMetrics(dir).map((m) => m.iteration)).toEqual([0, 1]);
    writeFileSync(join(dir, 'metrics.jsonl'), `{"iteration":0}\nnot json\n${metrics}`);
    expect(() => readMetrics(dir)).toThrow(/metrics\.jsonl:2 is damaged/);
    const checkpoint = readFileSync(join(dir, 'checkpoint.json'), 'utf8');
    writeFileSync(join(dir, 'checkpoint.json'), checkpoint.slice(0, 100));
    await expect(resumeTraining(dir, findRomFor, { iterations: 3 })).rejects.toMatchObject({
      code: 'ERR_BAD_STATE',
      message: expect.stringMatching(/checkpoint\.json is damaged/),
    });
    writeFileSync(join(dir, 'checkpoint.json'), checkpoint);
    writeFileSync(join(dir, 'config.json'), '{"settings": ');
    await expect(resumeTraining(dir, findRomFor, { iterations: 3 })).rejects.toMatchObject({
      code: 'ERR_BAD_STATE',
      message: expect.stringMatching(/config\.json is damaged/),
    });
  });
});

describe('progress.csv', () => {
  it('holds every field of metrics.jsonl, one row per finished iteration', async () => {
    const dir = newDir();
    await startTraining(demo, settings(), dir);
    const metrics = readMetrics(dir);
    const rows = parse(readFileSync(join(dir, 'progress.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(metrics.length);
    for (const [i, m] of metrics.entries()) {
      // No field of an iteration is left out of the table.
      expect(PROGRESS_COLUMNS).toEqual(expect.arrayContaining(Object.keys(m)));
      for (const key of PROGRESS_COLUMNS) {
        const value = m[key];
        const cell = rows[i]![key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
        expect(cell, key).toBe(value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value));
      }
    }
  });
});

describe('LLM accounting', () => {
  const server = new FakeOpenAI();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  const llm = (extra: Partial<SettingsInput['optimizer']> = {}) =>
    settings({ iterations: 1, optimizer: { kind: 'openai', model: 'm', baseUrl, maxRetries: 2, timeoutMs: 5000, ...extra } });

  it('every HTTP request counts as an LLM call, retries included', async () => {
    server.reply({ status: 500 }, { status: 500 }, { content: '{"reasoning": "none", "functions": {}}' });
    const dir = newDir();
    await startTraining(demo, llm(), dir);
    expect(server.requests).toHaveLength(3);
    expect(readMetrics(dir).at(-1)!.llmCalls).toBe(3);
  });

  it('a reply over the size limit is a failed call, and only its start is kept', async () => {
    server.reply({ content: `{"reasoning": "${'x'.repeat(5000)}", "functions": {}}` });
    const dir = newDir();
    await startTraining(demo, llm({ maxReplyChars: 4000 }), dir);
    expect(readMetrics(dir).at(-1)!.outcome).toMatch(/^optimizer failed: the reply has 5\d{3} characters, over the limit of 4000/);
    expect(readFileSync(join(dir, 'responses', 'iter-0001.txt'), 'utf8').length).toBeLessThan(4800);
  });
});
