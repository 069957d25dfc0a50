import { Env, type EnvOptions } from '../env/env.ts';
import type { LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { Rollout } from '../optimizer/types.ts';
import type { ObsFormat } from '../policy/observation.ts';
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

/**
 * One independent rollout stream of the batch: an environment stepped with
 * the policy's observations (policy/stepper.ts) and the policy's memory for
 * it. With resetEachUpdate every segment starts a new game; otherwise
 * segments continue one another.
 */
export class RolloutWorker {
  private readonly stepper: EpisodeStepper;
  private policyState = '';
  private tail: StepRecord[] = [];

  constructor(
    rom: Rom,
    envOptions: EnvOptions,
    private readonly seed: number,
    lifeRule: LifeRule = 'game',
    obs: ObsFormat = 'objects',
  ) {
    const env = new Env(rom, { drawScreen: false, ...envOptions, seed }); // policies read RAM objects only
    this.stepper = new EpisodeStepper(env, obs, lifeRule);
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
    return {
      trace: traceToText(window).split('\n'),
      records: window,
      // What the policy would see next (the next segment starts here).
      finalObs: this.stepper.peek().text,
      steps: window.length,
      reward: window.reduce((a, r) => a + r.reward, 0),
      errors: window.filter((r) => r.error).length,
    };
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
