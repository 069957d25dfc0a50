// Observation of MsPacman (ms_pacman) for act(obs, memory). Generated from roms-config/ms_pacman.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'UP' | 'RIGHT' | 'LEFT' | 'DOWN' | 'UPRIGHT' | 'UPLEFT' | 'DOWNRIGHT' | 'DOWNLEFT';

export type Category = 'Player' | 'Ghost' | 'Fruit' | 'Pellet' | 'PowerPill';
//   Player: Ms. Pac-Man (player-0 graphics)
//   Ghost: the four ghosts share player-1 graphics and are drawn in turn, so a ghost is on screen only on some frames
//   Fruit: the bonus fruit bouncing through the maze; value = its kind (0 cherry, 1 strawberry, 2 orange, 3 pretzel, 4 apple, 5 pear, 6 banana)
//   Pellet: the small pellets in the maze corridors (10 points each); a level is cleared when all are eaten
//   PowerPill: the four energizers (ball graphics), blinking

export interface GameObject {
  /** Stable per slot: player, ghost<i 0..3>, fruit, pellet<r 0..13>_<c 0..17>, power_pill<i 0..3> */
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
