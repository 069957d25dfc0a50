import type { MovingBox } from './types.ts';

/**
 * One of OCAtari's objects: its box and where it was when the step began
 * (unset for an object created during this step's detection, whose movement
 * is then 0, 0).
 */
export class Obj {
  prev: { x: number; y: number } | undefined;

  constructor(
    readonly category: string,
    public x: number,
    public y: number,
    public w: number,
    public h: number,
  ) {}

  set(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  moving(): MovingBox {
    return { x: this.x, y: this.y, w: this.w, h: this.h, dx: this.x - (this.prev?.x ?? this.x), dy: this.y - (this.prev?.y ?? this.y) };
  }
}

export type ObjState = { category: string; x: number; y: number; w: number; h: number; prev?: { x: number; y: number } } | null;

/** A list of object slots as plain data, for checkpoints. */
export function saveSlots(slots: (Obj | null)[]): ObjState[] {
  return slots.map((o) => (o ? { category: o.category, x: o.x, y: o.y, w: o.w, h: o.h, ...(o.prev ? { prev: { ...o.prev } } : {}) } : null));
}

export function loadSlots(state: ObjState[]): (Obj | null)[] {
  return state.map((s) => {
    if (!s) return null;
    const o = new Obj(s.category, s.x, s.y, s.w, s.h);
    if (s.prev) o.prev = { ...s.prev };
    return o;
  });
}
