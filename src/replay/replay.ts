import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { HorizonError } from '../env/errors.ts';
import type { Rom } from '../env/rom.ts';
import type { GameObject } from '../objects/types.ts';
import { RunDir } from '../loop/run-dir.ts';
import { envOptionsOf } from '../loop/settings.ts';
import type { TrainSettings } from '../loop/settings.ts';
import { playEpisodes, type EpisodeResult } from '../policy/runner.ts';
import { parsePolicy } from '../policy/source.ts';
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
  // Screens of the first episode are kept while it plays and encoded afterwards.
  const shots: { step: number; rgb: Uint8Array; height: number; objects: GameObject[] }[] = [];
  const results = playEpisodes(rom, source, {
    episodes: o.episodes,
    maxSteps: o.maxSteps,
    seed: o.seed,
    env: envOptionsOf(settings),
    lifeRule: settings.lifeRule,
    // Runs made before observation formats were a setting saw the project's objects.
    obs: settings.obs ?? 'objects',
    onObserve: (episode, step, env, frame) => {
      if (episode === 0 && (o.gif || (o.pngDir && step % o.pngEvery === 0))) {
        shots.push({ step, rgb: env.rgb(), height: env.screenHeight, objects: frame.objects });
      }
    },
  });

  const categories = Object.keys(rom.game.objects!.categories);
  const picture = async (shot: (typeof shots)[number]): Promise<sharp.Sharp> => {
    const { height } = shot;
    let img = sharp(Buffer.from(shot.rgb), { raw: { width: 160, height, channels: 3 } }).resize(160 * o.scale, height * o.scale, { kernel: 'nearest' });
    if (o.overlay) img = sharp(await img.png().toBuffer()).composite([{ input: overlaySvg(shot.objects, categories, o.scale, height) }]);
    return img;
  };
  const frames: Buffer[] = [];
  const pngFiles: string[] = [];
  if (o.pngDir) mkdirSync(o.pngDir, { recursive: true });
  for (const shot of shots) {
    const img = await picture(shot);
    if (o.gif) frames.push(await img.clone().removeAlpha().raw().toBuffer());
    if (o.pngDir && shot.step % o.pngEvery === 0) {
      const file = join(o.pngDir, `step-${String(shot.step).padStart(5, '0')}.png`);
      await img.clone().png().toFile(file);
      pngFiles.push(file);
    }
  }
  if (o.gif && frames.length > 0) {
    const w = 160 * o.scale;
    const h = shots[0]!.height * o.scale;
    // One frame per agent step, shown for as long as it lasts in the game (frameskip / 60 s).
    const delay = Math.max(20, Math.round((settings.frameskip * 1000) / 60));
    await sharp(Buffer.concat(frames), { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } })
      .gif({ delay: frames.map(() => delay), loop: 0 })
      .toFile(o.gif);
  }
  const episodes = results.map((r) => ({ score: r.score, steps: r.steps, errors: r.errors, terminated: r.terminated, ending: r.ending }));
  return { policyFile, episodes, gifFrames: o.gif ? frames.length : 0, pngFiles };
}
