// Observation of Boxing (boxing) for act(obs, memory). Generated from roms-config/boxing.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'UP' | 'RIGHT' | 'LEFT' | 'DOWN' | 'UPRIGHT' | 'UPLEFT' | 'DOWNRIGHT' | 'DOWNLEFT' | 'UPFIRE' | 'RIGHTFIRE' | 'LEFTFIRE' | 'DOWNFIRE' | 'UPRIGHTFIRE' | 'UPLEFTFIRE' | 'DOWNRIGHTFIRE' | 'DOWNLEFTFIRE';

export type Category = 'Player' | 'Enemy';
//   Player: the white boxer (player-0 graphics): 14 x 47, plus the punching arm toward the opponent (7 or 16 pixels by RAM[55]/RAM[57])
//   Enemy: the black boxer (player-1 graphics), with its punching arm (RAM[59]/RAM[61]); same tolerance and limits as the player

export interface GameObject {
  /** Stable per slot: player, enemy */
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
  hud: { score: number; enemy_score: number; clock_minutes: number; clock_seconds: number };
  /** The action taken on the previous step. */
  prevAction: Action;
  actions: Action[];
}

/** Kept between steps of an episode (emptied at each new episode); store plain data only. */
export type Memory = Record<string, unknown>;
