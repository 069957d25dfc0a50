// Observation of Freeway (freeway) for act(obs, memory). Generated from roms-config/freeway.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'UP' | 'DOWN';

export type Category = 'Chicken' | 'Car';
//   Chicken: the player's chicken (left), 6 or 7 pixels wide as it walks; checked below the yellow median (rows 102 and 104), which has its colour
//   Car: one car per lane, each lane its own colour; positions wrap at the right edge

export interface GameObject {
  /** Stable per slot: chicken, car<lane 0..9> */
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
  hud: { score: number; opponent_score: number };
  /** The action taken on the previous step. */
  prevAction: Action;
  actions: Action[];
}

/** Kept between steps of an episode (emptied at each new episode); store plain data only. */
export type Memory = Record<string, unknown>;
