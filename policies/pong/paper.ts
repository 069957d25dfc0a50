// Pong in the study's decomposition: predictBallTrajectory -> selectAction.
// Starts as weak as the study's program: it moves at random while the ball
// is in play. act() only chains the two editable functions.
import type { Action, Memory, Obs } from './obs.d.ts';

/**
 * @editable Predicts where (y, screen pixels, growing downwards) the ball will
 * be when it reaches our bat, the green one on the right (x about 140). The
 * playfield runs from y 34 (top wall) to y 194 (bottom wall); the ball
 * bounces off both walls. obs.objects has the Player (our bat), the Enemy
 * (orange bat, left) and the Ball, each with x, y, w, h and the movement
 * dx, dy since the previous step. Returns null when the ball is not in play.
 */
export function predictBallTrajectory(obs: Obs): number | null {
  const ball = obs.objects.find((o) => o.category === 'Ball');
  return ball ? ball.y : null;
}

/**
 * @editable Chooses the move for a predicted ball height. 'RIGHT' moves our
 * bat up the screen (smaller y), 'LEFT' moves it down, 'NOOP' keeps it; the
 * bat is 16 pixels tall and its y is its top edge. A point is won when the
 * ball gets past the orange bat; first to 21.
 */
export function selectAction(predictedBallY: number | null, obs: Obs): Action {
  if (predictedBallY === null) return 'NOOP';
  return Math.random() < 0.5 ? 'RIGHT' : 'LEFT';
}

export function act(obs: Obs, memory: Memory): Action {
  return selectAction(predictBallTrajectory(obs), obs);
}
