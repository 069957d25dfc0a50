import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { Command } from 'commander';

import { Env } from '../../../env/env.ts';
import { projectRoot } from '../../../env/files.ts';
import { findRom } from '../../../env/rom.ts';
import { Policy } from '../../../policy/policy.ts';
import { parsePolicy } from '../../../policy/source.ts';
import { EpisodeStepper } from '../../../policy/stepper.ts';
import { romsOption } from '../../options.ts';

/** `bench policy`: median cost of one sandboxed policy call, on real observations from play. */
export function benchPolicyCommand(): Command {
  return new Command('policy')
    .description('median, p90 and p99 cost of one sandboxed policy call, on the observations of 2,000 steps of its own play')
    .option('--game <id>', 'the game whose observations feed the policy', 'pong')
    .option('--policy <file>', "the policy program (default: the game's starter, policies/<game>/act.ts)")
    .addOption(romsOption())
    .action((o: { game: string; policy?: string; roms: string }) => {
      const rom = findRom(o.game, o.roms);
      const file = o.policy ?? join(projectRoot, 'policies', o.game, 'act.ts');
      const env = new Env(rom, { preset: 'v5', seed: 1, drawScreen: false });
      const policy = new Policy(parsePolicy(readFileSync(file, 'utf8'), file), env.actionNames, [...env.actionSet]);
      // What the policy saw while it played, as it sees it in training.
      const stepper = new EpisodeStepper(env, 'objects');
      stepper.newGame();
      const observations: unknown[] = [];
      for (let i = 0; i < 2000; i++) {
        const { seen, result } = stepper.play(policy, false);
        observations.push(seen.obs);
        if (result.episodeOver) {
          stepper.nextEpisode(result);
          policy.newEpisode(stepper.episodes);
        }
      }
      env.close();
      try {
        for (const obs of observations) policy.decide(obs); // warm-up
        const times: number[] = [];
        for (let round = 0; round < 5; round++) {
          for (const obs of observations) {
            const t0 = process.hrtime.bigint();
            policy.decide(obs);
            times.push(Number(process.hrtime.bigint() - t0) / 1000);
          }
        }
        times.sort((a, b) => a - b);
        const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(2);
        console.log(
          `${o.game} ${relative(projectRoot, file)}: sandboxed call median ${q(0.5)} µs, p90 ${q(0.9)} µs, p99 ${q(0.99)} µs (${times.length} calls)`,
        );
      } finally {
        policy.dispose();
      }
    });
}
