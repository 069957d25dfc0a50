import { readFileSync } from 'node:fs';

import { Command, Option } from 'commander';

import { Env } from '../../env/env.ts';
import { HorizonError } from '../../env/errors.ts';
import type { Rom } from '../../env/rom.ts';
import { PAPER_ENV, paperGame, paperObs } from '../../loop/paper.ts';
import { ObjectExtractor } from '../../objects/extractor.ts';
import { objectsToText } from '../../objects/text.ts';
import { OBS_FORMATS, type ObsFormat, type Observed } from '../../objects/observation.ts';
import { EpisodeStepper } from '../../policy/stepper.ts';
import { SplitMix64 } from '../../trace/splitmix64.ts';
import { generateTrace } from '../../trace/trace.ts';
import { nonNegativeInt, positiveInt, romsOption } from '../options.ts';
import { resolveRom } from './trace.ts';

interface ObjectsOptions {
  rom?: string;
  game?: string;
  roms: string;
  frames: number;
  frameskip: number;
  seed: number;
  text?: boolean;
  preset?: 'paper';
  format?: ObsFormat;
  actions?: string;
}

/** An actions file: one action per line, an index into the game's minimal action set or a name. */
function readActions(file: string, names: string[]): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HorizonError(`actions file not found: ${file}`, 'ERR_BAD_ARGUMENT');
  }
  const actions: number[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const index = /^\d+$/.test(line) ? Number(line) : names.indexOf(line);
    if (index < 0 || index >= names.length) {
      throw new HorizonError(`${file}:${i + 1}: "${line}" is not an action index 0-${names.length - 1} or one of ${names.join(', ')}`, 'ERR_BAD_ARGUMENT');
    }
    actions.push(index);
  }
  return actions;
}

/**
 * What a policy sees, step by step, under a run's settings: the observation
 * after a reset, then one per step of the given actions (or of seeded random
 * ones until --frames), a new reset after an episode ends.
 */
function printObservations(rom: Rom, o: ObjectsOptions): void {
  const env = new Env(rom, { ...(o.preset === 'paper' ? PAPER_ENV : { frameskip: o.frameskip, repeatActionProbability: 0 }), drawScreen: false });
  const names = env.actionNames as string[];
  const actions = o.actions ? readActions(o.actions, names) : undefined;
  const rng = new SplitMix64(o.seed);
  const out: string[] = [];
  const print = (seen: Observed) => {
    out.push(o.text ? seen.text : JSON.stringify(seen.obs));
    if (out.length >= 256) flush();
  };
  // A closed pipe (`| head`) ends the run quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  const flush = () => {
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  try {
    const stepper = new EpisodeStepper(
      env,
      o.format ?? (o.preset === 'paper' ? paperObs(rom.game.id) : 'objects'),
      o.preset === 'paper' ? paperGame(rom.game.id).lifeRule : 'game',
    );
    const start = stepper.newGame({ seed: o.seed }).frame;
    print(stepper.observe());
    let frames = 0;
    for (let i = 0; actions ? i < actions.length : frames < o.frames; i++) {
      const r = stepper.advance(actions ? actions[i]! : rng.nextIndex(names.length));
      frames = r.frame - start;
      print(stepper.observe());
      if (r.episodeOver) {
        stepper.nextEpisode(r);
        print(stepper.observe());
      }
    }
    flush();
  } finally {
    env.close();
  }
}

export function objectsCommand(): Command {
  return new Command('objects')
    .description('play seeded random actions (as `trace` does) and print the objects seen after each step, one JSON line per step')
    .option('--rom <file>', 'ROM image (recognised by md5)')
    .option('--game <name>', 'game id, found by md5 in --roms')
    .addOption(romsOption())
    .option('--frames <n>', 'stop once this many frames have been emulated', positiveInt('--frames'), 1000)
    .option('--frameskip <k>', 'emulated frames per agent step', positiveInt('--frameskip'), 4)
    .option('--seed <s>', 'splitmix64 seed of the action sequence', nonNegativeInt('--seed'), 1)
    .option('--text', 'print the compact text form used in prompts instead of JSON')
    .addOption(new Option('--preset <name>', "the study's environment (frameskip 4, no sticky actions) and observations").choices(['paper']))
    .addOption(
      new Option('--format <obs>', "print what a policy receives in this format: the project's objects or the study's OCAtari observations").choices([
        ...OBS_FORMATS,
      ]),
    )
    .option('--actions <file>', 'replay these actions from reset (one per line: an index into the minimal action set, or a name) instead of random ones')
    .action((o: ObjectsOptions) => {
      const rom = resolveRom(o);
      // A policy's view (reset first, one line per step): under a preset, in a format, or of given actions.
      if (o.preset || o.format || o.actions) return printObservations(rom, o);
      if (!rom.game.objects) throw new HorizonError(`${rom.game.id} has no object map in roms-config yet`, 'ERR_BAD_CONFIG');
      const extractor = new ObjectExtractor(rom.game);
      const out: string[] = [];
      const flush = () => {
        if (out.length) process.stdout.write(out.join('\n') + '\n');
        out.length = 0;
      };
      const lines = generateTrace(rom, {
        frames: o.frames,
        frameskip: o.frameskip,
        seed: o.seed,
        observe: (line, ale) => {
          if (line.kind === 'R' || line.step === 0) extractor.reset();
          const frame = extractor.extract(ale.ram());
          if (o.text) out.push(`${line.kind} ${line.step} f${line.frame} r${line.reward}: ${objectsToText(frame)}`);
          else
            out.push(
              JSON.stringify({
                kind: line.kind,
                step: line.step,
                frame: line.frame,
                reward: line.reward,
                lives: line.lives,
                gameOver: line.gameOver,
                ...frame,
              }),
            );
          if (out.length >= 256) flush();
        },
      });
      for (const _ of lines);
      flush();
    });
}
