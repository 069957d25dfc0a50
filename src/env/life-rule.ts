import type { Env, ResetInfo, StepResult } from './env.ts';

/**
 * What losing a life means to a training loop (the study used three):
 * - `game`: nothing special; an episode is the whole game.
 * - `episodic`: a life lost ends the episode, and the next episode goes on
 *   with the next life instead of a new game, after one NOOP of the
 *   environment's own past the death frame (the study's Asterix, Q*bert and
 *   Seaquest environments, like baselines' EpisodicLifeEnv).
 * - `fire-after-loss`: the environment serves every ball itself: it presses
 *   FIRE right after a reset and right after a life is lost, and that step's
 *   observation, reward and end replace the life-losing step's (the study's
 *   Breakout environment, quirks kept).
 */
export type LifeRule = 'game' | 'episodic' | 'fire-after-loss';

export const LIFE_RULES: readonly LifeRule[] = ['game', 'episodic', 'fire-after-loss'];

export interface LifeStep extends StepResult<unknown> {
  lifeLost: boolean;
  /** The episode is over under the rule (game over, truncation, or a life lost when episodic). */
  episodeOver: boolean;
}

const servesBalls = (env: Env, rule: LifeRule) => rule === 'fire-after-loss' && env.actionNames.includes('FIRE');

/**
 * A new game under a life rule; with `fire-after-loss` the environment's own
 * FIRE follows the reset (not an agent step). `beforeFire` sees the state
 * that FIRE starts from (observers that track movement look at it, as the
 * study's object detector did after every environment step).
 */
export function resetWithLifeRule(env: Env, rule: LifeRule, options: { seed?: number } = {}, beforeFire?: () => void): ResetInfo<unknown> {
  const info = env.reset(options);
  if (!servesBalls(env, rule)) return info;
  beforeFire?.();
  const { lives, frame, episodeFrame } = env.step('FIRE');
  return { lives, frame, episodeFrame };
}

/**
 * The next life of a game whose episode ended with a lost life (`episodic`):
 * the environment's NOOP past the death frame, not an agent step, its reward
 * not counted (as in the study); a game that ends on it is reset.
 * `newGame` tells the caller to forget what it saw (a reset, not a life).
 */
export function nextLifeWithLifeRule(env: Env, rule: LifeRule): ResetInfo<unknown> & { newGame: boolean } {
  const r = env.step(0);
  if (r.terminated || r.truncated) return { ...resetWithLifeRule(env, rule), newGame: true };
  return { lives: r.lives, frame: r.frame, episodeFrame: r.episodeFrame, newGame: false };
}

/**
 * One agent step under a life rule. With `fire-after-loss`, a lost life is
 * followed by FIRE, whose result stands for the step (the life-losing
 * step's reward is dropped, as in the study); `beforeFire` sees the state
 * between the two.
 */
export function stepWithLifeRule(env: Env, action: number | string, rule: LifeRule, livesBefore: number, beforeFire?: () => void): LifeStep {
  let r = env.step(action as never);
  const lifeLost = r.lives < livesBefore;
  if (lifeLost && !r.terminated && !r.truncated && servesBalls(env, rule)) {
    beforeFire?.();
    r = env.step('FIRE');
  }
  const gameOver = r.terminated || r.truncated;
  // Episodic: a life lost ends the episode while lives remain (at 0 the game plays on to its end, as in the study).
  return { ...r, lifeLost, episodeOver: gameOver || (rule === 'episodic' && lifeLost && r.lives > 0) };
}
