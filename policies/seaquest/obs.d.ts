// Observation of Seaquest (seaquest) for act(obs, memory). Generated from roms-config/seaquest.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'UP' | 'RIGHT' | 'LEFT' | 'DOWN' | 'UPRIGHT' | 'UPLEFT' | 'DOWNRIGHT' | 'DOWNLEFT' | 'UPFIRE' | 'RIGHTFIRE' | 'LEFTFIRE' | 'DOWNFIRE' | 'UPRIGHTFIRE' | 'UPLEFTFIRE' | 'DOWNRIGHTFIRE' | 'DOWNLEFTFIRE';

export type Category = 'Player' | 'PlayerMissile' | 'Enemy' | 'SurfaceSubmarine' | 'Diver' | 'EnemyMissile';
//   Player: the player's submarine (player 0 graphics): yellow, flashing white while it refills at the surface
//   PlayerMissile: 
//   Enemy: sharks and enemy submarines (player 1 graphics), three slots per lane, lane 0 at the bottom
//   SurfaceSubmarine: the enemy submarine patrolling the surface in later waves: do not surface next to it
//   Diver: divers, drawn line by line with the ball
//   EnemyMissile: enemy submarines' torpedoes (ball graphics, like the divers)

export interface GameObject {
  /** Stable per slot: player, missile, enemy<lane 0..3>_<slot 0..2>, surface_sub, diver<lane 0..3>, enemy_missile<lane 0..3> */
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
  hud: { score: number; lives: number; oxygen: number; divers_collected: number };
  /** The action taken on the previous step. */
  prevAction: Action;
  actions: Action[];
}

/** Kept between steps of an episode (emptied at each new episode); store plain data only. */
export type Memory = Record<string, unknown>;
