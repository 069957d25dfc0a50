// Observation of Enduro (enduro) for act(obs, memory). Generated from roms-config/enduro.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'RIGHT' | 'LEFT' | 'DOWN' | 'DOWNRIGHT' | 'DOWNLEFT' | 'RIGHTFIRE' | 'LEFTFIRE';

export type Category = 'Player' | 'Car';
//   Player: the player's car: grey player graphics on the bottom rows (the road edges in the same grey are missile and ball graphics)
//   Car: the other cars, one per perspective band (car0 nearest, car6 at the horizon); at night only their tail lights show. Touching one slows you down

export interface GameObject {
  /** Stable per slot: player, car<i 0..6> */
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
  hud: { cars_to_pass: number; day: number };
  /** The action taken on the previous step. */
  prevAction: Action;
  actions: Action[];
}

/** Kept between steps of an episode (emptied at each new episode); store plain data only. */
export type Memory = Record<string, unknown>;
