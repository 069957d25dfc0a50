import { loadGameConfigs } from '../env/roms-config.ts';

/**
 * Defaults of the learning loop for a game: the `learning` section of its
 * roms-config/<game>.json (for the study's games, the values of its scripts,
 * ../shared/PAPER_NOTES.md §2: the multi-step credit horizon, iterations,
 * evaluation episodes x step limit, and the score at which a run stops
 * early), the common values for the rest.
 */
export interface GameDefaults {
  /** The game as the optimizer's prompt describes it. */
  description: string;
  horizon: number;
  iterations: number;
  evalEpisodes: number;
  evalMaxSteps: number;
  /** Early stop when the evaluation reaches this mean score. */
  targetScore?: number;
}

const COMMON = { horizon: 100, iterations: 30, evalEpisodes: 1, evalMaxSteps: 4000 };

export function gameDefaults(game: string): GameDefaults {
  const config = loadGameConfigs().get(game);
  return { ...COMMON, description: `The Atari 2600 game ${config?.name ?? game}.`, ...config?.learning };
}
