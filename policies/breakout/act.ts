// Breakout, single-function policy: serve, then keep the paddle under the ball.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const paddle = obs.objects.find((o) => o.category === 'Player');
  const ball = obs.objects.find((o) => o.category === 'Ball');
  if (!ball) return 'FIRE'; // no ball in play: serve
  if (!paddle) return 'NOOP';
  const centre = paddle.x + paddle.w / 2;
  const target = ball.x + ball.w / 2 + ball.dx;
  if (target > centre + 3) return 'RIGHT';
  if (target < centre - 3) return 'LEFT';
  return 'NOOP';
}
