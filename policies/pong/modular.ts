// Pong, modular policy: predict where the ball will cross the bat's column,
// choose a target height, then move toward it. Each function is an editable,
// separately traced parameter.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

const TOP = 34;
const BOTTOM = 194;

/** @editable Where (y) the ball will be when it reaches the bat's x, bouncing off the walls. */
export function predictBallY(ball: GameObject, batX: number): number {
  if (ball.dx <= 0) return (TOP + BOTTOM) / 2; // moving away: wait in the middle
  const steps = (batX - ball.x) / ball.dx;
  let y = ball.y + ball.dy * steps;
  const span = BOTTOM - TOP;
  y = (((y - TOP) % (2 * span)) + 2 * span) % (2 * span);
  return TOP + (y > span ? 2 * span - y : y);
}

/** @editable The height to hold the bat's centre at. */
export function chooseTarget(obs: Obs, memory: Memory): number {
  const bat = obs.objects.find((o) => o.category === 'Player');
  const ball = obs.objects.find((o) => o.category === 'Ball');
  if (!bat || !ball) return (memory.target as number | undefined) ?? (TOP + BOTTOM) / 2;
  return predictBallY(ball, bat.x) + ball.h / 2;
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const bat = obs.objects.find((o) => o.category === 'Player');
  if (!bat) return 'NOOP';
  const target = chooseTarget(obs, memory);
  memory.target = target;
  const centre = bat.y + bat.h / 2;
  if (target < centre - 3) return 'RIGHT';
  if (target > centre + 3) return 'LEFT';
  return 'NOOP';
}
