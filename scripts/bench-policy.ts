// npm run bench:policy: median cost of one sandboxed policy call, on the
// starter Pong policy with real observations from play.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Env } from '../src/env/env.ts';
import { projectRoot } from '../src/env/files.ts';
import { findRom } from '../src/env/rom.ts';
import { ObjectExtractor } from '../src/objects/extractor.ts';
import { makeObservation } from '../src/policy/observation.ts';
import { Policy } from '../src/policy/policy.ts';
import { parsePolicy } from '../src/policy/source.ts';

const { values } = parseArgs({ options: { roms: { type: 'string' }, game: { type: 'string', default: 'pong' }, policy: { type: 'string' } } });
const game = values.game!;
const rom = findRom(game, values.roms ?? process.env.HORIZON_ARCADE_ROMS ?? '../shared/roms');
const file = values.policy ?? join(projectRoot, 'policies', game, 'act.ts');
const env = new Env(rom, { preset: 'v5', seed: 1 });
env.reset();
const ex = new ObjectExtractor(rom.game);
const names = env.actionNames as string[];
const observations = [];
for (let i = 0; i < 2000; i++) {
  observations.push(makeObservation(ex.extract(env.ram()), { step: i, episodeFrame: i * 4, lives: 0 }, 'NOOP', names));
  if (env.step(i % names.length).terminated) env.reset();
}
const policy = new Policy(parsePolicy(readFileSync(file, 'utf8'), file), names, [...env.actionSet]);
for (const o of observations) policy.decide(o); // warm-up
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const o of observations) {
    const t0 = process.hrtime.bigint();
    policy.decide(o);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(2);
console.log(`${game} ${file.replace(projectRoot + '/', '')}: sandboxed call median ${q(0.5)} µs, p90 ${q(0.9)} µs, p99 ${q(0.99)} µs (${times.length} calls)`);
policy.dispose();
