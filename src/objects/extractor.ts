import { HorizonError } from '../env/errors.ts';
import type { GameConfig } from '../env/roms-config.ts';
import { compileExpression, type Compiled } from './expr.ts';
import type { GameObject, ObjectFrame, ObjectMapConfig } from './types.ts';

const SCREEN_W = 160;
const SCREEN_H = 210;

interface CompiledItem {
  id: string;
  category: string;
  clip: [number, number, number, number];
  indices: Record<string, number>[];
  x: Compiled;
  y: Compiled;
  w: Compiled;
  h: Compiled;
  visible: Compiled | undefined;
  value: Compiled | undefined;
}

function expand(repeat: Record<string, number> | undefined): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const [name, count] of Object.entries(repeat ?? {})) {
    out = out.flatMap((base) => Array.from({ length: count }, (_, i) => ({ ...base, [name]: i })));
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
  private readonly hud: [string, Compiled][];
  private previous = new Map<string, { x: number; y: number }>();

  constructor(game: GameConfig) {
    const config = game.objects;
    if (!config) throw new HorizonError(`${game.id} has no object map in roms-config`, 'ERR_BAD_CONFIG');
    this.config = config;
    this.items = config.items.map((item) => {
      if (!config.categories[item.category]) {
        throw new HorizonError(`${game.id}: object ${item.id} has unknown category ${item.category}`, 'ERR_BAD_CONFIG');
      }
      const names = Object.keys(item.repeat ?? {});
      const c = (e: string | number) => compileExpression(String(e), names);
      return {
        id: item.id,
        category: item.category,
        clip: config.categories[item.category]!.clip ?? [0, 0, SCREEN_W, SCREEN_H],
        indices: expand(item.repeat),
        x: c(item.x),
        y: c(item.y),
        w: c(item.w),
        h: c(item.h),
        visible: item.visible === undefined ? undefined : c(item.visible),
        value: item.value === undefined ? undefined : c(item.value),
      };
    });
    this.hud = Object.entries(config.hud ?? {}).map(([k, e]) => [k, compileExpression(e)]);
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
      for (const idx of item.indices) {
        if (item.visible && !item.visible(ram, idx)) continue;
        let x = item.x(ram, idx);
        let y = item.y(ram, idx);
        let w = item.w(ram, idx);
        let h = item.h(ram, idx);
        // Clip to where the object can be drawn; what falls outside is absent.
        const [cx0, cy0, cx1, cy1] = item.clip;
        if (x < cx0) { w -= cx0 - x; x = cx0; }
        if (y < cy0) { h -= cy0 - y; y = cy0; }
        w = Math.min(w, cx1 - x);
        h = Math.min(h, cy1 - y);
        if (w <= 0 || h <= 0) continue;
        const id = item.indices.length > 1 ? `${item.id}${Object.values(idx).join('_')}` : item.id;
        const prev = this.previous.get(id);
        const obj: GameObject = { id, category: item.category, x, y, w, h, dx: prev ? x - prev.x : 0, dy: prev ? y - prev.y : 0 };
        if (item.value) obj.value = item.value(ram, idx);
        objects.push(obj);
        seen.set(id, { x, y });
      }
    }
    this.previous = seen;
    const hud: Record<string, number> = {};
    for (const [k, f] of this.hud) hud[k] = f(ram, {});
    return { objects, hud };
  }
}
