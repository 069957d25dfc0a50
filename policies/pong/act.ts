// Pong, single-function policy: keep the bat level with the ball.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const bat = obs.objects.find((o) => o.category === 'Player');
  const ball = obs.objects.find((o) => o.category === 'Ball');
  if (!bat || !ball) return 'NOOP';
  const batCentre = bat.y + bat.h / 2;
  const ballCentre = ball.y + ball.h / 2;
  if (ballCentre < batCentre - 2) return 'RIGHT';
  if (ballCentre > batCentre + 2) return 'LEFT';
  return 'NOOP';
}
