// Observation of Asterix (asterix) for act(obs, memory). Generated from roms-config/asterix.json.
// Screen coordinates: x 0-159 left to right, y 0-209 top to bottom; (x, y) is a box's top-left corner.

export type Action = 'NOOP' | 'UP' | 'RIGHT' | 'LEFT' | 'DOWN' | 'UPRIGHT' | 'UPLEFT' | 'DOWNRIGHT' | 'DOWNLEFT';

export type Category = 'Player' | 'Enemy' | 'Reward' | 'Consumable';
//   Player: Asterix or Obelix (player-0 graphics); 16 wide and one pixel right while dying. Around a death and the respawn the sprite can differ for a few frames (about 2% of frames)
//   Enemy: the lyres, deadly on contact
//   Reward: point values shown after an item was taken
//   Consumable: items that give points (cauldrons, helmets, shields, lamps, apples, fish, meat, mugs)

export interface GameObject {
  /** Stable per slot: player, reward<lane 0..7>, enemy<lane 0..7>, item<lane 0..7> */
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
