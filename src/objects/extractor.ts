import { HorizonError } from '../env/errors.ts';
import type { GameConfig } from '../env/roms-config.ts';
import { compileProgram, type Program } from './expr.ts';
import type { ObjectMapConfig } from '../env/object-map-config.ts';
import type { GameObject, ObjectFrame } from './types.ts';

const SCREEN_W = 160;
const SCREEN_H = 210;

interface CompiledItem {
  id: string;
  category: string;
  clip: [number, number, number, number];
  /** Values of the repeat variables, one array per copy of the item. */
  indices: number[][];
  /** lets, then visible (1 when absent), x, y, w, h, value (0 when absent). */
  program: Program;
  /** Where visible, x, y, w, h, value land in the program's output. */
  at: number;
  hasValue: boolean;
  sharedId: boolean;
  out: Float64Array;
}

function expand(repeat: Record<string, number> | undefined): number[][] {
  let out: number[][] = [[]];
  for (const count of Object.values(repeat ?? {})) {
    out = out.flatMap((base) => Array.from({ length: count }, (_, i) => [...base, i]));
  }
  return out;
}

/**
 * Turns a game's RAM into object states, from the object map in its
 * roms-config file. Tracks ids between calls to report dx/dy.
 */
export class ObjectExtractor {
  readonly config: ObjectMapConfig;
  private readonly items: CompiledItem[];
  private readonly hudNames: string[];
  private readonly hud: Program;
  private readonly hudOut: Float64Array;
  private previous = new Map<string, { x: number; y: number }>();

  constructor(game: GameConfig) {
    const config = game.objects;
    if (!config) throw new HorizonError(`${game.id} has no object map in roms-config`, 'ERR_BAD_CONFIG');
    this.config = config;
    for (const [name, c] of Object.entries(config.categories)) {
      for (const other of c.flickersWith ?? []) {
        if (!config.categories[other]) throw new HorizonError(`${game.id}: category ${name} flickers with unknown category ${other}`, 'ERR_BAD_CONFIG');
      }
    }
    this.items = config.items.map((item) => {
      if (!config.categories[item.category]) {
        throw new HorizonError(`${game.id}: object ${item.id} has unknown category ${item.category}`, 'ERR_BAD_CONFIG');
      }
      const lets = Object.entries(item.let ?? {}).map(([name, src]) => ({ name, src }));
      const fields = [item.visible ?? '1', item.x, item.y, item.w, item.h, item.value ?? '0'].map((e) => ({ src: String(e) }));
      return {
        id: item.id,
        category: item.category,
        clip: config.categories[item.category]!.clip ?? [0, 0, SCREEN_W, SCREEN_H],
        indices: expand(item.repeat),
        program: compileProgram([...lets, ...fields], Object.keys(item.repeat ?? {})),
        at: lets.length,
        hasValue: item.value !== undefined,
        sharedId: item.sharedId === true,
        out: new Float64Array(lets.length + fields.length),
      };
    });
    this.hudNames = Object.keys(config.hud ?? {});
    this.hud = compileProgram(Object.values(config.hud ?? {}).map((src) => ({ src })));
    this.hudOut = new Float64Array(this.hudNames.length);
  }

  /** Forgets previous positions (call at episode start). */
  reset(): void {
    this.previous.clear();
  }

  /** The remembered positions, to save in a checkpoint. */
  snapshot(): [string, { x: number; y: number }][] {
    return [...this.previous];
  }

  restore(snapshot: [string, { x: number; y: number }][]): void {
    this.previous = new Map(snapshot);
  }

  extract(ram: Uint8Array): ObjectFrame {
    const objects: GameObject[] = [];
    const seen = new Map<string, { x: number; y: number }>();
    for (const item of this.items) {
      const { out, at } = item;
      for (const index of item.indices) {
        item.program(ram, index, out);
        if (!out[at]) continue;
        let x = out[at + 1]!;
        let y = out[at + 2]!;
        let w = out[at + 3]!;
        let h = out[at + 4]!;
        // Clip to where the object can be drawn; what falls outside is absent.
        const [cx0, cy0, cx1, cy1] = item.clip;
        if (x < cx0) {
          w -= cx0 - x;
          x = cx0;
        }
        if (y < cy0) {
          h -= cy0 - y;
          y = cy0;
        }
        w = Math.min(w, cx1 - x);
        h = Math.min(h, cy1 - y);
        if (w <= 0 || h <= 0) continue;
        const suffixed = item.indices.length > 1 && (!item.sharedId || seen.has(item.id));
        const id = suffixed ? `${item.id}${index.join('_')}` : item.id;
        const prev = this.previous.get(id);
        const obj: GameObject = { id, category: item.category, x, y, w, h, dx: prev ? x - prev.x : 0, dy: prev ? y - prev.y : 0 };
        if (item.hasValue) obj.value = out[at + 5]!;
        objects.push(obj);
        seen.set(id, { x, y });
      }
    }
    this.previous = seen;
    const hud: Record<string, number> = {};
    this.hud(ram, [], this.hudOut);
    this.hudNames.forEach((name, k) => {
      hud[name] = this.hudOut[k]!;
    });
    return { objects, hud };
  }
}
