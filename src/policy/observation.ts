import type { GameObject, ObjectFrame } from '../objects/types.ts';

/** What a policy's act(obs, memory) receives each step. */
export interface Observation {
  /** Agent steps since the episode began (0 at the first call). */
  step: number;
  /** Emulated frames since the episode began. */
  frame: number;
  lives: number;
  /** The objects on screen (see docs/objects.md and the game's obs.d.ts). */
  objects: GameObject[];
  /** Score and other values the game shows. */
  hud: Record<string, number>;
  /** The action taken on the previous step ("NOOP" at the start). */
  prevAction: string;
  /** Names of the actions this game accepts (its minimal set). */
  actions: string[];
}

export function makeObservation(
  frame: ObjectFrame,
  info: { step: number; episodeFrame: number; lives: number },
  prevAction: string,
  actions: string[],
): Observation {
  return { step: info.step, frame: info.episodeFrame, lives: info.lives, objects: frame.objects, hud: frame.hud, prevAction, actions };
}
