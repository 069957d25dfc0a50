// Observation of Breakout (breakout) for act(obs, memory). Generated from roms-config/breakout.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'RIGHT' | 'LEFT';

export type Category = 'Player' | 'Ball' | 'Brick';
//   Player: the bat, red like the ball
//   Ball: the ball (2 x 4); absent while none is in play (FIRE serves)
//   Brick: 6 rows x 18 columns, one object per brick

export interface GameObject {
  /** Stable per slot: player, ball, brick<row 0..5>_<col 0..17> */
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
