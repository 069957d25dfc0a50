// Breakout, modular policy: predict where the falling ball meets the paddle's
// row, then steer there; serve when no ball is in play.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const LEFT_WALL = 8;
const RIGHT_WALL = 152;
const PADDLE_Y = 189;

/** @editable The x where the ball will reach the paddle's row, bouncing off the side walls. */
export function predictLandingX(ball: GameObject): number {
  if (ball.dy <= 0) return ball.x; // going up: follow it
  const steps = (PADDLE_Y - ball.y) / ball.dy;
  let x = ball.x + ball.dx * steps - LEFT_WALL;
  const span = RIGHT_WALL - LEFT_WALL;
  x = ((x % (2 * span)) + 2 * span) % (2 * span);
  return LEFT_WALL + (x > span ? 2 * span - x : x);
}

/** @editable Move toward `target` when the paddle is more than a few pixels off. */
export function steer(paddle: GameObject, target: number): Action {
  const centre = paddle.x + paddle.w / 2;
  if (target > centre + 3) return 'RIGHT';
  if (target < centre - 3) return 'LEFT';
  return 'NOOP';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const paddle = obs.objects.find((o) => o.category === 'Player');
  const ball = obs.objects.find((o) => o.category === 'Ball');
  if (!ball) return 'FIRE';
  if (!paddle) return 'NOOP';
  return steer(paddle, predictLandingX(ball) + ball.w / 2);
}
