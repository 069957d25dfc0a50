import type { EnvOptions } from '../env/env.ts';
import { HorizonError } from '../env/errors.ts';
import type { LifeRule } from '../env/life-rule.ts';
import { STUDY_OBS_GAMES } from '../objects/ocatari/index.ts';
import type { ObsFormat } from '../objects/observation.ts';
import { gameDefaults } from './game-defaults.ts';

/**
 * What `--preset paper` adds for the study's 8 games (../shared/PAPER_NOTES.md
 * §2 and §4) to their defaults in game-defaults.ts, which already are the
 * study's horizon, iterations, evaluation and target: what a lost life meant
 * in its environment, the two thresholds of its tiered evaluation feedback,
 * and its reported results.
 */
export interface PaperGame {
  lifeRule: LifeRule;
  /** Scores above `low` (the study's starting score where PAPER_NOTES gives no tier) count as progress, at or above `high` as close to the target. */
  tiers: { low: number; high: number };
  /** Best-so-far evaluation at step 0 and at the end, mean (SE) over trials: multi-step, then one-step. */
  study: { trials: [number, number]; multi: [number, number, number]; one: [number, number, number] };
}

export const PAPER_GAMES: Record<string, PaperGame> = {
  pong: { lifeRule: 'game', tiers: { low: 0, high: 19 }, study: { trials: [5, 5], multi: [-20.5, 12.0, 4.0], one: [-20.2, 5.8, 2.5] } },
  breakout: { lifeRule: 'fire-after-loss', tiers: { low: 0, high: 315 }, study: { trials: [5, 5], multi: [0, 123.0, 57.7], one: [0, 70.6, 12.8] } },
  space_invaders: { lifeRule: 'game', tiers: { low: 570, high: 1800 }, study: { trials: [5, 4], multi: [570, 929, 71], one: [570, 570, 0] } },
  asterix: { lifeRule: 'episodic', tiers: { low: 70, high: 4500 }, study: { trials: [5, 5], multi: [70, 3466.7, 2107.7], one: [93.3, 310, 65.5] } },
  enduro: { lifeRule: 'game', tiers: { low: 49, high: 180 }, study: { trials: [5, 5], multi: [49, 71.8, 9.4], one: [49, 104.0, 17.1] } },
  freeway: { lifeRule: 'game', tiers: { low: 21.7, high: 45 }, study: { trials: [5, 5], multi: [21.7, 27.2, 1.6], one: [21.7, 27.9, 2.0] } },
  qbert: { lifeRule: 'episodic', tiers: { low: 100, high: 9000 }, study: { trials: [5, 5], multi: [100, 505, 98.2], one: [40, 560, 6.1] } },
  seaquest: { lifeRule: 'episodic', tiers: { low: 20, high: 4500 }, study: { trials: [5, 5], multi: [20, 92, 26.5], one: [12, 128, 22.4] } },
};

/** The study's environment: `<Game>NoFrameskip-v4` stepped 4 frames per action, no sticky actions, episodes cut at 108,000 frames. */
export const PAPER_ENV: EnvOptions = { frameskip: 4, repeatActionProbability: 0, maxFramesPerEpisode: 108_000 };

/** What a policy sees under the paper preset: the study's observations where the project has them. */
export function paperObs(game: string): ObsFormat {
  return STUDY_OBS_GAMES.includes(game) ? 'ocatari' : 'objects';
}

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
  const target = gameDefaults(game).targetScore!;
  const score = `${mean.toFixed(1)} (std ${std.toFixed(1)}) over ${episodes} evaluation episode${episodes === 1 ? '' : 's'}`;
  const gap = `${(target - mean).toFixed(1)} short of the target ${target}`;
  if (mean >= p.tiers.high) return `Close to the goal: the policy scores ${score}, ${gap}. Keep what works and fix the remaining failures the trace shows.`;
  if (mean > p.tiers.low) return `Some progress: the policy scores ${score}, ${gap}. Find in the trace where reward is lost and improve that part.`;
  return `Not working yet: the policy scores ${score}, ${gap}. Rethink the strategy using the game rules and the trace.`;
}
