import { Command } from 'commander';

import { findRom } from '../../env/rom.ts';
import { HorizonError } from '../../env/errors.ts';
import { RunDir } from '../../loop/run-dir.ts';
import { replayRun } from '../../replay/replay.ts';
import { nonNegativeInt, positiveInt, romsOption } from '../options.ts';

interface ReplayCliOptions {
  iteration?: number;
  best?: boolean;
  episodes?: number;
  seed?: number;
  maxSteps?: number;
  gif?: string;
  pngEvery?: number;
  pngDir: string;
  overlay?: boolean;
  scale: number;
  roms: string;
  json?: boolean;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description("replay a run's policy (best, or one iteration's) with the run's settings; write a GIF and PNG frames")
    .argument('<run-dir>', 'a run directory made by `train`')
    .option('--iteration <n>', 'the policy of this iteration (policies/iter-NNNN.ts)', nonNegativeInt('--iteration'))
    .option('--best', 'the best policy (best.ts; the default)')
    .option('--episodes <e>', "episodes to play (default: the run's evaluation episodes)", positiveInt('--episodes'))
    .option('--seed <s>', "seed of the environment (default: the run's)", nonNegativeInt('--seed'))
    .option('--max-steps <m>', "step limit per episode (default: the run's evaluation limit)", positiveInt('--max-steps'))
    .option('--gif <file>', 'animated GIF of the first episode, one frame per agent step')
    .option('--png-every <k>', 'a PNG of every k-th step of the first episode (into --png-dir)', positiveInt('--png-every'))
    .option('--png-dir <dir>', 'folder for the PNG frames', 'replay-frames')
    .option('--overlay', 'draw the extracted objects over the pictures')
    .option('--scale <n>', 'pixel scale of the pictures', positiveInt('--scale'), 1)
    .addOption(romsOption())
    .option('--json', 'make the last line of stdout one JSON object with the results')
    .action(async (dir: string, o: ReplayCliOptions) => {
      if (o.best && o.iteration !== undefined) throw new HorizonError('give either --best or --iteration N, not both', 'ERR_BAD_ARGUMENT');
      if (o.overlay && !o.gif && !o.pngEvery) throw new HorizonError('--overlay draws on pictures: give --gif FILE or --png-every K too', 'ERR_BAD_ARGUMENT');
      const config = RunDir.open(dir).config();
      const rom = findRom(config.rom.game, o.roms);
      // By default the run's own evaluation, so the score printed is the one the run recorded.
      const s = config.settings;
      const r = await replayRun(dir, rom, {
        iteration: o.iteration,
        episodes: o.episodes ?? s.evalEpisodes,
        seed: o.seed ?? s.seed,
        maxSteps: o.maxSteps ?? s.evalMaxSteps,
        gif: o.gif,
        pngDir: o.pngEvery ? o.pngDir : undefined,
        pngEvery: o.pngEvery ?? 1,
        overlay: o.overlay ?? false,
        scale: o.scale,
      });
      process.stdout.write(`policy ${r.policyFile}\n`);
      for (const [i, e] of r.episodes.entries()) {
        process.stdout.write(
          `episode ${i + 1}: score ${e.score}, steps ${e.steps}, policy errors ${e.errors}${e.ending === 'game over' ? '' : ` (${e.ending})`}\n`,
        );
      }
      const mean = r.episodes.reduce((a, e) => a + e.score, 0) / r.episodes.length;
      process.stdout.write(`mean score ${mean.toFixed(2)} over ${r.episodes.length} episode(s)\n`);
      if (o.gif) process.stdout.write(`wrote ${o.gif} (${r.gifFrames} frames)\n`);
      if (r.pngFiles.length) process.stdout.write(`wrote ${r.pngFiles.length} PNG frames into ${o.pngDir}\n`);
      if (!o.gif && !r.pngFiles.length) process.stdout.write('(no pictures written: --gif FILE for an animation, --png-every K for frames)\n');
      if (o.json)
        process.stdout.write(
          JSON.stringify({ policy: r.policyFile, episodes: r.episodes, meanScore: mean, gifFrames: r.gifFrames, pngFiles: r.pngFiles }) + '\n',
        );
    });
}
