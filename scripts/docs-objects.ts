// npm run docs:objects [-- --roms DIR]: writes docs/objects.md and one picture
// per game (docs/images/objects-<game>.png) with the extracted boxes drawn.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import sharp from 'sharp';

import { Env } from '../src/env/env.ts';
import { projectRoot } from '../src/env/files.ts';
import { findRom } from '../src/env/rom.ts';
import { loadGameConfigs } from '../src/env/roms-config.ts';
import { ObjectExtractor } from '../src/objects/extractor.ts';
import { objectsToText } from '../src/objects/text.ts';
import { overlaySvg, PALETTE } from '../src/replay/overlay.ts';

const { values } = parseArgs({ options: { roms: { type: 'string' } } });
const romsDir = values.roms ?? process.env.HORIZON_ARCADE_ROMS ?? '../shared/roms';
const SCALE = 2;
// A step of seeded random play where each game shows most of its objects.
const STEP: Record<string, number> = { enduro: 286, seaquest: 250, space_invaders: 150, asterix: 120, qbert: 120, ms_pacman: 200 };

const md: string[] = [
  '# Objects',
  '',
  'The policy never sees pixels: each step, `ObjectExtractor` (src/objects) turns the RAM into objects',
  '`{ id, category, x, y, w, h, dx, dy }` in screen coordinates (x 0–159, y 0–209, top-left corner of the box),',
  "plus HUD values. The map is data in each game's `roms-config/<game>.json` (`objects`), written in the",
  'expression language of [roms-config.md](roms-config.md); expressions are compiled once to JavaScript.',
  '',
  "- `id` is stable for a slot of the map (`enemy3` is always lane 3's enemy), so a policy can track it;",
  '  `dx`, `dy` are the movement since the previous step (0 when the object just appeared).',
  "  An object the game draws in one of several slots keeps one id (`coily` in whichever of Q*bert's row bands).",
  '- Objects that are not shown are absent, never at 0,0; boxes are clipped to where the game can draw them.',
  "- `value` is an extra number some objects carry (a Q*bert cube's colour).",
  '- `objectsToText()` is the compact form used in prompts: `Player@140,86 v+0,-4 Ball@80,100 v+2,-4 | score=3`;',
  '  categories with more than 12 objects are summarised per row (`Brick×97 [y57:18 ...]`).',
  '',
  '## How the maps are checked',
  '',
  'A test (`test/objects/pixels.test.ts`) plays seeded random actions at frameskip 3 (so flickering objects',
  'are seen in every phase) and compares every category with the rendered screen on every step: inside the',
  "category's region, every pixel of its colours drawn by its TIA objects must lie in one of its boxes (grown",
  'by the tolerance), and every box must contain such a pixel. The emulator records which TIA objects (players,',
  'missiles, ball, playfield) draw each pixel (`trackPixelSources`), which tells apart objects of one colour',
  "(Enduro's car and the road edges, Seaquest's divers and sharks). Each category states its tolerance and why,",
  'and where it cannot agree on every frame, the share of frames it must agree on (`minAgreement`) and the reason.',
  'What random play never reaches is checked in a second run that sets RAM bytes at every episode start',
  "(`Env.setRam`, ALE's setRAM): Seaquest's surface patrol (a later wave), Ms. Pac-Man's fruit (50 pellets eaten).",
  '`npx horizon-arcade objects --game G --frames N --frameskip K --seed S [--text]` prints the objects of each step.',
  '',
  'Extraction costs 130–270 ns per object (`npm run bench:objects`, 2 cores, 2026-11-26): each item of a map is',
  'compiled to one JavaScript function whose `let` variables are locals, so a step allocates only its results.',
  '',
  '| game | objects/step | ns/object | game | objects/step | ns/object |',
  '|---|---|---|---|---|---|',
  '| asterix | 7.6 | 200 | ms_pacman | 238.4 | 168 |',
  '| boxing | 2.0 | 262 | pong | 2.6 | 250 |',
  '| breakout | 109.7 | 169 | qbert | 23.8 | 143 |',
  '| demo | 2.0 | 236 | seaquest | 2.9 | 263 |',
  '| enduro | 2.5 | 249 | space_invaders | 36.6 | 168 |',
  '| freeway | 10.9 | 131 | | | |',
  '',
];

for (const game of [...loadGameConfigs().values()].filter((g) => g.objects)) {
  const rom = findRom(game.id, romsDir);
  const env = new Env(rom, { frameskip: 4, repeatActionProbability: 0, seed: 3 });
  env.reset();
  const ex = new ObjectExtractor(rom.game);
  let s = 12345;
  for (let i = 0; i < (STEP[game.id] ?? 100); i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    if (env.step((s >>> 16) % env.actionSet.length).terminated) env.reset();
    ex.extract(env.ram());
  }
  const frame = ex.extract(env.ram());
  const categories = Object.keys(game.objects!.categories);
  const h = env.screenHeight;
  const svg = overlaySvg(frame.objects, categories, SCALE, h);
  const image = `images/objects-${game.id}.png`;
  await sharp(Buffer.from(env.rgb()), { raw: { width: 160, height: h, channels: 3 } })
    .resize(160 * SCALE, h * SCALE, { kernel: 'nearest' })
    .composite([{ input: svg }])
    .png({ compressionLevel: 9, palette: true })
    .toFile(join(projectRoot, 'docs', image));

  md.push(`## ${game.name} (\`${game.id}\`)`, '');
  md.push(`![${game.name} with its objects boxed](${image})`, '');
  md.push('| category | box colour | tolerance | must agree on | notes |', '|---|---|---|---|---|');
  for (const [name, c] of Object.entries(game.objects!.categories)) {
    const colour = PALETTE[categories.indexOf(name) % PALETTE.length];
    md.push(`| ${name} | ${colour} | ${c.tolerance} px | ${Math.round((c.minAgreement ?? 1) * 100)}% of frames | ${(c.note ?? '').replace(/\|/g, '\\|')} |`);
  }
  const ids = [
    ...new Set(
      game.objects!.items.map((i) =>
        i.repeat && !i.sharedId
          ? `${i.id}${Object.keys(i.repeat)
              .map((k) => `<${k}>`)
              .join('_')}`
          : i.id,
      ),
    ),
  ];
  md.push(
    '',
    `Ids: ${ids.map((i) => `\`${i}\``).join(', ')}. HUD: ${
      Object.keys(game.objects!.hud ?? {})
        .map((k) => `\`${k}\``)
        .join(', ') || 'none'
    }.`,
  );
  md.push('', 'The pictured step as prompt text:', '', '    ' + objectsToText(frame), '');
}
writeFileSync(join(projectRoot, 'docs', 'objects.md'), md.join('\n'));
console.log('wrote docs/objects.md and docs/images/objects-*.png');
