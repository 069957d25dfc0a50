// Breakout in the study's decomposition: predictBallTrajectory ->
// generatePaddleTarget -> selectPaddleAction. The first two start as stubs
// returning null, so the program starts by never moving (score 0).
import type { Action, Memory, Obs } from './obs.d.ts';

/**
 * @editable Predicts the x (screen pixels) where the ball will come down to
 * the paddle's row (y about 189). The ball bounces off the side walls
 * (x 8 and 152) and the top; obs.objects has the Player (paddle), the Ball
 * (with its movement dx, dy since the previous step) and one Brick per brick
 * left. Returns null when there is nothing to predict.
 */
export function predictBallTrajectory(obs: Obs): number | null {
  return null;
}

/**
 * @editable Turns the predicted landing x into the x the paddle's centre
 * should reach (for example aiming the bounce at the remaining bricks), or
 * null for no preference. The paddle is 16 pixels wide.
 */
export function generatePaddleTarget(predictedBallX: number | null, obs: Obs): number | null {
  return null;
}

/**
 * @editable Moves the paddle toward the target: 'RIGHT' or 'LEFT', 'NOOP' within
 * a dead zone of 2 pixels. 'FIRE' launches a new ball after a miss; bricks are
 * worth 1 to 7 points by row, and there are 5 balls.
 */
export function selectPaddleAction(targetPaddleX: number | null, obs: Obs): Action {
  const paddle = obs.objects.find((o) => o.category === 'Player');
  if (targetPaddleX === null || !paddle) return 'NOOP';
  const centre = paddle.x + paddle.w / 2;
  if (targetPaddleX > centre + 2) return 'RIGHT';
  if (targetPaddleX < centre - 2) return 'LEFT';
  return 'NOOP';
}

export function act(obs: Obs, memory: Memory): Action {
  return selectPaddleAction(generatePaddleTarget(predictBallTrajectory(obs), obs), obs);
}
