import { Env, type EnvOptions, type FrameShape } from '../env/env.ts';
import type { LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import { keyEvents } from '../optimizer/images.ts';
import type { Rollout } from '../optimizer/types.ts';
import type { ObsFormat } from '../objects/observation.ts';
import type { Policy } from '../policy/policy.ts';
import { EpisodeStepper, type StepRecord } from '../policy/stepper.ts';
import { traceToText } from '../policy/trace-text.ts';

/** Everything a rollout worker needs to continue later (kept in the run's checkpoint). */
export interface WorkerState {
  /** Emulator state with its RNG, base64. */
  env: string;
  /** What the observation source carries between steps (previous positions). */
  observer: unknown;
  /** The policy's memory and random state (JSON). */
  policy: string;
  lives: number;
  episodeFrame: number;
  step: number;
  prevAction: string;
  /** The reward of the last step (null at the start of an episode). */
  reward: number | null;
  episodes: number;
  /** The last `horizon` steps played, for a trace that spans segments. */
  tail: StepRecord[];
}

/** How a rollout is played and what it keeps, besides the environment. */
export interface RolloutView {
  /** What a lost life means (default `game`). */
  lifeRule?: LifeRule;
  /** What the policy sees (default `objects`). */
  obs?: ObsFormat;
  /** The picture policies may read as obs.frame (absent: none). */
  frame?: FrameShape;
  /**
   * Pictures the optimizer may be shown per rollout (0: none): the screen
   * after the window's last step and after the latest steps with a reward,
   * a lost life or an episode's end.
   */
  keyFrames?: number;
}

/**
 * One independent rollout stream of the batch: an environment stepped with
 * the policy's observations (policy/stepper.ts) and the policy's memory for
 * it. With resetEachUpdate every segment starts a new game; otherwise
 * segments continue one another.
 */
export class RolloutWorker {
  private readonly stepper: EpisodeStepper;
  private readonly keyFrames: number;
  private policyState = '';
  private tail: StepRecord[] = [];

  constructor(
    rom: Rom,
    envOptions: EnvOptions,
    private readonly seed: number,
    view: RolloutView = {},
  ) {
    this.keyFrames = view.keyFrames ?? 0;
    // Without pictures, policies read RAM objects only: the screen is not drawn.
    const drawScreen = view.frame !== undefined || this.keyFrames > 0;
    const env = new Env(rom, { drawScreen, ...envOptions, seed });
    this.stepper = new EpisodeStepper(env, view.obs ?? 'objects', view.lifeRule ?? 'game', view.frame);
  }

  get actionNames(): string[] {
    return this.stepper.actionNames;
  }

  get actionIds(): number[] {
    return [...this.stepper.env.actionSet];
  }

  /** The seed of the next episode's policy memory: the first game's is the caller's, later ones count episodes. */
  private get episodeSeed(): number {
    return this.seed * 1000 + this.stepper.episodes;
  }

  /** Starts a new game (the first with the worker's seed); the policy memory starts empty. */
  newGame(policy: Policy, episodeSeed: number): void {
    this.stepper.newGame(this.stepper.episodes === 0 ? { seed: this.seed } : {});
    policy.newEpisode(episodeSeed);
    this.policyState = policy.getState();
  }

  /**
   * Plays up to `steps` agent steps with `policy`, tracing the editable
   * functions. `stopAtGameOver`: end the segment with the episode — the game,
   * or a life under the episodic rule (else the next one starts and the
   * segment goes on). Returns the last `horizon` steps.
   */
  play(policy: Policy, steps: number, horizon: number, stopAtGameOver: boolean): Rollout {
    policy.setState(this.policyState);
    const played: StepRecord[] = [];
    for (let i = 0; i < steps; i++) {
      const { result, record } = this.stepper.play(policy, true);
      if (this.keyFrames > 0 && keyEvents(record).length > 0) record.picture = this.picture();
      played.push(record);
      if (record.done) {
        if (stopAtGameOver) break;
        // A new game (or, episodic, the next life) with fresh policy memory; the segment goes on.
        const seed = this.episodeSeed;
        this.stepper.nextEpisode(result);
        policy.newEpisode(seed);
      }
    }
    this.policyState = policy.getState();
    const window = [...this.tail, ...played].slice(-horizon);
    this.tail = window;
    if (this.keyFrames > 0) this.keepLatestPictures(window);
    const last = window.at(-1);
    return {
      trace: traceToText(window).split('\n'),
      records: window,
      // The screen after the last step (unless the next game has begun since: then that step kept its own).
      ...(this.keyFrames > 0 && last && !last.picture ? { endPicture: this.picture() } : {}),
      // What the policy would see next (the next segment starts here).
      finalObs: this.stepper.peek().text,
      steps: window.length,
      reward: window.reduce((a, r) => a + r.reward, 0),
      errors: window.filter((r) => r.error).length,
    };
  }

  private picture(): string {
    return Buffer.from(this.stepper.env.screenPng()).toString('base64');
  }

  /** Pictures older than the latest `keyFrames` are never shown: they are dropped (checkpoints keep the window). */
  private keepLatestPictures(window: StepRecord[]): void {
    let kept = 0;
    for (let i = window.length - 1; i >= 0; i--) {
      const r = window[i]!;
      if (r.picture !== undefined && ++kept > this.keyFrames) delete r.picture;
    }
  }

  save(): WorkerState {
    const { at, episodes, observer } = this.stepper.save();
    return { ...at, episodes, observer, policy: this.policyState, tail: this.tail, env: this.stepper.env.cloneState({ includeRng: true }).toString('base64') };
  }

  restore(w: WorkerState): void {
    this.stepper.env.restoreState(Buffer.from(w.env, 'base64'));
    // Checkpoints from before observation formats were a setting named the objects' state `extractor`.
    const legacy = structuredClone(w) as WorkerState & { extractor?: unknown };
    const at = { step: legacy.step, episodeFrame: legacy.episodeFrame, lives: legacy.lives, prevAction: legacy.prevAction, reward: legacy.reward ?? null };
    this.stepper.restore({ at, episodes: legacy.episodes, observer: legacy.observer ?? legacy.extractor });
    this.policyState = legacy.policy;
    this.tail = legacy.tail;
  }

  close(): void {
    this.stepper.env.close();
  }
}
