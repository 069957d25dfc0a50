import type { FrameShape } from '../env/env.ts';
import type { GameConfig } from '../env/roms-config.ts';

/**
 * The declaration file documenting a game's observation for policies. The
 * same text goes into optimizer prompts, so it is short and commented.
 */
export function obsDeclaration(game: GameConfig, frame?: FrameShape): string {
  const objects = game.objects;
  const cats = Object.entries(objects?.categories ?? {});
  const ids = (objects?.items ?? []).map((i) =>
    i.repeat && !i.sharedId
      ? `${i.id}${Object.entries(i.repeat)
          .map(([k, n]) => `<${k} 0..${n - 1}>`)
          .join('_')}`
      : i.id,
  );
  const hud = Object.keys(objects?.hud ?? {});
  const lines = [
    `// Observation of ${game.name} (${game.id}) for act(obs, memory). Generated from roms-config/${game.id}.json.`,
    `// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.`,
    '',
    `export type Action = ${game.actions.minimal.map((a) => `'${a}'`).join(' | ')};`,
    '',
    `export type Category = ${cats.map(([c]) => `'${c}'`).join(' | ') || 'never'};`,
    ...cats.map(([c, v]) => `//   ${c}: ${v.description ?? (v.note ?? '').split('. Tolerance')[0]}`),
    '',
    'export interface GameObject {',
    `  /** Stable per slot: ${ids.join(', ')} */`,
    '  id: string;',
    '  category: Category;',
    '  x: number;',
    '  y: number;',
    '  w: number;',
    '  h: number;',
    '  /** Movement since the previous step (0 when it just appeared). */',
    '  dx: number;',
    '  dy: number;',
    ...((objects?.items ?? []).some((i) => i.value) ? ['  /** Extra number some objects carry (e.g. a colour). */', '  value?: number;'] : []),
    '}',
    '',
    'export interface Obs {',
    '  /** Agent steps since the episode began. */',
    '  step: number;',
    '  /** Emulated frames since the episode began. */',
    `  ${frame ? 'episodeFrame' : 'frame'}: number;`,
    '  lives: number;',
    '  /** Objects on screen now; absent ones are not listed. */',
    '  objects: GameObject[];',
    `  hud: { ${hud.map((k) => `${k}: number`).join('; ')}${hud.length ? ' ' : ''}};`,
    '  /** The action taken on the previous step. */',
    '  prevAction: Action;',
    '  actions: Action[];',
    ...(frame
      ? [
          `  /** The screen now, resized to ${frame.width}x${frame.height} (${frame.color === 'rgb' ? 'RGB' : 'grey'}); made only when read. */`,
          '  frame: Frame;',
        ]
      : []),
    '}',
    ...(frame
      ? [
          '',
          'export interface Frame {',
          `  width: ${frame.width};`,
          `  height: ${frame.height};`,
          `  /** Values per pixel: ${frame.color === 'rgb' ? '3 (red, green, blue)' : "1 (ALE's luma)"}. */`,
          `  channels: ${frame.color === 'rgb' ? 3 : 1};`,
          `  /** Row by row from the top, pixel by pixel from the left: pixels[(y * width + x) * channels + c]. */`,
          '  pixels: Uint8Array;',
          '}',
        ]
      : []),
    '',
    '/** Kept between steps of an episode (emptied at each new episode); store plain data only. */',
    'export type Memory = Record<string, unknown>;',
    '',
  ];
  return lines.join('\n');
}
