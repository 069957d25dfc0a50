import { Command } from 'commander';

import { HorizonError } from '../../env/errors.ts';
import { ObjectExtractor } from '../../objects/extractor.ts';
import { objectsToText } from '../../objects/text.ts';
import { generateTrace } from '../../trace/trace.ts';
import { defaultRomsDir, nonNegativeInt, positiveInt } from '../options.ts';
import { resolveRom } from './trace.ts';

interface ObjectsOptions {
  rom?: string;
  game?: string;
  roms: string;
  frames: number;
  frameskip: number;
  seed: number;
  text?: boolean;
}

export function objectsCommand(): Command {
  return new Command('objects')
    .description('play seeded random actions (as `trace` does) and print the objects seen after each step, one JSON line per step')
    .option('--rom <file>', 'ROM image (recognised by md5)')
    .option('--game <name>', 'game id, found by md5 in --roms')
    .option('--roms <dir>', 'folder with your ROMs ($HORIZON_ARCADE_ROMS)', defaultRomsDir())
    .option('--frames <n>', 'stop once this many frames have been emulated', positiveInt('--frames'), 1000)
    .option('--frameskip <k>', 'emulated frames per agent step', positiveInt('--frameskip'), 4)
    .option('--seed <s>', 'splitmix64 seed of the action sequence', nonNegativeInt('--seed'), 1)
    .option('--text', 'print the compact text form used in prompts instead of JSON')
    .action((o: ObjectsOptions) => {
      const rom = resolveRom(o);
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
          else out.push(JSON.stringify({ kind: line.kind, step: line.step, frame: line.frame, reward: line.reward, lives: line.lives, gameOver: line.gameOver, ...frame }));
          if (out.length >= 256) flush();
        },
      });
      for (const _ of lines);
      flush();
    });
}
