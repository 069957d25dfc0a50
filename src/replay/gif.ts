import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

import type * as Gifenc from 'gifenc';
import sharp from 'sharp';

import { PALETTE } from './overlay.ts';

// gifenc is CommonJS with an ESM build for bundlers only: required, so Node and the test runner load the same file.
const { GIFEncoder } = createRequire(import.meta.url)('gifenc') as typeof Gifenc;

const TEXT_COLOUR = '#ffffff';
const CHARSET = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

/** The console's palette indices are even (Stella ignores bit 0): odd slots are free for what we draw. */
const slotOf = (n: number) => 2 * n + 1;
const TEXT_SLOT = slotOf(PALETTE.length);

const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** A monospace font as coverage masks per character, rendered once (by librsvg, through sharp). */
export interface Glyphs {
  width: number;
  height: number;
  masks: Map<string, Uint8Array>;
}

export async function renderGlyphs(height: number): Promise<Glyphs> {
  const width = Math.ceil(height * 0.6);
  const masks = new Map<string, Uint8Array>();
  for (const c of CHARSET) {
    const text = c.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="0" y="${Math.round(height * 0.8)}" font-family="monospace" font-size="${height}" fill="#fff">${text}</text></svg>`;
    const { data } = await sharp(Buffer.from(svg)).extractChannel('alpha').raw().toBuffer({ resolveWithObject: true });
    masks.set(c, new Uint8Array(data.buffer, data.byteOffset, data.length));
  }
  return { width, height, masks };
}

/** An object box to draw: screen coordinates, the category's colour index and a label. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  colour: number;
  label: string;
}

/**
 * An animated GIF written to its file frame by frame, so memory stays the
 * same at any length and scale. Atari screens are palette images already:
 * each frame is the screen's own palette indices scaled up (no quantizing),
 * with the boxes, labels and a caption line below the picture drawn in
 * palette slots the console never uses.
 */
export class GifStream {
  private readonly fd: number;
  private readonly encoder = GIFEncoder({ auto: false });
  private readonly palette: number[][] = Array.from({ length: 256 }, () => [0, 0, 0]);
  private readonly pixels: Uint8Array;
  private readonly screen: Uint8Array;
  private boxes: Box[] = [];
  /** Palette indices whose colour is known (the rest stay black until met). */
  private readonly known = new Uint8Array(256);
  readonly width: number;
  readonly height: number;
  private readonly captionHeight: number;
  frames = 0;

  constructor(
    file: string,
    private readonly scale: number,
    private readonly screenHeight: number,
    private readonly delayMs: number,
    private readonly glyphs: Glyphs,
  ) {
    this.captionHeight = glyphs.height + 2;
    this.width = 160 * scale;
    this.height = screenHeight * scale + this.captionHeight;
    this.pixels = new Uint8Array(this.width * this.height);
    this.screen = new Uint8Array(160 * screenHeight);
    PALETTE.forEach((hex, i) => {
      this.palette[slotOf(i)] = rgbOf(hex);
      this.known[slotOf(i)] = 1;
    });
    this.palette[TEXT_SLOT] = rgbOf(TEXT_COLOUR);
    this.known[TEXT_SLOT] = 1;
    this.fd = openSync(file, 'w');
    this.encoder.writeHeader();
    this.flush();
  }

  /**
   * Takes the picture of the next frame: the screen's palette indices
   * (copied) and, for indices not met before, their colours from `rgb()`
   * (the console's palette does not change, so it is read only then).
   */
  setScreen(screen: Uint8Array, rgb: () => Uint8Array, boxes: Box[]): void {
    this.screen.set(screen);
    this.boxes = boxes;
    let colours: Uint8Array | undefined;
    for (let i = 0; i < screen.length; i++) {
      const index = screen[i]!;
      if (this.known[index]) continue;
      colours ??= rgb();
      this.palette[index] = [colours[3 * i]!, colours[3 * i + 1]!, colours[3 * i + 2]!];
      this.known[index] = 1;
    }
  }

  /** Writes the picture taken last, with a caption line below it. */
  addFrame(caption: string): void {
    const { scale, width, pixels, screen } = this;
    // The screen, each pixel a scale x scale block.
    for (let y = 0; y < this.screenHeight; y++) {
      const row = pixels.subarray(y * scale * width, (y * scale + 1) * width);
      for (let x = 0; x < 160; x++) row.fill(screen[y * 160 + x]!, x * scale, (x + 1) * scale);
      for (let k = 1; k < scale; k++) pixels.copyWithin((y * scale + k) * width, y * scale * width, (y * scale + 1) * width);
    }
    pixels.fill(0, this.screenHeight * scale * width);
    for (const b of this.boxes) this.drawBox(b);
    this.drawText(caption, 1, this.screenHeight * scale + 1, TEXT_SLOT);
    this.encoder.writeFrame(pixels, width, this.height, { palette: this.palette, delay: this.delayMs, first: this.frames === 0, repeat: 0 });
    this.frames++;
    this.flush();
  }

  close(): void {
    this.encoder.finish();
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    const bytes = this.encoder.bytesView();
    writeSync(this.fd, bytes);
    this.encoder.reset();
  }

  private set(x: number, y: number, slot: number): void {
    if (x >= 0 && x < this.width && y >= 0 && y < this.screenHeight * this.scale) this.pixels[y * this.width + x] = slot;
  }

  private drawBox(b: Box): void {
    const s = this.scale;
    const slot = slotOf(b.colour % PALETTE.length);
    const [x0, y0, x1, y1] = [b.x * s - 1, b.y * s - 1, (b.x + b.w) * s, (b.y + b.h) * s];
    for (let x = x0; x <= x1; x++) {
      this.set(x, y0, slot);
      this.set(x, y1, slot);
    }
    for (let y = y0; y <= y1; y++) {
      this.set(x0, y, slot);
      this.set(x1, y, slot);
    }
    // The label above the box, or inside it at the top of the screen.
    const ly = y0 - this.glyphs.height >= 0 ? y0 - this.glyphs.height : y0 + 1;
    this.drawText(b.label, Math.max(0, x0), ly, slot);
  }

  private drawText(text: string, x: number, y: number, slot: number): void {
    const { width: gw, height: gh, masks } = this.glyphs;
    for (const [n, c] of [...text].entries()) {
      const mask = masks.get(c) ?? masks.get('?')!;
      const left = x + n * gw;
      if (left + gw > this.width) break;
      for (let gy = 0; gy < gh; gy++) {
        for (let gx = 0; gx < gw; gx++) {
          const py = y + gy;
          if (mask[gy * gw + gx]! >= 128 && py >= 0 && py < this.height) this.pixels[py * this.width + left + gx] = slot;
        }
      }
    }
  }
}
