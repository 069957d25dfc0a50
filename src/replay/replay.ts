import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { Env } from '../env/env.ts';
import { HorizonError } from '../env/errors.ts';
import type { Rom } from '../env/rom.ts';
import { ObjectExtractor } from '../objects/extractor.ts';
import { RunDir } from '../loop/run-dir.ts';
import { envOptionsOf } from '../loop/train.ts';
import type { TrainSettings } from '../loop/settings.ts';
import { makeObservation } from '../policy/observation.ts';
import { Policy } from '../policy/policy.ts';
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
  episodes: { score: number; steps: number; errors: number; terminated: boolean }[];
  gifFrames: number;
  pngFiles: string[];
}

/** The policy file of a run to replay: best.ts, or policies/iter-NNNN.ts. */
export function runPolicyFile(dir: string, iteration?: number): string {
  const file = iteration === undefined ? join(dir, 'best.ts') : join(dir, 'policies', `iter-${String(iteration).padStart(4, '0')}.ts`);
  if (!existsSync(file)) {
    throw new HorizonError(iteration === undefined ? `${dir} has no best.ts yet` : `${dir} has no policy for iteration ${iteration} (it was invalid or not reached)`, 'ERR_BAD_ARGUMENT');
  }
  return file;
}

/**
 * Replays a run's policy with the run's own environment settings: scores per
 * episode, and pictures of the first episode (one frame per agent step).
 */
export async function replayRun(dir: string, rom: Rom, o: ReplayOptions): Promise<ReplayResult> {
  const run = RunDir.open(dir);
  const settings: TrainSettings = run.config().settings;
  const policyFile = runPolicyFile(dir, o.iteration);
  const env = new Env(rom, { ...envOptionsOf(settings), seed: o.seed });
  const names = env.actionNames as string[];
  const policy = new Policy(parsePolicy(readFileSync(policyFile, 'utf8'), policyFile), names, [...env.actionSet]);
  const extractor = new ObjectExtractor(rom.game);
  const categories = Object.keys(rom.game.objects!.categories);
  const height = env.screenHeight;
  const frames: Buffer[] = [];
  const pngFiles: string[] = [];
  if (o.pngDir) mkdirSync(o.pngDir, { recursive: true });

  const picture = async (objects: Parameters<typeof overlaySvg>[0]): Promise<sharp.Sharp> => {
    let img = sharp(Buffer.from(env.rgb()), { raw: { width: 160, height, channels: 3 } }).resize(160 * o.scale, height * o.scale, { kernel: 'nearest' });
    if (o.overlay) img = sharp(await img.png().toBuffer()).composite([{ input: overlaySvg(objects, categories, o.scale, height) }]);
    return img;
  };

  const episodes: ReplayResult['episodes'] = [];
  try {
    for (let e = 0; e < o.episodes; e++) {
      const info = e === 0 ? env.reset({ seed: o.seed }) : env.reset();
      extractor.reset();
      policy.newEpisode(o.seed + e);
      let { lives, episodeFrame } = info;
      let prev = 'NOOP';
      const result = { score: 0, steps: 0, errors: 0, terminated: false };
      for (let step = 0; step < o.maxSteps; step++) {
        const frame = extractor.extract(env.ram());
        const capture = e === 0 && (o.gif || (o.pngDir && step % o.pngEvery === 0));
        if (capture) {
          const img = await picture(frame.objects);
          if (o.gif) frames.push(await img.clone().removeAlpha().raw().toBuffer());
          if (o.pngDir && step % o.pngEvery === 0) {
            const file = join(o.pngDir, `step-${String(step).padStart(5, '0')}.png`);
            await img.clone().png().toFile(file);
            pngFiles.push(file);
          }
        }
        const d = policy.decide(makeObservation(frame, { step, episodeFrame, lives }, prev, names));
        if (d.error) result.errors++;
        const r = env.step(d.actionName as never);
        result.score += r.reward;
        result.steps++;
        lives = r.lives;
        episodeFrame = r.episodeFrame;
        prev = d.actionName;
        if (r.terminated || r.truncated) {
          result.terminated = r.terminated;
          break;
        }
      }
      episodes.push(result);
    }
    if (o.gif && frames.length > 0) {
      const w = 160 * o.scale;
      const h = height * o.scale;
      // One frame per agent step, shown for as long as it lasts in the game (frameskip / 60 s).
      const delay = Math.max(20, Math.round((settings.frameskip * 1000) / 60));
      await sharp(Buffer.concat(frames), { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } })
        .gif({ delay: frames.map(() => delay), loop: 0 })
        .toFile(o.gif);
    }
  } finally {
    policy.dispose();
    env.close();
  }
  return { policyFile, episodes, gifFrames: o.gif ? frames.length : 0, pngFiles };
}
