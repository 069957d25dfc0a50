import type { ActionName } from '../env/actions.ts';
import { checkFrameShape, type Env, type FrameShape, type ResetInfo } from '../env/env.ts';
import { HorizonError } from '../env/errors.ts';
import { nextLifeWithLifeRule, resetWithLifeRule, stepWithLifeRule, type LifeRule, type LifeStep } from '../env/life-rule.ts';
import { observationSource, type ObservationSource, type ObsFormat, type Observed, type StepContext } from '../objects/observation.ts';
import type { Policy, PolicyDecision } from './policy.ts';
import type { FunctionCall, PolicyFrame } from './sandbox.ts';

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
  /** The screen after the step as a PNG (base64), kept for steps shown to optimizers as images (loop/rollouts.ts). */
  picture?: string;
}

/** One agent step played by a policy. */
export interface PlayedStep {
  seen: Observed;
  decision: PolicyDecision;
  result: LifeStep;
  record: StepRecord;
}

/** What a stepper carries between steps, for checkpoints (the environment's own state aside). */
export interface StepperState {
  at: StepContext;
  /** Episodes begun so far. */
  episodes: number;
  /** What the observation source carries between steps (previous positions). */
  observer: unknown;
}

/**
 * The one owner of an agent's step: an environment, what the policy sees of
 * it, and a life rule. Every loop that plays a game step by step — play and
 * evaluation, training's rollouts, validation, observation dumps, token
 * accounting, benchmarks — goes through it, so an observation always carries
 * the same step, frame, lives, previous action and reward.
 *
 * Policy memory is not the stepper's: callers start a policy's episode
 * (Policy.newEpisode) when newGame/nextEpisode tell them one began.
 */
export class EpisodeStepper {
  readonly source: ObservationSource;
  /** Where the episode stands: what the next observation is made from. */
  at: StepContext = { step: 0, episodeFrame: 0, lives: 0, prevAction: 'NOOP', reward: null };
  episodes = 0;

  constructor(
    readonly env: Env,
    format: ObsFormat,
    readonly lifeRule: LifeRule = 'game',
    /** The picture policies may read as obs.frame (absent: none); the environment must draw its screen. */
    readonly frameShape?: FrameShape,
  ) {
    // With a picture, obs.frame is the picture and the objects' frame counter obs.episodeFrame.
    this.source = observationSource(env.rom.game, format, env.actionNames, frameShape !== undefined);
    if (frameShape) {
      checkFrameShape(frameShape, env.screenHeight);
      if (!env.drawScreen) throw new HorizonError('obs.frame needs the screen: create the environment without drawScreen: false', 'ERR_BAD_ARGUMENT');
    }
  }

  /** The picture of the screen now, as obs.frame holds it. */
  policyFrame(): PolicyFrame {
    const shape = this.frameShape!;
    return { width: shape.width, height: shape.height, channels: shape.color === 'rgb' ? 3 : 1, pixels: this.env.resizedScreen(shape) };
  }

  get actionNames(): ActionName[] {
    return this.env.actionNames;
  }

  /** The source also sees the states the environment passes through on its own (a FIRE that serves a ball). */
  private readonly glance = (): void => {
    this.source.observe(this.env.ram(), { step: 0, episodeFrame: 0, lives: this.env.lives(), prevAction: 'NOOP', reward: null });
  };

  /** A new game under the life rule; what was seen is forgotten. */
  newGame(options: { seed?: number } = {}): ResetInfo<unknown> {
    this.source.reset();
    const info = resetWithLifeRule(this.env, this.lifeRule, options, this.glance);
    this.startEpisode(info.lives, info.episodeFrame);
    return info;
  }

  /**
   * The episode after `last` ended one: a new game after a game over or a
   * truncation; under the episodic rule, the same game's next life (what was
   * seen stays, as OCAtari kept its objects). Returns whether a new game began.
   */
  nextEpisode(last: LifeStep): boolean {
    if (last.terminated || last.truncated) {
      this.newGame();
      return true;
    }
    const next = nextLifeWithLifeRule(this.env, this.lifeRule);
    if (next.newGame) this.source.reset();
    this.startEpisode(next.lives, 0);
    return next.newGame;
  }

  private startEpisode(lives: number, episodeFrame: number): void {
    this.at = { step: 0, episodeFrame, lives, prevAction: 'NOOP', reward: null };
    this.episodes++;
  }

  /** What the policy sees now; the source moves on (movement is measured from here). */
  observe(): Observed {
    return this.source.observe(this.env.ram(), this.at);
  }

  /** What the policy would see now, without moving the source on. */
  peek(): Observed {
    const kept = this.source.snapshot();
    const seen = this.observe();
    this.source.restore(kept);
    return seen;
  }

  /** One agent step with `action` (an index into the minimal set, or a name) under the life rule. */
  advance(action: number | ActionName | string): LifeStep {
    const r = stepWithLifeRule(this.env, action, this.lifeRule, this.at.lives, this.glance);
    const name = typeof action === 'number' ? this.env.actionNames[action]! : action;
    this.at = { step: this.at.step + 1, episodeFrame: r.episodeFrame, lives: r.lives, prevAction: name, reward: r.reward };
    return r;
  }

  /**
   * One step of `policy`: it sees, decides and the action is played.
   * `beforeDecide` sees what the policy is about to see (pictures for replays).
   */
  play(policy: Policy, trace: boolean, beforeDecide?: (seen: Observed) => void): PlayedStep {
    const seen = this.observe();
    beforeDecide?.(seen);
    // Made (and copied into the sandbox) only if the policy reads obs.frame, before the step is played.
    const frame = this.frameShape && (() => this.policyFrame());
    const decision = policy.decide(seen.obs, trace, frame);
    const { step, lives } = this.at;
    const result = this.advance(decision.actionName);
    const record: StepRecord = {
      step,
      obs: seen.text,
      action: decision.actionName,
      reward: result.reward,
      lives: result.lives,
      lifeLost: result.lives < lives,
      error: decision.error,
      calls: decision.calls,
      done: result.episodeOver,
    };
    return { seen, decision, result, record };
  }

  save(): StepperState {
    return { at: { ...this.at }, episodes: this.episodes, observer: this.source.snapshot() };
  }

  restore(s: StepperState): void {
    this.at = { ...s.at };
    this.episodes = s.episodes;
    this.source.restore(s.observer);
  }
}
