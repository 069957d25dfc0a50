import { Env, type EnvOptions } from '../env/env.ts';
import { nextLifeWithLifeRule, resetWithLifeRule, stepWithLifeRule, type LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { Rollout } from '../optimizer/types.ts';
import { observationSource, type ObservationSource, type ObsFormat } from '../policy/observation.ts';
import type { Policy } from '../policy/policy.ts';
import { stepRecord, type StepRecord } from '../policy/runner.ts';
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
 * One independent rollout stream of the batch: an environment, its
 * observation source and the policy's memory for it. With resetEachUpdate every
 * segment starts a new game; otherwise segments continue one another.
 */
export class RolloutWorker {
  private readonly env: Env;
  private readonly source: ObservationSource;
  private state!: Omit<WorkerState, 'env' | 'observer'>;

  constructor(
    rom: Rom,
    envOptions: EnvOptions,
    private readonly seed: number,
    private readonly lifeRule: LifeRule = 'game',
    obs: ObsFormat = 'objects',
  ) {
    this.env = new Env(rom, { drawScreen: false, ...envOptions, seed }); // policies read RAM objects only
    this.source = observationSource(rom.game, obs, this.env.actionNames);
  }

  /** The source also sees the states the environment passes through on its own (a FIRE that serves a ball). */
  private readonly glance = (): void => {
    this.source.observe(this.env.ram(), { step: 0, episodeFrame: 0, lives: this.env.lives(), prevAction: 'NOOP', reward: null });
  };

  get actionNames(): string[] {
    return this.env.actionNames;
  }

  get actionIds(): number[] {
    return [...this.env.actionSet];
  }

  /** Starts a new game (the first with the worker's seed); the policy memory starts empty. */
  newGame(policy: Policy, episodeSeed: number): void {
    const first = this.state === undefined;
    this.source.reset();
    const info = resetWithLifeRule(this.env, this.lifeRule, first ? { seed: this.seed } : {}, this.glance);
    policy.newEpisode(episodeSeed);
    this.state = {
      policy: policy.getState(),
      lives: info.lives,
      episodeFrame: info.episodeFrame,
      step: 0,
      prevAction: 'NOOP',
      reward: null,
      episodes: (this.state?.episodes ?? 0) + 1,
      tail: this.state?.tail ?? [],
    };
  }

  /** Episodic life rule: the next episode is the same game's next life (or a new game, if the game ended on the way). */
  private nextLife(policy: Policy): void {
    const next = nextLifeWithLifeRule(this.env, this.lifeRule);
    if (next.newGame) this.source.reset();
    this.state.lives = next.lives;
    policy.newEpisode(this.seed * 1000 + this.state.episodes);
    this.state.policy = policy.getState();
    this.state.episodes++;
    this.state.step = 0;
    this.state.episodeFrame = 0;
    this.state.prevAction = 'NOOP';
    this.state.reward = null;
  }

  /**
   * Plays up to `steps` agent steps with `policy`, tracing the editable
   * functions. `stopAtGameOver`: end the segment with the episode — the game,
   * or a life under the episodic rule (else the next one starts and the
   * segment goes on). Returns the last `horizon` steps.
   */
  play(policy: Policy, steps: number, horizon: number, stopAtGameOver: boolean): Rollout {
    policy.setState(this.state.policy);
    const played: StepRecord[] = [];
    for (let i = 0; i < steps; i++) {
      const s = this.state;
      const seen = this.source.observe(this.env.ram(), s);
      const d = policy.decide(seen.obs, true);
      const r = stepWithLifeRule(this.env, d.actionName, this.lifeRule, s.lives, this.glance);
      const record = stepRecord(s.step, seen, d, r, s.lives);
      played.push(record);
      s.step++;
      s.lives = r.lives;
      s.episodeFrame = r.episodeFrame;
      s.prevAction = d.actionName;
      s.reward = r.reward;
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
    // What the policy would see next, without moving the source on (the next segment starts here).
    const kept = this.source.snapshot();
    const finalObs = this.source.observe(this.env.ram(), this.state).text;
    this.source.restore(kept);
    return {
      trace: traceToText(window).split('\n'),
      records: window,
      finalObs,
      steps: window.length,
      reward: window.reduce((a, r) => a + r.reward, 0),
      errors: window.filter((r) => r.error).length,
    };
  }

  save(): WorkerState {
    return { ...this.state, env: this.env.cloneState({ includeRng: true }).toString('base64'), observer: this.source.snapshot() };
  }

  restore(w: WorkerState): void {
    this.env.restoreState(Buffer.from(w.env, 'base64'));
    // Checkpoints from before observation formats were a setting named the objects' state `extractor`.
    const legacy = w as WorkerState & { extractor?: unknown };
    this.source.restore(legacy.observer ?? legacy.extractor);
    const { env: _env, observer: _observer, extractor: _extractor, ...rest } = legacy;
    this.state = { ...structuredClone(rest), reward: rest.reward ?? null };
  }

  close(): void {
    this.env.close();
  }
}
