import { Command, Option } from 'commander';

import { findRom, loadRom } from '../../env/rom.ts';
import { HorizonError } from '../../env/errors.ts';
import { playEpisodes } from '../../policy/runner.ts';
import { parsePolicy } from '../../policy/source.ts';
import { readFileSync } from 'node:fs';
import { defaultRomsDir, nonNegativeInt, positiveInt } from '../options.ts';

interface PlayCliOptions {
  game?: string;
  rom?: string;
  roms: string;
  policy: string;
  episodes: number;
  maxSteps: number;
  seed: number;
  preset: 'v5' | 'NoFrameskip-v4';
  json?: boolean;
}

export function playCommand(): Command {
  return new Command('play')
    .description('play a policy program and report per-episode score, steps and policy errors')
    .option('--game <name>', 'game id, found by md5 in --roms')
    .option('--rom <file>', 'ROM image instead of --game')
    .option('--roms <dir>', 'folder with your ROMs ($HORIZON_ARCADE_ROMS)', defaultRomsDir())
    .requiredOption('--policy <file>', 'the policy module (TypeScript exporting act(obs, memory))')
    .option('--episodes <n>', 'episodes to play', positiveInt('--episodes'), 1)
    .option('--max-steps <m>', 'step limit per episode', positiveInt('--max-steps'), 27_000)
    .option('--seed <s>', 'seed of the environment', nonNegativeInt('--seed'), 0)
    .addOption(new Option('--preset <name>', 'environment settings').choices(['v5', 'NoFrameskip-v4']).default('v5'))
    .option('--json', 'make the last line of stdout one JSON object with the results')
    .action((o: PlayCliOptions) => {
      if (o.rom && o.game) throw new HorizonError('give either --rom FILE or --game NAME, not both', 'ERR_BAD_ARGUMENT');
      if (!o.rom && !o.game) throw new HorizonError('a game is needed: --game NAME (with --roms DIR) or --rom FILE', 'ERR_BAD_ARGUMENT');
      const rom = o.rom ? loadRom(o.rom) : findRom(o.game!, o.roms);
      if (!rom.game.objects) throw new HorizonError(`${rom.game.id} has no object map, so policies cannot see it yet`, 'ERR_BAD_CONFIG');
      let text: string;
      try {
        text = readFileSync(o.policy, 'utf8');
      } catch {
        throw new HorizonError(`policy file not found: ${o.policy}`, 'ERR_BAD_POLICY');
      }
      const source = parsePolicy(text, o.policy);
      const tty = process.stderr.isTTY;
      const results = playEpisodes(rom, source, {
        episodes: o.episodes,
        maxSteps: o.maxSteps,
        seed: o.seed,
        env: { preset: o.preset },
        onStep: (e, s) => {
          if (tty && s % 250 === 0) process.stderr.write(`\repisode ${e + 1}/${o.episodes} step ${s}   `);
        },
      });
      if (tty) process.stderr.write('\r\x1b[K');
      const episodes = results.map((r) => ({ score: r.score, steps: r.steps, errors: r.errors }));
      const meanScore = episodes.reduce((a, e) => a + e.score, 0) / episodes.length;
      results.forEach((r, i) => {
        process.stdout.write(`episode ${i + 1}: score ${r.score}, steps ${r.steps}, policy errors ${r.errors}${r.terminated ? '' : ' (step limit)'}\n`);
        for (const m of r.errorMessages) process.stdout.write(`  error: ${m}\n`);
      });
      process.stdout.write(`mean score ${meanScore.toFixed(2)} over ${episodes.length} episode(s)\n`);
      if (o.json) process.stdout.write(JSON.stringify({ game: rom.game.id, episodes, meanScore }) + '\n');
    });
}
