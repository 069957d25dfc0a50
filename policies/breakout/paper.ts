// Breakout as the study set it up: predict_ball_trajectory ->
// generate_paddle_target -> select_paddle_action, on the study's
// observations (obs format 'ocatari'), returning action indices. The first
// two start as stubs returning null, so the program starts by never moving
// (score 0). act() only chains the three editable functions.

/** A box in screen pixels (x right, y down from the top-left corner); movers carry their movement since the previous step. */
type Box = { x: number; y: number; w: number; h: number };
type Mover = Box & { dx: number; dy: number };
/**
 * Player (the paddle) always; Ball while in play; then each brick row that
 * has bricks left, top to bottom: RB red, OB orange, YB yellow, GB green,
 * AB aqua, BB blue, as left-to-right boxes of adjacent bricks; then lives
 * and the last step's reward.
 */
type Obs = {
  Player: Mover;
  Ball?: Mover;
  RB?: Box[];
  OB?: Box[];
  YB?: Box[];
  GB?: Box[];
  AB?: Box[];
  BB?: Box[];
  lives: number;
  reward: number | null;
};

/**
 * @editable Predicts the x where the ball will come down to the paddle's
 * row, or null when that cannot be known.
 *
 * The field: side walls at about x 8 and x 152 and the brick wall above
 * reflect the ball; the paddle (obs.Player, 16 x 4) moves left and right
 * at y 189. The ball (obs.Ball, 2 x 4) moves by dx, dy per step; dy > 0
 * means it is coming down. It leaves higher-scoring bricks faster, and the
 * paddle sends it off at an angle that depends on where it lands.
 */
export function predict_ball_trajectory(obs: Obs): number | null {
  if (!obs.Ball) return null;
  return null;
}

/**
 * @editable Chooses the x the paddle's centre should reach to catch the
 * ball landing at pre_ball_x and send it into the bricks, or null for no
 * preference.
 *
 * Bricks score by row, top to bottom: red 7, orange 7, yellow 4, green 4,
 * aqua 1, blue 1. Breaking through lower rows opens tunnels to the valuable
 * top rows, where the ball can bounce between bricks and the top wall. Keep
 * the ball alive first: a missed ball costs one of 5 lives, and the
 * environment serves the next one itself.
 */
export function generate_paddle_target(pre_ball_x: number | null, obs: Obs): number | null {
  if (pre_ball_x === null || !obs.Ball) return null;
  return null;
}

/**
 * @editable Moves the paddle toward target_paddle_pos: 2 moves it right, 3
 * left, 0 (NOOP) keeps it. Within 2 pixels of the target it stays still, so
 * it does not oscillate.
 */
export function select_paddle_action(target_paddle_pos: number | null, obs: Obs): number {
  if (target_paddle_pos === null || !obs.Player) return 0;
  const centre = obs.Player.x + obs.Player.w / 2;
  if (Math.abs(centre - target_paddle_pos) < 2) return 0;
  return centre > target_paddle_pos ? 3 : 2;
}

export function act(obs: Obs): number {
  return select_paddle_action(generate_paddle_target(predict_ball_trajectory(obs), obs), obs);
}
