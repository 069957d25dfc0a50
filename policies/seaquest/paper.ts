// Seaquest as the study set it up: analyze_situation -> select_action, on
// the study's observations (obs format 'ocatari'), returning action indices.
// It starts with random moves and shots, as the study's program did. act()
// only chains the two editable functions.

type Mover = { x: number; y: number; w: number; h: number; dx: number; dy: number };
type Enemy = Mover & { type: 'Shark' | 'Submarine' | 'EnemyMissile' };
/** Player; Enemies (sharks, submarines, their torpedoes) and Divers when there are any; lives; the last step's reward. */
type Obs = { Player?: Mover; Enemies?: Enemy[]; Divers?: Mover[]; lives: number; reward: number | null };
type Situation = { player_x: number; player_y: number; nearest_enemy: Enemy | null; nearest_diver: Mover | null; should_surface: boolean };

/**
 * @editable Sums up the sea around the submarine.
 *
 * The screen: x about 5 to 155, y about 16 to 180, the surface at the top.
 * Sharks and enemy submarines cross at fixed depths; touching one destroys
 * the sub. Divers are rescued by swimming into them, up to 6 at a time.
 * Oxygen runs out under water: surface (y near 46 for the sub) before it
 * does, or lose a life; surfacing with 6 divers pays a bonus, surfacing with
 * none loses one. Shooting an enemy scores 20 at first (up to 90), a rescued
 * diver 50 at first (up to 1000).
 */
export function analyze_situation(obs: Obs): Situation {
  if (!obs.Player) return { player_x: 80, player_y: 100, nearest_enemy: null, nearest_diver: null, should_surface: false };
  return { player_x: obs.Player.x, player_y: obs.Player.y, nearest_enemy: null, nearest_diver: null, should_surface: false };
}

/**
 * @editable Chooses one of the 18 actions: 0 NOOP, 1 FIRE, 2 UP, 3 RIGHT,
 * 4 LEFT, 5 DOWN, 6 UPRIGHT, 7 UPLEFT, 8 DOWNRIGHT, 9 DOWNLEFT, then the
 * same moves with FIRE: 10 UPFIRE, 11 RIGHTFIRE, 12 LEFTFIRE, 13 DOWNFIRE,
 * 14 UPRIGHTFIRE, 15 UPLEFTFIRE, 16 DOWNRIGHTFIRE, 17 DOWNLEFTFIRE. The
 * torpedo flies the way the sub faces; firing while moving saves time.
 */
export function select_action(situation: Situation | null, obs: Obs): number {
  if (situation === null) return 1;
  const moves = [2, 3, 4, 5, 11, 12];
  return moves[Math.floor(Math.random() * moves.length)]!;
}

export function act(obs: Obs): number {
  return select_action(analyze_situation(obs), obs);
}
