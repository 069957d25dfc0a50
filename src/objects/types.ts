import type { TiaObject } from '../env/object-map-config.ts';

export const TIA_OBJECT_BITS: Record<TiaObject, number> = { P0: 1, M0: 2, P1: 4, M1: 8, BL: 16, PF: 32 };

/** One object on screen, in ALE screen coordinates (x 0-159, y 0-209). */
export interface GameObject {
  /** Stable across steps: the same slot of the game's object map keeps its id. */
  id: string;
  category: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Movement since the previous step (0 when the object just appeared). */
  dx: number;
  dy: number;
  /** A game-specific number some objects carry, e.g. a Q*bert cube's colour. */
  value?: number;
}

export interface ObjectFrame {
  objects: GameObject[];
  /** Values the game shows outside the play field: score, lives, time, fuel, ... */
  hud: Record<string, number>;
}
