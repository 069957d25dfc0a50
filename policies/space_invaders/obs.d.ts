// Observation of SpaceInvaders (space_invaders) for act(obs, memory). Generated from roms-config/space_invaders.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'FIRE' | 'RIGHT' | 'LEFT' | 'RIGHTFIRE' | 'LEFTFIRE';

export type Category = 'Player' | 'Alien' | 'AlienExplosion' | 'Satellite' | 'Shield' | 'Bullet';
//   Player: green cannon, drawn on alternate frames; tolerance 1: its explosion is 8 pixels wide
//   Alien: a living alien of the 6 x 6 grid
//   AlienExplosion: the explosion of an alien just shot, where that alien was
//   Satellite: the UFO crossing the top (bonus points when shot)
//   Shield: one of the three shields; its box shrinks from the top as it is shot away
//   Bullet: bombs dropped by the aliens and the player's laser shot

export interface GameObject {
  /** Stable per slot: player, alien<row 0..5>_<col 0..5>, explosion, satellite, bomb<i 0..1>, laser, shield<i 0..2> */
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
