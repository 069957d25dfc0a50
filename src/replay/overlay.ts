import type { GameObject } from '../objects/types.ts';

/** Box colours, one per object category in the order of the game's object map. */
export const PALETTE = ['#ff00ff', '#00ffff', '#ffff00', '#ff8000', '#00ff00', '#ff0000', '#8080ff'];

/** An SVG (for sharp's composite) with a labelled box around each object, at `scale` times the screen size. */
export function overlaySvg(objects: GameObject[], categories: string[], scale: number, height: number): Buffer {
  const rects = objects
    .map((o) => {
      const c = PALETTE[Math.max(0, categories.indexOf(o.category)) % PALETTE.length];
      // The object's id above its box (inside it at the top of the screen).
      const labelY = o.y * scale - 2 >= 8 * scale ? o.y * scale - 2 : o.y * scale + 8 * scale;
      return (
        `<rect x="${o.x * scale - 0.5}" y="${o.y * scale - 0.5}" width="${o.w * scale + 1}" height="${o.h * scale + 1}" fill="none" stroke="${c}" stroke-width="1"/>` +
        `<text x="${o.x * scale}" y="${labelY}" font-family="monospace" font-size="${8 * scale}" fill="${c}">${o.id}</text>`
      );
    })
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${160 * scale}" height="${height * scale}">${rects}</svg>`);
}
