// Q*bert, single-function policy: hop down the pyramid and back up, turning
// cubes as it goes. UP hops up-right, RIGHT down-right, LEFT up-left, DOWN down-left.
import type { Action, Memory, Obs } from './obs.d.ts';

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  if (me.y > 150) memory.goingUp = true;
  if (me.y < 40) memory.goingUp = false;
  const flip = obs.step % 2 === 0;
  if (memory.goingUp) return flip ? 'UP' : 'LEFT';
  return flip ? 'RIGHT' : 'DOWN';
}
