// npm run bench:starters [-- --episodes 3 --max-steps 5000]: plays each
// game's starter policies and a random policy with the same seeds and writes
// the table to docs/policies.md (between the markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { projectRoot } from '../src/env/files.ts';
import { findRom } from '../src/env/rom.ts';
import { playEpisodes } from '../src/policy/runner.ts';
import { parsePolicy } from '../src/policy/source.ts';

const { values } = parseArgs({ options: { roms: { type: 'string' }, episodes: { type: 'string', default: '3' }, 'max-steps': { type: 'string', default: '5000' } } });
const roms = values.roms ?? process.env.HORIZON_ARCADE_ROMS ?? '../shared/roms';
const episodes = Number(values.episodes);
const maxSteps = Number(values['max-steps']);
const GAMES = ['pong', 'breakout', 'space_invaders', 'freeway', 'enduro', 'seaquest', 'qbert', 'asterix', 'ms_pacman', 'boxing'];

const mean = (path: string, game: string) => {
  const policy = parsePolicy(readFileSync(join(projectRoot, 'policies', path), 'utf8'), path);
  const r = playEpisodes(findRom(game, roms), policy, { episodes, maxSteps, seed: 7 });
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
const start = '<!-- starter-scores -->';
const end = '<!-- /starter-scores -->';
const table = `${start}\nMean score over ${episodes} episodes (v5 settings: frameskip 4, sticky actions 0.25; seed 7; at most ${maxSteps} steps each), measured with \`npm run bench:starters\`:\n\n${rows.join('\n')}\n${end}`;
writeFileSync(doc, text.replace(new RegExp(`${start}[\\s\\S]*${end}`), table));
