import { Env, type EnvOptions, type StepResult } from '../env/env.ts';
import { nextLifeWithLifeRule, resetWithLifeRule, stepWithLifeRule, type LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { ObjectFrame } from '../objects/types.ts';
import { observationSource, type ObsFormat, type Observed } from './observation.ts';
import { Policy, type PolicyDecision } from './policy.ts';
import type { FunctionCall, SandboxLimits } from './sandbox.ts';
import type { PolicySource } from './source.ts';

/** One step of an execution trace. */
export interface StepRecord {
  step: number;
  /** What the policy saw, in one line (observation.ts). */
  obs: string;
  action: string;
  reward: number;
  lives: number;
  lifeLost: boolean;
  error?: string;
  calls: FunctionCall[];
  done: boolean;
}

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
  /** Called after every step (progress display). */
  onStep?: (episode: number, step: number) => void;
  /** Called before every decision with what the policy is about to see (pictures for replays). */
  onObserve?: (episode: number, step: number, env: Env, frame: ObjectFrame) => void;
}

/** The trace record of one step: what the policy saw and did, and what followed. */
export function stepRecord(step: number, seen: Observed, d: PolicyDecision, r: StepResult & { episodeOver?: boolean }, livesBefore: number): StepRecord {
  return {
    step,
    obs: seen.text,
    action: d.actionName,
    reward: r.reward,
    lives: r.lives,
    lifeLost: r.lives < livesBefore,
    error: d.error,
    calls: d.calls,
    done: r.episodeOver ?? (r.terminated || r.truncated),
  };
}

/** Plays full episodes (or up to maxSteps) of a policy on a game. */
export function playEpisodes(rom: Rom, source: PolicySource, o: PlayOptions): EpisodeResult[] {
  // Without an observer nothing reads the picture: skip drawing it (same game, faster).
  const env = new Env(rom, { preset: 'v5', drawScreen: o.onObserve !== undefined, ...o.env, seed: o.seed });
  const names = env.actionNames as string[];
  const policy = new Policy(source, names, [...env.actionSet], o.limits);
  const observer = observationSource(rom.game, o.obs ?? 'objects', names);
  const results: EpisodeResult[] = [];
  try {
    const rule = o.lifeRule ?? 'game';
    // Under the episodic rule an episode that ended with a life (not the game) is followed by the next life.
    let continueGame = false;
    for (let e = 0; e < o.episodes; e++) {
      // The observer also sees the states the environment passes through on its own (a FIRE that serves a ball).
      const glance = () => void observer.observe(env.ram(), { step: 0, episodeFrame: 0, lives: env.lives(), prevAction: 'NOOP', reward: null });
      let info: { lives: number; episodeFrame: number };
      if (continueGame) {
        // The same game goes on: what was seen stays (OCAtari kept its objects), unless the game ended.
        const next = nextLifeWithLifeRule(env, rule);
        if (next.newGame) observer.reset();
        info = { lives: next.lives, episodeFrame: 0 };
      } else {
        observer.reset();
        info = resetWithLifeRule(env, rule, e === 0 ? { seed: o.seed } : {}, glance);
      }
      policy.newEpisode(o.seed + e);
      let lives = info.lives;
      let episodeFrame = info.episodeFrame;
      let prev = 'NOOP';
      let reward: number | null = null;
      const result: EpisodeResult = { score: 0, steps: 0, errors: 0, errorMessages: [], terminated: false, ending: 'step limit' };
      if (o.trace) result.records = [];
      for (let step = 0; step < o.maxSteps; step++) {
        const seen = observer.observe(env.ram(), { step, episodeFrame, lives, prevAction: prev, reward });
        o.onObserve?.(e, step, env, seen.frame);
        const d = policy.decide(seen.obs, o.trace ?? false);
        if (d.error) {
          result.errors++;
          if (result.errorMessages.length < 5 && !result.errorMessages.includes(d.error)) result.errorMessages.push(d.error);
        }
        const r = stepWithLifeRule(env, d.actionName, rule, lives, glance);
        result.score += r.reward;
        result.steps++;
        const done = r.episodeOver;
        result.records?.push(stepRecord(step, seen, d, r, lives));
        lives = r.lives;
        reward = r.reward;
        episodeFrame = r.episodeFrame;
        prev = d.actionName;
        o.onStep?.(e, step);
        continueGame = false;
        if (done) {
          result.terminated = r.terminated;
          result.ending = r.terminated ? 'game over' : r.truncated ? 'frame limit' : 'life lost';
          continueGame = !r.terminated && !r.truncated;
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
