import { Command, Option } from 'commander';

import { HorizonError } from '../../env/errors.ts';
import { findRom, loadRom, type Rom } from '../../env/rom.ts';
import { generateTrace } from '../../trace/trace.ts';
import { nonNegativeInt, positiveInt, probability, romsOption } from '../options.ts';

export interface TraceCliOptions {
  rom?: string;
  game?: string;
  roms: string;
  frames: number;
  frameskip: number;
  seed: number;
  repeatActionProbability: number;
  envSeed: number;
  mode?: number;
  difficulty?: number;
  summary?: boolean;
}

export function resolveRom(o: { rom?: string; game?: string; roms: string }): Rom {
  if (o.rom && o.game) throw new HorizonError('give either --rom FILE or --game NAME, not both', 'ERR_BAD_ARGUMENT');
  if (o.rom) return loadRom(o.rom);
  if (o.game) return findRom(o.game, o.roms);
  throw new HorizonError('a ROM is needed: --rom FILE, or --game NAME with --roms DIR', 'ERR_BAD_ARGUMENT');
}

/** Writes to stdout; a closed pipe (e.g. `| head`) ends the run quietly. */
async function writeLines(lines: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
  });
  const flush = async () => {
    if (batch.length === 0 || closed) return;
    const ok = process.stdout.write(batch.join('\n') + '\n');
    batch = [];
    if (!ok) await new Promise((r) => process.stdout.once('drain', r));
  };
  for (const line of lines) {
    if (closed) return;
    batch.push(line);
    if (batch.length >= 256) await flush();
  }
  await flush();
}

export function traceCommand(): Command {
  return new Command('trace')
    .description('play seeded random actions and print a trace in the format of ALE reference traces')
    .option('--rom <file>', 'ROM image (recognised by md5)')
    .option('--game <name>', 'game id (pong, ALE/Pong-v5, ...), found by md5 in --roms')
    .addOption(romsOption())
    .option('--frames <n>', 'stop once this many frames have been emulated', positiveInt('--frames'), 5000)
    .option('--frameskip <k>', 'emulated frames per agent step', positiveInt('--frameskip'), 1)
    .option('--seed <s>', 'splitmix64 seed of the action sequence', nonNegativeInt('--seed'), 1)
    .option('--repeat-action-probability <p>', 'repeat_action_probability (sticky actions, per frame)', probability('--repeat-action-probability'), 0)
    .option('--env-seed <s>', "seed of ALE's sticky-action RNG (random_seed)", nonNegativeInt('--env-seed'), 0)
    .addOption(
      new Option('--mode <m>', "game mode (default: the game's default); set after loading, then the game is reset, as in ALE").argParser(
        nonNegativeInt('--mode'),
      ),
    )
    .option('--difficulty <d>', 'difficulty switches 0-3 (default 0); set like --mode', nonNegativeInt('--difficulty'))
    .option('--summary', 'print a short summary (episodes, rewards, speed) instead of the trace')
    .action(async (o: TraceCliOptions) => {
      const rom = resolveRom(o);
      const episodes: number[] = [0];
      let frames = 0;
      const lines = generateTrace(rom, {
        frames: o.frames,
        frameskip: o.frameskip,
        seed: o.seed,
        ale: { repeatActionProbability: o.repeatActionProbability, seed: o.envSeed, mode: o.mode, difficulty: o.difficulty },
        observe: (line) => {
          frames = line.frame;
          if (line.kind === 'R') episodes.push(0);
          else episodes[episodes.length - 1]! += line.reward;
        },
      });
      if (!o.summary) return writeLines(lines);
      const start = performance.now();
      for (const _ of lines);
      const seconds = (performance.now() - start) / 1000;
      const finished = episodes.length - 1;
      process.stdout.write(
        `${rom.game.name} (${rom.path}): ${frames} frames of random play, seed ${o.seed}, frameskip ${o.frameskip}\n` +
          `  episodes finished: ${finished}; reward per episode: ${episodes.join(', ')}` +
          `${finished < episodes.length ? ' (last one still running)' : ''}\n` +
          `  ${Math.round(frames / seconds)} frames/s including RAM and screen hashing\n`,
      );
    });
}
