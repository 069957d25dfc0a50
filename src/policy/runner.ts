import { Env, type EnvOptions, type FrameShape } from '../env/env.ts';
import type { LifeRule, LifeStep } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { ObjectFrame } from '../objects/types.ts';
import type { ObsFormat } from '../objects/observation.ts';
import { Policy } from './policy.ts';
import type { SandboxLimits } from './sandbox.ts';
import type { PolicySource } from './source.ts';
import { EpisodeStepper, type StepRecord } from './stepper.ts';

export interface EpisodeResult {
  score: number;
  steps: number;
  errors: number;
  /** The first few distinct error messages. */
  errorMessages: string[];
  terminated: boolean;
  /** How the episode ended: the game was over, a life was lost (episodic rule), or a limit cut it. */
  ending: 'game over' | 'life lost' | 'frame limit' | 'step limit';
  records?: StepRecord[];
}

export interface PlayOptions {
  episodes: number;
  maxSteps: number;
  seed: number;
  env?: EnvOptions;
  limits?: SandboxLimits;
  /** Keep a per-step execution trace (inputs/outputs of editable functions). */
  trace?: boolean;
  /** What a lost life means (default `game`; see env/life-rule.ts). */
  lifeRule?: LifeRule;
  /** What the policy sees (default `objects`; see observation.ts). */
  obs?: ObsFormat;
  /** The picture the policy may read as obs.frame (absent: none). */
  frame?: FrameShape;
  /** Called after every step (progress display, replay captions) with what was played and the episode's score so far. */
  onStep?: (episode: number, step: number, played: { action: string; reward: number; score: number }) => void;
  /** Called before every decision with what the policy is about to see (pictures for replays). */
  onObserve?: (episode: number, step: number, env: Env, frame: ObjectFrame) => void;
}

/** Plays full episodes (or up to maxSteps) of a policy on a game. */
export function playEpisodes(rom: Rom, source: PolicySource, o: PlayOptions): EpisodeResult[] {
  // Without an observer or obs.frame nothing reads the picture: skip drawing it (same game, faster).
  const env = new Env(rom, { preset: 'v5', drawScreen: o.onObserve !== undefined || o.frame !== undefined, ...o.env, seed: o.seed });
  const stepper = new EpisodeStepper(env, o.obs ?? 'objects', o.lifeRule ?? 'game', o.frame);
  const policy = new Policy(source, env.actionNames, [...env.actionSet], o.limits);
  const results: EpisodeResult[] = [];
  try {
    // Each episode is a new game, except under the episodic rule after a life was lost: then the game's next life.
    let last: LifeStep | undefined;
    for (let e = 0; e < o.episodes; e++) {
      if (last) stepper.nextEpisode(last);
      else stepper.newGame(e === 0 ? { seed: o.seed } : {});
      last = undefined;
      policy.newEpisode(o.seed + e);
      const result: EpisodeResult = { score: 0, steps: 0, errors: 0, errorMessages: [], terminated: false, ending: 'step limit' };
      if (o.trace) result.records = [];
      for (let step = 0; step < o.maxSteps; step++) {
        const { decision: d, result: r, record } = stepper.play(policy, o.trace ?? false, (seen) => o.onObserve?.(e, step, env, seen.frame));
        if (d.error) {
          result.errors++;
          if (result.errorMessages.length < 5 && !result.errorMessages.includes(d.error)) result.errorMessages.push(d.error);
        }
        result.score += r.reward;
        result.steps++;
        result.records?.push(record);
        o.onStep?.(e, step, { action: d.actionName, reward: r.reward, score: result.score });
        if (r.episodeOver) {
          result.terminated = r.terminated;
          result.ending = r.terminated ? 'game over' : r.truncated ? 'frame limit' : 'life lost';
          if (!r.terminated && !r.truncated) last = r;
          break;
        }
      }
      results.push(result);
    }
  } finally {
    policy.dispose();
    env.close();
  }
  return results;
}
