import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Command } from 'commander';

import { projectRoot } from '../../../env/files.ts';
import { findRom } from '../../../env/rom.ts';
import { playEpisodes } from '../../../policy/runner.ts';
import { parsePolicy } from '../../../policy/source.ts';
import { positiveInt, romsOption } from '../../options.ts';

const GAMES = ['pong', 'breakout', 'space_invaders', 'freeway', 'enduro', 'seaquest', 'qbert', 'asterix', 'ms_pacman', 'boxing'];
const START = '<!-- starter-scores -->';
const END = '<!-- /starter-scores -->';

/** `bench starters`: each game's starter policies and a random policy, same seeds; the table goes into docs/policies.md. */
export function benchStartersCommand(): Command {
  return new Command('starters')
    .description("play each game's starter policies (act.ts, modular.ts) and a random policy with the same seeds; write the table into docs/policies.md")
    .option('--episodes <n>', 'episodes per policy', positiveInt('--episodes'), 3)
    .option('--max-steps <n>', 'steps per episode at most', positiveInt('--max-steps'), 5000)
    .addOption(romsOption())
    .action((o: { episodes: number; maxSteps: number; roms: string }) => {
      const mean = (path: string, game: string) => {
        const policy = parsePolicy(readFileSync(join(projectRoot, 'policies', path), 'utf8'), path);
        const r = playEpisodes(findRom(game, o.roms), policy, { episodes: o.episodes, maxSteps: o.maxSteps, seed: 7 });
        return r.reduce((a, e) => a + e.score, 0) / r.length;
      };
      const rows = ['| game | random | act.ts | modular.ts |', '|---|---|---|---|'];
      for (const game of GAMES) {
        const [random, single, modular] = [mean('random.ts', game), mean(`${game}/act.ts`, game), mean(`${game}/modular.ts`, game)];
        rows.push(`| ${game} | ${random.toFixed(1)} | ${single.toFixed(1)} | ${modular.toFixed(1)} |`);
        console.log(rows.at(-1));
      }
      const doc = join(projectRoot, 'docs', 'policies.md');
      const text = readFileSync(doc, 'utf8');
      const table = `${START}\nMean score over ${o.episodes} episodes (v5 settings: frameskip 4, sticky actions 0.25; seed 7; at most ${o.maxSteps} steps each), measured with \`npm run bench:starters\`:\n\n${rows.join('\n')}\n${END}`;
      writeFileSync(doc, text.replace(new RegExp(`${START}[\\s\\S]*${END}`), table));
    });
}
