// npm run bench:objects [-- --roms DIR] : cost of turning RAM into objects.
// Records RAM snapshots from random play first, then times extraction alone.
import { parseArgs } from 'node:util';

import { Env } from '../src/env/env.ts';
import { findRom } from '../src/env/rom.ts';
import { loadGameConfigs } from '../src/env/roms-config.ts';
import { ObjectExtractor } from '../src/objects/extractor.ts';

const { values } = parseArgs({ options: { roms: { type: 'string' }, steps: { type: 'string', default: '2000' } } });
const romsDir = values.roms ?? process.env.HORIZON_ARCADE_ROMS ?? '../shared/roms';
const steps = Number(values.steps);

console.log('game            objects/step   ns/object   ns/step');
for (const game of [...loadGameConfigs().values()].filter((g) => g.objects)) {
  const rom = findRom(game.id, romsDir);
  const env = new Env(rom, { frameskip: 4, repeatActionProbability: 0, seed: 1 });
  env.reset();
  const rams: Uint8Array[] = [];
  for (let i = 0; i < steps; i++) {
    const r = env.step(i % env.actionSet.length);
    if (r.terminated) env.reset();
    rams.push(env.ram().slice());
  }
  const ex = new ObjectExtractor(rom.game);
  let objects = 0;
  for (const ram of rams) objects += ex.extract(ram).objects.length; // warm-up
  const rounds = 20;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < rounds; k++) for (const ram of rams) ex.extract(ram);
  const ns = Number(process.hrtime.bigint() - t0) / (rounds * rams.length);
  const perStep = objects / rams.length;
  console.log(`${game.id.padEnd(16)}${perStep.toFixed(1).padStart(12)}${(ns / Math.max(perStep, 1)).toFixed(0).padStart(12)}${ns.toFixed(0).padStart(10)}`);
}
