import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { startTraining } from '../../src/loop/train.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { Env } from '../../src/env/env.ts';
import { replayRun } from '../../src/replay/replay.ts';

const tmp = mkdtempSync(join(tmpdir(), 'horizon-replay-'));
const run = join(tmp, 'run');
const demo = findRom('demo', BUNDLED_ROMS);
beforeAll(async () => {
  await startTraining(demo, resolveSettings({ game: 'demo', horizon: 10, iterations: 2, evalMaxSteps: 200 }), run);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = { episodes: 1, seed: 0, maxSteps: 40, pngEvery: 1, overlay: false, scale: 1 };

describe('replay', () => {
  it('scores the best policy like the evaluation did', async () => {
    const r = await replayRun(run, demo, { ...base, maxSteps: 200 });
    expect(r.policyFile).toBe(join(run, 'best.ts'));
    // Same settings and seed as the evaluation: the same score.
    expect(r.episodes[0]!.score).toBe(readMetrics(run).at(-1)!.bestScore);
  });

  it('writes a GIF with one frame per agent step, at the chosen scale, showing the screens the policy saw', async () => {
    const gif = join(tmp, 'a.gif');
    const r = await replayRun(run, demo, { ...base, gif, scale: 2 });
    expect(r.gifFrames).toBe(40);
    const m = await sharp(gif, { animated: true }).metadata();
    expect(m.format).toBe('gif');
    expect(m.pages).toBe(40);
    expect(m.width).toBe(320);
    // The screen (210 x 2 lines) and a caption line below it.
    expect(m.pageHeight).toBeGreaterThan(420);
    // 4 frames at 60 Hz = 67 ms; GIF stores hundredths of a second, rounded up.
    expect(m.delay?.[0]).toBe(70);
    // Each frame's picture is the step's screen, pixel for pixel: the same replay's PNGs.
    const pngs = await replayRun(run, demo, { ...base, scale: 2, pngDir: join(tmp, 'gif-png'), pngEvery: 13 });
    const frames = await sharp(gif, { animated: true }).removeAlpha().raw().toBuffer();
    const frameBytes = 320 * m.pageHeight! * 3;
    for (const [n, file] of pngs.pngFiles.entries()) {
      const png = await sharp(file).removeAlpha().raw().toBuffer();
      const frame = frames.subarray(n * 13 * frameBytes, n * 13 * frameBytes + png.length);
      expect(Buffer.compare(frame, png), file).toBe(0);
    }
  });

  it('streams the GIF: memory stays bounded however long the episode and large the scale', () => {
    // In a process of its own, so its peak memory is the replay's.
    const script = join(tmp, 'long-gif.mjs');
    writeFileSync(
      script,
      `import { register } from ${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href)};
register();
const { findRom, BUNDLED_ROMS } = await import(${JSON.stringify(join(projectRoot, 'src', 'env', 'rom.ts'))});
const { replayRun } = await import(${JSON.stringify(join(projectRoot, 'src', 'replay', 'replay.ts'))});
const loadedMb = process.memoryUsage().rss / 1048576;
const r = await replayRun(process.argv[2], findRom('demo', BUNDLED_ROMS), { episodes: 1, seed: 0, maxSteps: Number(process.argv[4]), pngEvery: 1, overlay: true, scale: 3, gif: process.argv[3] });
console.log(JSON.stringify({ frames: r.gifFrames, loadedMb, peakMb: process.resourceUsage().maxRSS / 1024 }));
`,
    );
    const replay = (steps: number) => {
      const p = spawnSync(process.execPath, ['--no-node-snapshot', script, run, join(tmp, `long-${steps}.gif`), String(steps)], {
        encoding: 'utf8',
        cwd: projectRoot,
      });
      expect(p.status, p.stderr).toBe(0);
      return JSON.parse(p.stdout.trim()) as { frames: number; loadedMb: number; peakMb: number };
    };
    const short = replay(100);
    const long = replay(1500);
    // The demo episode ends before 1500 steps; held as frames (0.9 MB each at scale 3) they would take over 450 MB.
    expect(long.frames).toBeGreaterThan(500);
    // What the replay adds to the loaded program stays small, and hardly grows with the length
    // (V8 sizes its heap by its own rules: the growth measured here is 25-35 MB from run to run,
    // against the 450 MB that holding the frames would take).
    expect(long.peakMb - long.loadedMb).toBeLessThan(80);
    expect(long.peakMb - short.peakMb).toBeLessThan(50);
  });

  it('PNG frames with the objects boxed over the screen', async () => {
    const dir = join(tmp, 'png');
    const r = await replayRun(run, demo, { ...base, pngDir: dir, pngEvery: 10, overlay: true });
    expect(readdirSync(dir)).toEqual(['step-00000.png', 'step-00010.png', 'step-00020.png', 'step-00030.png']);
    expect(r.pngFiles).toHaveLength(4);
    // The basket at step 0: its box is drawn just outside it, in the overlay colour of Player.
    const env = new Env(demo, { frameskip: 4, repeatActionProbability: 0, seed: 0 });
    env.reset({ seed: 0 });
    const basket = new ObjectExtractor(demo.game).extract(env.ram()).objects.find((o) => o.category === 'Player')!;
    const { data, info } = await sharp(join(dir, 'step-00000.png')).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(at(basket.x - 1, basket.y + 2)).toEqual([255, 0, 255]);
    const plain = await replayRun(run, demo, { ...base, pngDir: join(tmp, 'plain'), pngEvery: 10 });
    const p = await sharp(plain.pngFiles[0]!).raw().toBuffer();
    const i = ((basket.y + 2) * 160 + basket.x - 1) * 3;
    expect([...p.subarray(i, i + 3)]).not.toEqual([255, 0, 255]);
  });

  it('the CLI replays as the run evaluated by default, and reports the score it recorded', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(projectRoot, 'bin', 'horizon-arcade.js'), 'replay', ...args], { encoding: 'utf8' });
    const r = cli(run, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { meanScore: number; episodes: { steps: number }[] };
    expect(out.meanScore).toBe(readMetrics(run).at(-1)!.bestScore);
    expect(out.episodes.every((e) => e.steps <= 200)).toBe(true);
    expect(r.stdout).toMatch(/no pictures written: --gif FILE/);
    const overlay = cli(run, '--overlay');
    expect(overlay.status).toBe(2);
    expect(overlay.stderr).toMatch(/--overlay draws on pictures: give --gif FILE or --png-every K too \[ERR_BAD_ARGUMENT\]/);
  });

  it('the CLI replays one iteration and rejects a missing one', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(projectRoot, 'bin', 'horizon-arcade.js'), 'replay', ...args], { encoding: 'utf8' });
    const ok = cli(run, '--iteration', '0', '--max-steps', '30', '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split('\n').at(-1)!)).toMatchObject({ policy: join(run, 'policies', 'iter-0000.ts'), episodes: [{ steps: 30 }] });
    expect(cli(run, '--iteration', '99').stderr).toMatch(/has no policy for iteration 99/);
    expect(cli(join(tmp, 'nope')).stderr).toMatch(/is not a run directory/);
  });
});
