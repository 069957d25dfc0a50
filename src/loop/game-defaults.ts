/**
 * Per-game defaults of the learning loop, taken from the paper's scripts
 * (../shared/PAPER_NOTES.md §2): the multi-step credit horizon, iterations,
 * evaluation episodes x step limit, and the score at which a run stops early.
 * Games the paper did not train use the common values.
 */
export interface GameDefaults {
  description: string;
  horizon: number;
  iterations: number;
  evalEpisodes: number;
  evalMaxSteps: number;
  /** Early stop when the evaluation reaches this mean score. */
  targetScore?: number;
}

const COMMON = { horizon: 100, iterations: 30, evalEpisodes: 1, evalMaxSteps: 4000 };

export const GAME_DEFAULTS: Record<string, GameDefaults> = {
  pong: {
    ...COMMON,
    description: 'You control the green bat on the right; return the ball past the orange bat. +1 per point won, -1 per point lost; first to 21.',
    horizon: 400,
    iterations: 20,
    evalEpisodes: 10,
    targetScore: 21,
  },
  breakout: {
    ...COMMON,
    description: 'Move the paddle at the bottom to bounce the ball into the bricks; FIRE serves. Bricks score 1-7 by row; 5 lives.',
    horizon: 300,
    targetScore: 350,
  },
  space_invaders: {
    ...COMMON,
    description: 'Move the cannon along the bottom and shoot the descending aliens; avoid their shots. 3 lives.',
    iterations: 20,
    targetScore: 2000,
  },
  asterix: {
    ...COMMON,
    description: 'Move Asterix between eight lanes to collect objects flying across and avoid the lyres.',
    evalEpisodes: 3,
    evalMaxSteps: 20_000,
    targetScore: 5000,
  },
  enduro: {
    ...COMMON,
    description: 'Drive the race car; accelerate with FIRE and steer past other cars. Reward is net cars passed.',
    evalMaxSteps: 5000,
    targetScore: 200,
  },
  freeway: {
    ...COMMON,
    description: 'Move the chicken up across ten lanes of traffic; +1 each time it reaches the top. A car hit pushes it back.',
    evalEpisodes: 3,
    evalMaxSteps: 2500,
    targetScore: 50,
  },
  qbert: {
    ...COMMON,
    description: "Hop Q*bert diagonally on the pyramid's cubes to change their colour; avoid falling off and the enemies.",
    targetScore: 10_000,
  },
  seaquest: {
    ...COMMON,
    description: 'Steer the submarine, shoot sharks and enemy subs, rescue divers, and surface before oxygen runs out.',
    targetScore: 5000,
  },
  boxing: {
    ...COMMON,
    description: 'Box the black boxer from above: land punches (FIRE) near the opponent; a knockout at 100 points ends the bout.',
    targetScore: 100,
  },
  ms_pacman: {
    ...COMMON,
    description: 'Guide Ms. Pac-Man through the maze eating pellets; avoid the ghosts unless a power pill made them blue.',
  },
  demo: {
    ...COMMON,
    description: "Egg Catch, the project's own game: move the basket left and right to catch falling eggs (+1 each); three misses end the game.",
    iterations: 40,
  },
};

export function gameDefaults(game: string): GameDefaults {
  return GAME_DEFAULTS[game] ?? { ...COMMON, description: `The Atari 2600 game ${game}.` };
}
