// Q*bert as the study set it up: analyze_situation -> select_action, on the
// study's observations (obs format 'ocatari'), returning action indices. It
// starts by hopping at random, as the study's program did. act() only
// chains the two editable functions.

type Box = { x: number; y: number; w: number; h: number };
type Mover = Box & { dx: number; dy: number };
type Being = Mover & { type: string };
/**
 * Player while on screen; Enemies (Coily, PurpleBall) and Friendlies
 * (GreenBall, Sam) when there are any; Disks; lives; the last step's reward.
 */
type Obs = { Player?: Mover; Enemies?: Being[]; Friendlies?: Being[]; Disks?: Box[]; lives: number; reward: number | null };
type Situation = { player_x: number; player_y: number; nearest_enemy: Being | null; nearest_friendly: Being | null; danger_above: boolean };

/**
 * @editable Sums up Q*bert's position on the pyramid and the creatures
 * around it.
 *
 * The pyramid: cubes in rows seen at an angle, the top row one cube; x
 * about 16 to 144, y about 30 to 190; Q*bert starts on top. Landing on a
 * cube changes its colour, and a round is done when every cube has the
 * target colour. Jumping off an edge costs a life, unless a flying disk is
 * there: it carries Q*bert back to the top. Balls bounce down the pyramid;
 * Coily the snake chases Q*bert (luring him off the edge by disk scores
 * 500); Sam turns cubes back (catching him scores 300); the green ball
 * freezes the enemies (100).
 */
export function analyze_situation(obs: Obs): Situation {
  if (!obs.Player) return { player_x: 80, player_y: 50, nearest_enemy: null, nearest_friendly: null, danger_above: false };
  return { player_x: obs.Player.x, player_y: obs.Player.y, nearest_enemy: null, nearest_friendly: null, danger_above: false };
}

/**
 * @editable Chooses the hop: 0 NOOP, 1 FIRE (onto a disk next to Q*bert),
 * 2 UP (upper right), 3 RIGHT (lower right), 4 LEFT (upper left), 5 DOWN
 * (lower left). From the top only RIGHT and DOWN stay on the pyramid; on
 * the left edge UP and DOWN leave it, on the right edge UP and RIGHT.
 * Each cube changed scores 25.
 */
export function select_action(situation: Situation | null, obs: Obs): number {
  if (situation === null) return 0;
  return 2 + Math.floor(Math.random() * 4);
}

export function act(obs: Obs): number {
  return select_action(analyze_situation(obs), obs);
}
