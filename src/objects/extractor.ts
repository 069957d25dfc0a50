import { HorizonError } from '../env/errors.ts';
import type { GameConfig } from '../env/roms-config.ts';
import { compileProgram, type Program, type ProgramBlock } from './expr.ts';
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
  /** Its values in the program's output: lets, then visible (1 when absent), x, y, w, h, value (0 when absent), per copy. */
  start: number;
  /** Values per copy. */
  width: number;
  /** Where visible, x, y, w, h, value land in a copy's values. */
  at: number;
  hasValue: boolean;
  sharedId: boolean;
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
  private readonly hudAt: number;
  /** Every item, then the HUD: one native call per extract(). */
  private readonly program: Program;
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
    const blocks: ProgramBlock[] = [];
    const items = config.items.map((item) => {
      if (!config.categories[item.category]) {
        throw new HorizonError(`${game.id}: object ${item.id} has unknown category ${item.category}`, 'ERR_BAD_CONFIG');
      }
      const lets = Object.entries(item.let ?? {}).map(([name, src]) => ({ name, src }));
      const fields = [item.visible ?? '1', item.x, item.y, item.w, item.h, item.value ?? '0'].map((e) => ({ src: String(e) }));
      const indices = expand(item.repeat);
      // Absent copies (visible 0) skip x, y, w, h and value.
      blocks.push({ steps: [...lets, ...fields], inputs: Object.keys(item.repeat ?? {}), rows: indices, gate: lets.length });
      return {
        id: item.id,
        category: item.category,
        clip: config.categories[item.category]!.clip ?? [0, 0, SCREEN_W, SCREEN_H],
        indices,
        width: lets.length + fields.length,
        at: lets.length,
        hasValue: item.value !== undefined,
        sharedId: item.sharedId === true,
      };
    });
    this.hudNames = Object.keys(config.hud ?? {});
    blocks.push({ steps: Object.values(config.hud ?? {}).map((src) => ({ src })) });
    this.program = compileProgram(blocks);
    this.items = items.map((item, k) => ({ ...item, start: this.program.at[k]! }));
    this.hudAt = this.program.at.at(-1)!;
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
    this.program.run(ram);
    const out = this.program.out;
    for (const item of this.items) {
      for (let copy = 0; copy < item.indices.length; copy++) {
        const index = item.indices[copy]!;
        const at = item.start + copy * item.width + item.at;
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
    this.hudNames.forEach((name, k) => {
      hud[name] = out[this.hudAt + k]!;
    });
    return { objects, hud };
  }
}
