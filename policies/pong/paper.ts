// Pong as the study set it up: predict_ball_trajectory -> select_action, on
// the study's observations (obs format 'ocatari'), returning action indices.
// It starts as weak as the study's first program: it moves at random while
// the ball is in play. act() only chains the two editable functions.

/** A box in screen pixels (x right, y down from the top-left corner), with its movement since the previous step. */
type Box = { x: number; y: number; w: number; h: number; dx: number; dy: number };
/** Keys Player, Ball, Enemy when on screen (else a NoObject placeholder), then the last step's reward. */
type Obs = { Player?: Box; Ball?: Box; Enemy?: Box; NoObject?: Box; reward: number | null };

/**
 * @editable Predicts the y where the ball will reach our bat, or null when
 * that cannot be known yet.
 *
 * The field: the ball bounces off a top wall near y 30 and a bottom wall
 * near y 190. Our bat (obs.Player, the green one) moves up and down at
 * x 140 on the right; the enemy's bat (obs.Enemy, orange) at x 16 on the
 * left. obs.Ball is 2 x 4 pixels; dx > 0 means it comes towards us.
 */
export function predict_ball_trajectory(obs: Obs): number | null {
  return obs.Ball ? obs.Ball.y : null;
}

/**
 * @editable Chooses the action for a predicted ball y: 0 NOOP, 2 moves our
 * bat up the screen (smaller y), 3 moves it down. obs.Player.y is the bat's
 * top edge; it is 15 pixels tall (less when clipped at a wall). A point is
 * won when the ball gets past the enemy's bat; the first to 21 wins.
 */
export function select_action(predicted_ball_y: number | null, obs: Obs): number {
  if (predicted_ball_y === null) return 0;
  return Math.random() < 0.5 ? 2 : 3;
}

export function act(obs: Obs): number {
  return select_action(predict_ball_trajectory(obs), obs);
}
