import type { Env, StepResult } from './env.ts';

/**
 * What losing a life means to a training loop (the study used three):
 * - `game`: nothing special; an episode is the whole game.
 * - `episodic`: a life lost ends the episode, and the next episode goes on
 *   with the next life instead of a new game (the study's Asterix, Q*bert and
 *   Seaquest environments).
 * - `fire-after-loss`: the environment presses FIRE once after a life is lost
 *   (the study's Breakout environment, which serves the next ball itself).
 */
export type LifeRule = 'game' | 'episodic' | 'fire-after-loss';

export const LIFE_RULES: readonly LifeRule[] = ['game', 'episodic', 'fire-after-loss'];

export interface LifeStep extends StepResult {
  lifeLost: boolean;
  /** The episode is over under the rule (game over, truncation, or a life lost when episodic). */
  episodeOver: boolean;
}

/** One agent step under a life rule; with `fire-after-loss` the FIRE step's reward and frames are included. */
export function stepWithLifeRule(env: Env, action: number | string, rule: LifeRule, livesBefore: number): LifeStep {
  let r = env.step(action as never);
  const lifeLost = r.lives < livesBefore;
  if (rule === 'fire-after-loss' && lifeLost && !r.terminated && !r.truncated && env.actionNames.includes('FIRE')) {
    const fire = env.step('FIRE');
    r = { ...fire, reward: r.reward + fire.reward };
  }
  const gameOver = r.terminated || r.truncated;
  return { ...r, lifeLost, episodeOver: gameOver || (rule === 'episodic' && lifeLost) };
}
