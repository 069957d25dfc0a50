import { Env, type EnvOptions } from '../env/env.ts';
import { stepWithLifeRule, type LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import { ObjectExtractor } from '../objects/extractor.ts';
import type { Rollout } from '../optimizer/types.ts';
import { makeObservation } from '../policy/observation.ts';
import type { Policy } from '../policy/policy.ts';
import { stepRecord, type StepRecord } from '../policy/runner.ts';
import { traceToText } from '../policy/trace-text.ts';

/** Everything a rollout worker needs to continue later (kept in the run's checkpoint). */
export interface WorkerState {
  /** Emulator state with its RNG, base64. */
  env: string;
  extractor: [string, { x: number; y: number }][];
  /** The policy's memory and random state (JSON). */
  policy: string;
  lives: number;
  episodeFrame: number;
  step: number;
  prevAction: string;
  episodes: number;
  /** The last `horizon` steps played, for a trace that spans segments. */
  tail: StepRecord[];
}

/**
 * One independent rollout stream of the batch: an environment, its object
 * extractor and the policy's memory for it. With resetEachUpdate every
 * segment starts a new game; otherwise segments continue one another.
 */
export class RolloutWorker {
  private readonly env: Env;
  private readonly extractor: ObjectExtractor;
  private state!: Omit<WorkerState, 'env' | 'extractor'>;

  constructor(
    rom: Rom,
    envOptions: EnvOptions,
    private readonly seed: number,
    private readonly lifeRule: LifeRule = 'game',
  ) {
    this.env = new Env(rom, { drawScreen: false, ...envOptions, seed }); // policies read RAM objects only
    this.extractor = new ObjectExtractor(rom.game);
  }

  get actionNames(): string[] {
    return this.env.actionNames;
  }

  get actionIds(): number[] {
    return [...this.env.actionSet];
  }

  /** Starts a new game (the first with the worker's seed); the policy memory starts empty. */
  newGame(policy: Policy, episodeSeed: number): void {
    const first = this.state === undefined;
    const info = first ? this.env.reset({ seed: this.seed }) : this.env.reset();
    this.extractor.reset();
    policy.newEpisode(episodeSeed);
    this.state = {
      policy: policy.getState(),
      lives: info.lives,
      episodeFrame: info.episodeFrame,
      step: 0,
      prevAction: 'NOOP',
      episodes: (this.state?.episodes ?? 0) + 1,
      tail: this.state?.tail ?? [],
    };
  }

  /** Episodic life rule: the next episode is the same game's next life. */
  private nextLife(policy: Policy): void {
    policy.newEpisode(this.seed * 1000 + this.state.episodes);
    this.state.policy = policy.getState();
    this.state.episodes++;
    this.state.step = 0;
    this.state.episodeFrame = 0;
    this.state.prevAction = 'NOOP';
  }

  /**
   * Plays up to `steps` agent steps with `policy`, tracing the editable
   * functions. `stopAtGameOver`: end the segment with the episode — the game,
   * or a life under the episodic rule (else the next one starts and the
   * segment goes on). Returns the last `horizon` steps.
   */
  play(policy: Policy, steps: number, horizon: number, stopAtGameOver: boolean): Rollout {
    policy.setState(this.state.policy);
    const names = this.actionNames;
    const played: StepRecord[] = [];
    for (let i = 0; i < steps; i++) {
      const s = this.state;
      const frame = this.extractor.extract(this.env.ram());
      const obs = makeObservation(frame, { step: s.step, episodeFrame: s.episodeFrame, lives: s.lives }, s.prevAction, names);
      const d = policy.decide(obs, true);
      const r = stepWithLifeRule(this.env, d.actionName, this.lifeRule, s.lives);
      const record = stepRecord(s.step, frame, d, r, s.lives);
      played.push(record);
      s.step++;
      s.lives = r.lives;
      s.episodeFrame = r.episodeFrame;
      s.prevAction = d.actionName;
      if (record.done) {
        if (stopAtGameOver) break;
        // A new game (or, episodic, the next life) with fresh policy memory; the segment goes on.
        if (r.terminated || r.truncated) this.newGame(policy, this.seed * 1000 + this.state.episodes);
        else this.nextLife(policy);
      }
    }
    this.state.policy = policy.getState();
    const window = [...this.state.tail, ...played].slice(-horizon);
    this.state.tail = window;
    return {
      trace: traceToText(window).split('\n'),
      steps: window.length,
      reward: window.reduce((a, r) => a + r.reward, 0),
      errors: window.filter((r) => r.error).length,
    };
  }

  save(): WorkerState {
    return { ...this.state, env: this.env.cloneState({ includeRng: true }).toString('base64'), extractor: this.extractor.snapshot() };
  }

  restore(w: WorkerState): void {
    this.env.restoreState(Buffer.from(w.env, 'base64'));
    this.extractor.restore(w.extractor);
    const { env: _env, extractor: _extractor, ...rest } = w;
    this.state = structuredClone(rest);
  }

  close(): void {
    this.env.close();
  }
}
