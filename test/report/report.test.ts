import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { planSweep, runSweep } from '../../src/bench/sweep.ts';
import { aggregate } from '../../src/bench/aggregate.ts';
import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { startTraining } from '../../src/loop/train.ts';
import { benchReport } from '../../src/report/report.ts';
import { chromium } from '../helpers/chromium.ts';
import { distinctColours } from '../helpers/images.ts';

const tmp = mkdtempSync(join(tmpdir(), 'horizon-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = join(tmp, 'run');

const browserPath = chromium();

beforeAll(async () => {
  await startTraining(
    findRom('demo', BUNDLED_ROMS),
    resolveSettings({ game: 'demo', horizon: 10, iterations: 3, evalMaxSteps: 200, policy: 'policies/demo/untuned.ts' }),
    run,
  );
}, 120_000);

/** Opens a page in headless Chromium: console errors, page errors, and a screenshot. */
async function render(file: string) {
  const browser = await puppeteer.launch({ executablePath: browserPath!, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const plot = await page.$('#score-plot svg');
    const box = plot ? await plot.boundingBox() : null;
    const shot = Buffer.from(await page.screenshot({ fullPage: true }));
    const plotShot = plot ? Buffer.from(await plot.screenshot()) : undefined;
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered, without scripts and styles
    const text = await page.evaluate(() => document.body.innerText);
    const gifLoaded = await page.evaluate(() => {
      const img = document.querySelector('img.replay') as HTMLImageElement | null;
      return img ? img.complete && img.naturalWidth : 0;
    });
    return { errors, box, shot, plotShot, text, gifLoaded };
  } finally {
    await browser.close();
  }
}

const readHtml = (dir: string) => readFileSync(join(dir, 'report.html'), 'utf8');

describe.skipIf(!browserPath)('HTML reports in headless Chromium', () => {
  it('a run report: no console errors, the score plot drawn, diffs, outcomes and the replay GIF', async () => {
    const r = spawnSync(process.execPath, [join(projectRoot, 'bin', 'horizon-arcade.js'), 'report', run, '--replay-steps', '100'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const file = join(run, 'report.html');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|src="http|href="http/); // self-contained
    const page = await render(file);
    expect(page.errors).toEqual([]);
    expect(page.box!.width).toBeGreaterThan(300);
    expect(page.box!.height).toBeGreaterThan(150);
    expect(await distinctColours(page.plotShot!)).toBeGreaterThan(10);
    expect(page.gifLoaded).toBe(160);
    for (const m of readMetrics(run)) expect(page.text).toContain(`Iteration ${m.iteration}: ${m.outcome}`);
    expect(page.text).toContain('horizon');
    expect(page.text).toMatch(/^demo: training run \S+ \(offline tuner\)$/m); // the heading names the optimizer
    expect(html).toContain('Evaluation score per iteration (offline tuner)'); // and so does the plot
  }, 120_000);

  it('a benchmark report: the table and both plots', async () => {
    const out = join(tmp, 'bench');
    const sweep = { games: ['demo'], horizons: [1, 10], batches: [1], seeds: 2, out, settings: { iterations: 2, evalMaxSteps: 200 }, roms: 'roms', jobs: 2 };
    await runSweep(sweep);
    const results = aggregate(planSweep(sweep));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(out, 'results.json'), JSON.stringify({ results }));
    writeFileSync(join(out, 'report.html'), await benchReport(out));
    const page = await render(join(out, 'report.html'));
    expect(page.errors).toEqual([]);
    expect(await distinctColours(page.plotShot!)).toBeGreaterThan(10);
    expect(page.text).toMatch(new RegExp(`demo\\s+10\\s+1\\s+offline tuner\\s+2\\s+${results[1]!.bestSoFar[0]!.mean.toFixed(1)} ± `));
    expect(page.text).toMatch(/^Horizon benchmark bench \(offline tuner\)$/m);
    expect(readHtml(out)).toContain('Best-so-far score per iteration (offline tuner)'); // the plot's own title
  }, 120_000);
});
