import { Command, Option } from 'commander';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type EnvOptions, FRAME_COLORS, type FrameShape } from '../../env/env.ts';
import { HorizonError } from '../../env/errors.ts';
import type { LifeRule } from '../../env/life-rule.ts';
import { findRom, loadRom } from '../../env/rom.ts';
import { PAPER_ENV, paperGame, paperObs } from '../../loop/paper.ts';
import { RunDir } from '../../loop/run-dir.ts';
import { frameShapeOf, playOf } from '../../loop/settings.ts';
import { OBS_FORMATS, type ObsFormat } from '../../objects/observation.ts';
import { playEpisodes } from '../../policy/runner.ts';
import { parsePolicy } from '../../policy/source.ts';
import { nonNegativeInt, positiveInt, romsOption, valueParser } from '../options.ts';

interface PlayCliOptions {
  game?: string;
  rom?: string;
  roms: string;
  policy?: string;
  like?: string;
  episodes: number;
  maxSteps: number;
  seed: number;
  preset: 'v5' | 'NoFrameskip-v4' | 'paper';
  obs?: ObsFormat;
  frameSize?: string | null;
  frameColor?: FrameShape['color'];
  json?: boolean;
}

export function playCommand(): Command {
  return new Command('play')
    .description('play a policy program and report per-episode score, steps and policy errors')
    .option('--game <name>', 'game id, found by md5 in --roms')
    .option('--rom <file>', 'ROM image instead of --game')
    .addOption(romsOption())
    .option('--policy <file>', "the policy module (TypeScript exporting act(obs, memory)); with --like, default the run's best.ts")
    .option('--like <run>', "play as this run's evaluation did: its game, environment, observations, life rule, episodes, step limit and seed")
    .option('--episodes <n>', 'episodes to play', positiveInt('--episodes'), 1)
    .option('--max-steps <m>', 'step limit per episode', positiveInt('--max-steps'), 27_000)
    .option('--seed <s>', 'seed of the environment', nonNegativeInt('--seed'), 0)
    .addOption(
      new Option('--preset <name>', "environment settings; paper: the study's (frameskip 4, no sticky actions, its observations and life rule)")
        .choices(['v5', 'NoFrameskip-v4', 'paper'])
        .default('v5'),
    )
    .addOption(new Option('--obs <format>', "what the policy sees: the project's objects or the study's OCAtari observations").choices(OBS_FORMATS))
    .addOption(
      new Option('--frame-size <WxH>', "give the policy the screen resized to WxH as obs.frame (default: none, or the run's with --like)").argParser(
        valueParser('--frame-size', { kind: 'size' }),
      ),
    )
    .addOption(new Option('--frame-color <color>', "obs.frame's colours (default: grayscale, or the run's with --like)").choices(FRAME_COLORS))
    .option('--json', 'make the last line of stdout one JSON object with the results')
    .action((o: PlayCliOptions, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
      let env: EnvOptions;
      let lifeRule: LifeRule;
      let obs: ObsFormat;
      // The picture a run's policies saw as obs.frame (--like only).
      let frame: FrameShape | undefined;
      let policyFile = o.policy;
      let gameId = o.game;
      if (o.like) {
        for (const name of ['preset', 'game', 'rom']) {
          if (given(name)) throw new HorizonError(`--like takes the game and environment from the run; drop --${name}`, 'ERR_BAD_ARGUMENT');
        }
        const s = RunDir.open(o.like).config().settings;
        const play = playOf(s);
        gameId = s.game;
        env = play.env;
        lifeRule = play.lifeRule;
        obs = o.obs ?? play.obs;
        frame = play.frame;
        policyFile ??= join(o.like, 'best.ts');
        if (!given('episodes')) o.episodes = s.evalEpisodes;
        if (!given('maxSteps')) o.maxSteps = s.evalMaxSteps;
        if (!given('seed')) o.seed = s.seed;
      }
      if (o.rom && gameId) throw new HorizonError('give either --rom FILE or --game NAME, not both', 'ERR_BAD_ARGUMENT');
      if (!o.rom && !gameId) throw new HorizonError('a game is needed: --game NAME (with --roms DIR) or --rom FILE', 'ERR_BAD_ARGUMENT');
      if (!policyFile) throw new HorizonError('a policy is needed: --policy FILE (or --like RUN for its best.ts)', 'ERR_BAD_ARGUMENT');
      // Over the run's picture: `--frame-size none` turns it off, a size or a colour replaces its own.
      if (o.frameSize !== undefined) frame = frameShapeOf({ frameSize: o.frameSize, frameColor: frame?.color });
      if (o.frameColor !== undefined) {
        if (!frame) throw new HorizonError('--frame-color needs a picture: give --frame-size WxH', 'ERR_BAD_ARGUMENT');
        frame = { ...frame, color: o.frameColor };
      }
      const rom = o.rom ? loadRom(o.rom) : findRom(gameId!, o.roms);
      if (!o.like) {
        const paper = o.preset === 'paper';
        env = paper ? PAPER_ENV : { preset: o.preset as Exclude<PlayCliOptions['preset'], 'paper'> };
        lifeRule = paper ? paperGame(rom.game.id).lifeRule : 'game';
        obs = o.obs ?? (paper ? paperObs(rom.game.id) : 'objects');
      }
      let text: string;
      try {
        text = readFileSync(policyFile, 'utf8');
      } catch {
        throw new HorizonError(`policy file not found: ${policyFile}`, 'ERR_BAD_POLICY');
      }
      const source = parsePolicy(text, policyFile);
      const tty = process.stderr.isTTY;
      const results = playEpisodes(rom, source, {
        episodes: o.episodes,
        maxSteps: o.maxSteps,
        seed: o.seed,
        env: env!,
        obs: obs!,
        frame,
        lifeRule: lifeRule!,
        onStep: (e, s) => {
          if (tty && s % 250 === 0) process.stderr.write(`\repisode ${e + 1}/${o.episodes} step ${s}   `);
        },
      });
      if (tty) process.stderr.write('\r\x1b[K');
      const episodes = results.map((r) => ({ score: r.score, steps: r.steps, errors: r.errors }));
      const meanScore = episodes.reduce((a, e) => a + e.score, 0) / episodes.length;
      results.forEach((r, i) => {
        process.stdout.write(
          `episode ${i + 1}: score ${r.score}, steps ${r.steps}, policy errors ${r.errors}${r.ending === 'game over' ? '' : ` (${r.ending})`}\n`,
        );
        for (const m of r.errorMessages) process.stdout.write(`  error: ${m}\n`);
      });
      process.stdout.write(`mean score ${meanScore.toFixed(2)} over ${episodes.length} episode(s)\n`);
      if (o.json) process.stdout.write(JSON.stringify({ game: rom.game.id, episodes, meanScore }) + '\n');
    });
}
