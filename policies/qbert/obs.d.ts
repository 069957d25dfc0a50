// Observation of Qbert (qbert) for act(obs, memory). Generated from roms-config/qbert.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'UP' | 'RIGHT' | 'LEFT' | 'DOWN';

export type Category = 'Player' | 'Cube' | 'Disk' | 'Ball' | 'Coily' | 'Sam' | 'Curse';
//   Player: Q*bert, the player
//   Cube: one of the 21 cubes of the pyramid; value = the colour of its top, which changes as Q*bert hops on it
//   Disk: an escape disk: hop onto it to ride back to the top; value = its colour
//   Ball: a bouncing ball (ids ball0-ball4: the row band it is drawn in, top to bottom); value = its colour (102 purple hatches into Coily)
//   Coily: Coily the snake: chases Q*bert, deadly
//   Sam: Sam (green): turns cubes back; catching him scores
//   Curse: the curse balloon: Q*bert was just caught

export interface GameObject {
  /** Stable per slot: player, ball<band 0..4>, coily, sam, curse, cube0, cube1, cube2, cube3, cube4, cube5, cube6, cube7, cube8, cube9, cube10, cube11, cube12, cube13, cube14, cube15, cube16, cube17, cube18, cube19, cube20, disk_left, disk_right, disk_upper_left, disk_upper_right */
  id: string;
  category: Category;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Movement since the previous step (0 when it just appeared). */
  dx: number;
  dy: number;
  /** Extra number some objects carry (e.g. a colour). */
  value?: number;
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
