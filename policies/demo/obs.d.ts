// Observation of EggCatch (demo) for act(obs, memory). Generated from roms-config/demo.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'RIGHT' | 'LEFT';

export type Category = 'Player' | 'Egg';
//   Player: the orange basket (double-width player 0), 16 x 8, on the bottom row
//   Egg: the falling white egg (player 1), 8 x 8; it falls one line per frame

export interface GameObject {
  /** Stable per slot: player, egg */
  id: string;
  category: Category;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Movement since the previous step (0 when it just appeared). */
  dx: number;
  dy: number;
}

export interface Obs {
  /** Agent steps since the episode began. */
  step: number;
  /** Emulated frames since the episode began. */
  frame: number;
  lives: number;
  /** Objects on screen now; absent ones are not listed. */
  objects: GameObject[];
  hud: { score: number; lives: number };
  /** The action taken on the previous step. */
  prevAction: Action;
  actions: Action[];
}

/** Kept between steps of an episode (emptied at each new episode); store plain data only. */
export type Memory = Record<string, unknown>;
