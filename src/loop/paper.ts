import { HorizonError } from '../env/errors.ts';
import type { LifeRule } from '../env/life-rule.ts';

/**
 * The study's per-game settings (../shared/PAPER_NOTES.md §2 and §4), used by
 * `--preset paper`: its multi-step credit horizon (one-step is horizon 1),
 * iterations, evaluation episodes x step limit, early-stop target, what a
 * lost life meant in its environment, and the two thresholds of its tiered
 * evaluation feedback. `initial` is the study's mean starting score, which
 * also marks the lower feedback tier where PAPER_NOTES gives none.
 */
export interface PaperGame {
  horizon: number;
  iterations: number;
  evalEpisodes: number;
  evalMaxSteps: number;
  target: number;
  lifeRule: LifeRule;
  /** Scores above `low` count as progress, at or above `high` as close to the target. */
  tiers: { low: number; high: number };
  /** Best-so-far evaluation at step 0 and at the end, mean (SE) over trials: multi-step, then one-step. */
  study: { trials: [number, number]; multi: [number, number, number]; one: [number, number, number] };
}

export const PAPER_GAMES: Record<string, PaperGame> = {
  pong: { horizon: 400, iterations: 20, evalEpisodes: 10, evalMaxSteps: 4000, target: 21, lifeRule: 'game', tiers: { low: 0, high: 19 }, study: { trials: [5, 5], multi: [-20.5, 12.0, 4.0], one: [-20.2, 5.8, 2.5] } },
  breakout: { horizon: 300, iterations: 30, evalEpisodes: 1, evalMaxSteps: 4000, target: 350, lifeRule: 'fire-after-loss', tiers: { low: 0, high: 315 }, study: { trials: [5, 5], multi: [0, 123.0, 57.7], one: [0, 70.6, 12.8] } },
  space_invaders: { horizon: 100, iterations: 20, evalEpisodes: 1, evalMaxSteps: 4000, target: 2000, lifeRule: 'game', tiers: { low: 570, high: 1800 }, study: { trials: [5, 4], multi: [570, 929, 71], one: [570, 570, 0] } },
  asterix: { horizon: 100, iterations: 30, evalEpisodes: 3, evalMaxSteps: 20_000, target: 5000, lifeRule: 'episodic', tiers: { low: 70, high: 4500 }, study: { trials: [5, 5], multi: [70, 3466.7, 2107.7], one: [93.3, 310, 65.5] } },
  enduro: { horizon: 100, iterations: 30, evalEpisodes: 1, evalMaxSteps: 5000, target: 200, lifeRule: 'game', tiers: { low: 49, high: 180 }, study: { trials: [5, 5], multi: [49, 71.8, 9.4], one: [49, 104.0, 17.1] } },
  freeway: { horizon: 100, iterations: 30, evalEpisodes: 3, evalMaxSteps: 2500, target: 50, lifeRule: 'game', tiers: { low: 21.7, high: 45 }, study: { trials: [5, 5], multi: [21.7, 27.2, 1.6], one: [21.7, 27.9, 2.0] } },
  qbert: { horizon: 100, iterations: 30, evalEpisodes: 1, evalMaxSteps: 4000, target: 10_000, lifeRule: 'episodic', tiers: { low: 100, high: 9000 }, study: { trials: [5, 5], multi: [100, 505, 98.2], one: [40, 560, 6.1] } },
  seaquest: { horizon: 100, iterations: 30, evalEpisodes: 1, evalMaxSteps: 4000, target: 5000, lifeRule: 'episodic', tiers: { low: 20, high: 4500 }, study: { trials: [5, 5], multi: [20, 92, 26.5], one: [12, 128, 22.4] } },
};

export function paperGame(game: string): PaperGame {
  const p = PAPER_GAMES[game];
  if (!p) {
    throw new HorizonError(`the paper preset covers ${Object.keys(PAPER_GAMES).join(', ')}; ${game} was not in the study`, 'ERR_BAD_ARGUMENT');
  }
  return p;
}

/**
 * The study's kind of evaluation feedback: one sentence chosen by the
 * evaluation mean (close to the target / making progress / not working),
 * with the mean, its spread, the episode count and the gap to the target.
 * The wording is ours.
 */
export function paperFeedback(game: string, mean: number, std: number, episodes: number): string {
  const p = paperGame(game);
  const score = `${mean.toFixed(1)} (std ${std.toFixed(1)}) over ${episodes} evaluation episode${episodes === 1 ? '' : 's'}`;
  const gap = `${(p.target - mean).toFixed(1)} short of the target ${p.target}`;
  if (mean >= p.tiers.high) return `Close to the goal: the policy scores ${score}, ${gap}. Keep what works and fix the remaining failures the trace shows.`;
  if (mean > p.tiers.low) return `Some progress: the policy scores ${score}, ${gap}. Find in the trace where reward is lost and improve that part.`;
  return `Not working yet: the policy scores ${score}, ${gap}. Rethink the strategy using the game rules and the trace.`;
}
