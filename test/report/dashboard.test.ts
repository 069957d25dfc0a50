import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import puppeteer from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { startDashboard } from '../../src/report/dashboard.ts';
import { chromium } from '../helpers/chromium.ts';

const tmp = mkdtempSync(join(tmpdir(), 'horizon-dashboard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const browserPath = chromium();
const demo = findRom('demo', BUNDLED_ROMS);

/** A training run of the demo game in a process of its own, long enough to be watched while it goes. */
function startRun(dir: string, iterations: number): ChildProcess {
  const args = ['train', '--game', 'demo', '--horizon', '10', '--iterations', String(iterations), '--eval-max-steps', '1500', '--out', dir];
  return spawn(process.execPath, [join(projectRoot, 'bin', 'horizon-arcade.js'), ...args], { cwd: projectRoot, stdio: 'ignore' });
}

async function until(what: string, ok: () => boolean, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('horizon-arcade dashboard', () => {
  it('lists the runs, follows a running run as it gains points, shows its prompts and replies, and plays its replay', async () => {
    if (!browserPath) return;
    const root = join(tmp, 'runs');
    const live = join(root, 'live');
    const child = startRun(live, 40);
    const { url, server } = await startDashboard(root, { port: 0, host: '127.0.0.1', replaySteps: 200, findRomFor: () => demo });
    const browser = await puppeteer.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await until('the run to finish two iterations', () => readMetrics(live).length >= 3);

      await page.goto(url, { waitUntil: 'load' });
      expect(await page.$eval('#runs', (e) => e.textContent)).toMatch(/live\s*demo\s*10\s*1\s*running/);

      await page.goto(`${url}run/live`, { waitUntil: 'load' });
      const points = () => page.$$eval('#score-plot .mark-symbol path', (p) => p.length);
      const before = await points();
      expect(before).toBeGreaterThan(0);
      // The page asks every 2 s whether the run moved on, and redraws the curve when it did.
      await page.waitForFunction((n) => document.querySelectorAll('#score-plot .mark-symbol path').length > n, { timeout: 90_000 }, before);
      expect(await points()).toBeGreaterThan(before);

      // Each iteration's prompt and the optimizer's reply are on the page, as the run folder has them.
      const text = await page.$eval('#iterations', (e) => e.textContent ?? '');
      expect(text).toContain(
        readFileSync(join(live, 'prompts', 'iter-0001.md'), 'utf8')
          .split('\n')
          .find((l) => l.trim().length > 20)!
          .trim(),
      );
      expect(text).toContain(
        readFileSync(join(live, 'responses', 'iter-0001.txt'), 'utf8')
          .split('\n')[1]!
          .trim(),
      );

      // The replay of the best policy is made on first view and plays: an animated GIF in the page.
      await page.waitForFunction(() => (document.querySelector('img.replay') as HTMLImageElement | null)?.naturalWidth === 320, { timeout: 90_000 });
      const gif = Buffer.from(await (await fetch(`${url}run/live/replay.gif`)).arrayBuffer());
      expect((await sharp(gif, { animated: true }).metadata()).pages).toBeGreaterThan(10);

      expect((await fetch(`${url}run/..%2F..%2Fetc`)).status).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await browser.close();
      server.close();
    }
  }, 300_000);
});
