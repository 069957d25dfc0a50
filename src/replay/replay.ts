import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { HorizonError } from '../env/errors.ts';
import type { Rom } from '../env/rom.ts';
import type { GameObject } from '../objects/types.ts';
import { RunDir } from '../loop/run-dir.ts';
import { playOf } from '../loop/settings.ts';
import type { TrainSettings } from '../loop/settings.ts';
import { playEpisodes, type EpisodeResult } from '../policy/runner.ts';
import { parsePolicy } from '../policy/source.ts';
import { type Box, GifStream, renderGlyphs } from './gif.ts';
import { overlaySvg } from './overlay.ts';

export interface ReplayOptions {
  /** A policy version of the run; default the best one (best.ts). */
  iteration?: number;
  episodes: number;
  seed: number;
  maxSteps: number;
  /** Animated GIF of the first episode. */
  gif?: string;
  /** Folder for a PNG of every `pngEvery`-th step of the first episode. */
  pngDir?: string;
  pngEvery: number;
  /** Draw the extracted objects' boxes on the pictures. */
  overlay: boolean;
  /** Pixel scale of the pictures. */
  scale: number;
}

export interface ReplayResult {
  policyFile: string;
  episodes: { score: number; steps: number; errors: number; terminated: boolean; ending: EpisodeResult['ending'] }[];
  gifFrames: number;
  pngFiles: string[];
}

/** The policy file of a run to replay: best.ts, or policies/iter-NNNN.ts. */
export function runPolicyFile(dir: string, iteration?: number): string {
  const file = iteration === undefined ? join(dir, 'best.ts') : new RunDir(dir).policyFile(iteration);
  if (!existsSync(file)) {
    throw new HorizonError(
      iteration === undefined ? `${dir} has no best.ts yet` : `${dir} has no policy for iteration ${iteration} (it was invalid or not reached)`,
      'ERR_BAD_ARGUMENT',
    );
  }
  return file;
}

/**
 * Replays a run's policy with the run's own environment settings: scores per
 * episode, and pictures of the first episode (one frame per agent step).
 */
export async function replayRun(dir: string, rom: Rom, o: ReplayOptions): Promise<ReplayResult> {
  const settings: TrainSettings = RunDir.open(dir).config().settings;
  const policyFile = runPolicyFile(dir, o.iteration);
  const source = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);
  const categories = Object.keys(rom.game.objects!.categories);
  const boxesOf = (objects: GameObject[]): Box[] =>
    objects.map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h, colour: Math.max(0, categories.indexOf(b.category)), label: b.id }));
  // The GIF is written while the first episode plays, a frame per step, so memory does not grow with its length:
  // the screen seen before each decision, captioned once the step is played with its action, reward and score.
  const glyphs = o.gif ? await renderGlyphs(8 * o.scale) : undefined;
  // One frame per agent step, shown for as long as it lasts in the game (frameskip / 60 s).
  const delay = Math.max(20, Math.round((settings.frameskip * 1000) / 60));
  let gif: GifStream | undefined;
  let seen = false;
  // PNGs are encoded afterwards: only the steps asked for are kept.
  const shots: { step: number; rgb: Uint8Array; height: number; objects: GameObject[] }[] = [];
  let results: EpisodeResult[];
  try {
    results = playEpisodes(rom, source, {
      ...playOf(settings),
      episodes: o.episodes,
      maxSteps: o.maxSteps,
      seed: o.seed,
      onObserve: (episode, step, env, frame) => {
        if (episode !== 0) return;
        if (o.gif) {
          gif ??= new GifStream(o.gif, o.scale, env.screenHeight, delay, glyphs!);
          gif.setScreen(env.screen(), () => env.rgb(), o.overlay ? boxesOf(frame.objects) : []);
          seen = true;
        }
        if (o.pngDir && step % o.pngEvery === 0) shots.push({ step, rgb: env.rgb(), height: env.screenHeight, objects: frame.objects });
      },
      onStep: (episode, step, played) => {
        if (episode !== 0 || !gif || !seen) return;
        const reward = `${played.reward >= 0 ? '+' : ''}${played.reward}`;
        gif.addFrame(`${step} ${played.action} ${reward} score ${played.score}`);
        seen = false;
      },
    });
  } finally {
    gif?.close();
  }

  const pngFiles: string[] = [];
  if (o.pngDir) mkdirSync(o.pngDir, { recursive: true });
  for (const shot of shots) {
    const { height } = shot;
    let img = sharp(Buffer.from(shot.rgb), { raw: { width: 160, height, channels: 3 } }).resize(160 * o.scale, height * o.scale, { kernel: 'nearest' });
    if (o.overlay) img = sharp(await img.png().toBuffer()).composite([{ input: overlaySvg(shot.objects, categories, o.scale, height) }]);
    const file = join(o.pngDir!, `step-${String(shot.step).padStart(5, '0')}.png`);
    await img.png().toFile(file);
    pngFiles.push(file);
  }
  const episodes = results.map((r) => ({ score: r.score, steps: r.steps, errors: r.errors, terminated: r.terminated, ending: r.ending }));
  return { policyFile, episodes, gifFrames: gif?.frames ?? 0, pngFiles };
}
