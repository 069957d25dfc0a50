import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

import { aggregate, meanSe, resultsCsv, resultsMarkdown, resultsTable } from '../../src/bench/aggregate.ts';
import { finalVsHorizonSpec, scoreCurveSpec, writePlot } from '../../src/bench/plots.ts';
import { cellState, planSweep, runSweep, type SweepOptions } from '../../src/bench/sweep.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { startTraining } from '../../src/loop/train.ts';
import { distinctColours } from '../helpers/images.ts';

const tmp = mkdtempSync(join(tmpdir(), 'horizon-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sweep = (seeds: number): SweepOptions => ({
  games: ['demo'],
  horizons: [5, 20],
  batches: [1],
  seeds,
  out: tmp,
  settings: { iterations: 3, evalMaxSteps: 300, policy: 'policies/demo/untuned.ts' },
  roms: 'roms',
  jobs: 2,
});

describe('horizon sweep', () => {
  it('resumes: finished runs are kept, an interrupted one continues, new ones start', async () => {
    // Seed 0 of horizon 5 was interrupted after its first iteration.
    const [interrupted] = planSweep(sweep(1));
    const controller = new AbortController();
    const demo = findRom('demo', BUNDLED_ROMS);
    const settings = resolveSettings({ game: 'demo', horizon: 5, batch: 1, seed: 0, iterations: 3, evalMaxSteps: 300, policy: 'policies/demo/untuned.ts' });
    await startTraining(demo, settings, interrupted!.dir, {
      signal: controller.signal,
      onEvent: (e) => e.kind === 'phase' && e.iteration === 2 && controller.abort(),
    });
    expect(cellState(interrupted!)).toBe('partial');

    const first = await runSweep(sweep(1));
    expect(first.map((o) => [o.cell.horizon, o.state, o.code])).toEqual(
      expect.arrayContaining([
        [5, 'partial', 0],
        [20, 'new', 0],
      ]),
    );
    expect(first).toHaveLength(2);
    expect(readMetrics(interrupted!.dir).map((m) => m.iteration)).toEqual([0, 1, 2, 3]);
    const stamps = planSweep(sweep(1)).map((c) => statSync(join(c.dir, 'metrics.jsonl')).mtimeMs);

    // A second seed: only the two new runs are played.
    const second = await runSweep(sweep(2));
    expect(second.map((o) => o.cell.seed)).toEqual([1, 1]);
    expect(planSweep(sweep(1)).map((c) => statSync(join(c.dir, 'metrics.jsonl')).mtimeMs)).toEqual(stamps);
    expect(planSweep(sweep(2)).every((c) => cellState(c) === 'done')).toBe(true);
  }, 120_000);

  it('the table holds the mean and standard error of the runs metrics', () => {
    const cells = planSweep(sweep(2));
    const results = aggregate(cells);
    expect(results.map((r) => [r.game, r.horizon, r.runs])).toEqual([
      ['demo', 5, 2],
      ['demo', 20, 2],
    ]);
    for (const r of results) {
      const runs = cells.filter((c) => c.horizon === r.horizon).map((c) => readMetrics(c.dir));
      for (let i = 0; i <= 3; i++) {
        const values = runs.map((m) => m[i]!.bestScore);
        const mean = (values[0]! + values[1]!) / 2;
        expect(r.bestSoFar[i]!.mean).toBeCloseTo(mean, 12);
        // Two runs: the standard error is half their difference.
        expect(r.bestSoFar[i]!.se).toBeCloseTo(Math.abs(values[0]! - values[1]!) / 2, 12);
      }
      expect(r.final.mean).toBeCloseTo(r.bestSoFar[3]!.mean, 12);
      expect(r.wallSeconds.mean).toBeCloseTo(runs.reduce((a, m) => a + m.at(-1)!.totalWallMs / 1000, 0) / 2, 9);
    }
    const csv = parse(resultsCsv(results)) as string[][];
    expect(csv).toHaveLength(1 + 2 * 4);
    expect(csv[1]!.slice(0, 6)).toEqual(['demo', '5', '1', 'offline tuner', '0', '2']);
    // A field with a comma (several optimizers) stays one field.
    expect((parse(resultsCsv([{ ...results[0]!, optimizer: 'LLM a, LLM b' }])) as string[][])[1]![3]).toBe('LLM a, LLM b');
    expect(resultsTable(results)).toMatch(/^game\s+horizon\s+batch\s+optimizer\s+runs/);
    expect(resultsTable(results)).toMatch(/^demo\s+20\s+1\s+offline tuner\s+2\s+/m);
    expect(resultsMarkdown(results)).toMatch(/^\| demo \| 5 \| 1 \| offline tuner \| 2 \|/m);
    // The optimizer is named in each plot's title too.
    expect(scoreCurveSpec(results).title).toBe('Best-so-far score per iteration (offline tuner)');
    expect(finalVsHorizonSpec(results).title).toBe('Final best score against the credit horizon (offline tuner)');
  });

  it('mean and standard error; a run that stopped early keeps its last best score', async () => {
    expect(meanSe([1, 3])).toEqual({ mean: 2, se: 1, n: 2 });
    expect(meanSe([4])).toEqual({ mean: 4, se: 0, n: 1 });
    const demo = findRom('demo', BUNDLED_ROMS);
    const base = { game: 'demo', horizon: 5, iterations: 3, evalMaxSteps: 300, policy: 'policies/demo/untuned.ts' };
    const early = { game: 'demo', horizon: 5, batch: 1, seed: 0, dir: join(tmp, 'early') };
    const full = { ...early, seed: 1, dir: join(tmp, 'full') };
    // The untuned policy scores 2 at once: a target of 2 ends the run before iteration 1.
    const r = await startTraining(demo, resolveSettings({ ...base, targetScore: 2 }), early.dir);
    expect(r.status).toBe('target-reached');
    await startTraining(demo, resolveSettings({ ...base, seed: 1 }), full.dir);
    const [row] = aggregate([early, full]);
    const fullMetrics = readMetrics(full.dir);
    expect(row!.bestSoFar).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(row!.bestSoFar[i]!.mean).toBeCloseTo((2 + fullMetrics[i]!.bestScore) / 2, 12);
  });

  it('a failed run is counted as failed and left out of the means', async () => {
    const { FakeOpenAI } = await import('../helpers/fake-openai.ts');
    const server = new FakeOpenAI();
    const baseUrl = await server.start();
    try {
      server.reply({ status: 500 });
      const demo = findRom('demo', BUNDLED_ROMS);
      const base = { game: 'demo', horizon: 5, iterations: 2, evalMaxSteps: 300, policy: 'policies/demo/untuned.ts' };
      const good = { game: 'demo', horizon: 5, batch: 1, seed: 0, dir: join(tmp, 'good') };
      const bad = { ...good, seed: 1, dir: join(tmp, 'bad') };
      await startTraining(demo, resolveSettings(base), good.dir);
      const failed = await startTraining(
        demo,
        resolveSettings({ ...base, seed: 1, optimizer: { kind: 'openai', model: 'm', baseUrl, maxRetries: 0 } }),
        bad.dir,
      );
      expect(failed.status).toBe('failed');
      const [row] = aggregate([good, bad]);
      expect(row).toMatchObject({ runs: 1, failed: 1 });
      expect(row!.final.mean).toBe(readMetrics(good.dir).at(-1)!.bestScore);
      expect(resultsTable([row!])).toMatch(/1 \(\+1 failed\)/);
      expect(cellState(bad)).toBe('done');

      // A run stopped part-way is no result either, until it is resumed to its end.
      const stopped = { ...good, seed: 2, dir: join(tmp, 'stopped') };
      const controller = new AbortController();
      const onEvent = (e: { kind: string }) => e.kind === 'iteration' && controller.abort();
      const cut = await startTraining(demo, resolveSettings({ ...base, seed: 2 }), stopped.dir, { signal: controller.signal, onEvent });
      expect(cut.status).toBe('interrupted');
      expect(readMetrics(stopped.dir).length).toBeGreaterThan(0);
      expect(cellState(stopped)).toBe('partial');
      expect(aggregate([good, bad, stopped])[0]).toMatchObject({ runs: 1, failed: 2 });
    } finally {
      await server.stop();
    }
  });

  it('a sweep refuses, before any run, options it sets itself and options nobody knows', async () => {
    const { spawnSync } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const { projectRoot } = await import('../../src/env/files.ts');
    const out = join(tmp, 'refused');
    const bench = (command: string, ...args: string[]) =>
      spawnSync(process.execPath, ['bin/horizon-arcade.js', 'bench', command, '--out', out, ...args], { cwd: projectRoot, encoding: 'utf8' });
    for (const [command, args, message] of [
      ['horizon', ['--horizons', '1,25', '--horizon', '10'], /--horizon is set by the sweep itself: use --horizons/],
      ['horizon', ['--seeds', '2', '--seed', '7'], /--seed is set by the sweep itself: use --seeds/],
      ['horizon', ['--game', 'demo', '--horizons', '1,10'], /--game is set by the sweep itself: use --games/],
      ['horizon', ['--bogus', '3'], /unknown option '--bogus'/],
      ['paper', ['--optimizer', 'tuner', '--preset', 'paper'], /--preset is set by the sweep itself: the benchmark is the paper preset/],
    ] as const) {
      const r = bench(command, ...args);
      expect(r.status, `bench ${command} ${args.join(' ')}`).toBe(2);
      expect(r.stderr.trim()).toMatch(new RegExp(`^horizon-arcade: ${message.source} .*\\[ERR_BAD_ARGUMENT\\]$`));
    }
    expect(existsSync(out)).toBe(false);
  });

  it('draws the plots as SVG and PNG', async () => {
    const results = aggregate(planSweep(sweep(2)));
    const files = [...(await writePlot(scoreCurveSpec(results), tmp, 'curve')), ...(await writePlot(finalVsHorizonSpec(results), tmp, 'final'))];
    for (const f of files.filter((f) => f.endsWith('.svg'))) {
      const svg = readFileSync(f, 'utf8');
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('demo');
    }
    for (const f of files.filter((f) => f.endsWith('.png'))) {
      expect((await sharp(f).metadata()).width).toBeGreaterThan(300);
      // Not blank: many distinct colours (lines, text, error bands).
      expect(await distinctColours(f)).toBeGreaterThan(20);
    }
    expect(readFileSync(files[0]!, 'utf8')).toContain('horizon 20');
    // Every horizon of the sweep is a labelled tick of the log axis, and series differ by more than colour.
    const final = readFileSync(files[2]!, 'utf8');
    for (const h of new Set(results.map((r) => r.horizon))) expect(final).toMatch(new RegExp(`>${h}</text>`));
    const curve = JSON.stringify(scoreCurveSpec(results));
    expect(curve).toContain('"strokeDash"');
    expect(curve).toContain('"zero":false');
  });
});
