// Q*bert, modular policy: sweep the pyramid down and up, alternating the two
// diagonals. UP hops up-right, RIGHT down-right, LEFT up-left, DOWN down-left.
import type { Action, GameObject, Memory, Obs } from './obs.d.ts';

/** @editable Whether to climb (true) or descend, turning at the bottom and top rows. */
export function updateDirection(me: GameObject, memory: Memory): boolean {
  if (me.y > 150) memory.goingUp = true;
  if (me.y < 40) memory.goingUp = false;
  return memory.goingUp === true;
}

/** @editable The hop for this step: alternate the two diagonals of the chosen direction. */
export function chooseHop(goingUp: boolean, step: number): Action {
  const flip = step % 2 === 0;
  if (goingUp) return flip ? 'UP' : 'LEFT';
  return flip ? 'RIGHT' : 'DOWN';
}

/** @editable */
export function act(obs: Obs, memory: Memory): Action {
  const me = obs.objects.find((o) => o.category === 'Player');
  if (!me) return 'NOOP';
  return chooseHop(updateDirection(me, memory), obs.step);
}
