import { Command } from 'commander';

import { Env } from '../../../env/env.ts';
import { findRom } from '../../../env/rom.ts';
import { loadGameConfigs } from '../../../env/roms-config.ts';
import { ObjectExtractor } from '../../../objects/extractor.ts';
import { positiveInt, romsOption } from '../../options.ts';

/** `bench objects`: cost of turning RAM into objects. RAM is recorded from play first, then extraction alone is timed. */
export function benchObjectsCommand(): Command {
  return new Command('objects')
    .description('nanoseconds per extracted object and per step for every game with an object map, on RAM recorded from play')
    .option('--steps <n>', 'steps of play recorded per game', positiveInt('--steps'), 2000)
    .addOption(romsOption())
    .action((o: { steps: number; roms: string }) => {
      console.log('game            objects/step   ns/object   ns/step');
      for (const game of [...loadGameConfigs().values()].filter((g) => g.objects)) {
        const rom = findRom(game.id, o.roms);
        const env = new Env(rom, { frameskip: 4, repeatActionProbability: 0, seed: 1 });
        env.reset();
        const rams: Uint8Array[] = [];
        for (let i = 0; i < o.steps; i++) {
          const r = env.step(i % env.actionSet.length);
          if (r.terminated) env.reset();
          rams.push(env.ram().slice());
        }
        env.close();
        const ex = new ObjectExtractor(rom.game);
        let objects = 0;
        for (const ram of rams) objects += ex.extract(ram).objects.length; // warm-up
        const rounds = 20;
        const t0 = process.hrtime.bigint();
        for (let k = 0; k < rounds; k++) for (const ram of rams) ex.extract(ram);
        const ns = Number(process.hrtime.bigint() - t0) / (rounds * rams.length);
        const perStep = objects / rams.length;
        console.log(
          `${game.id.padEnd(16)}${perStep.toFixed(1).padStart(12)}${(ns / Math.max(perStep, 1)).toFixed(0).padStart(12)}${ns.toFixed(0).padStart(10)}`,
        );
      }
    });
}
