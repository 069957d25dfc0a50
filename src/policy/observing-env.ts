import type { Env, ResetInfo, StepResult } from '../env/env.ts';
import type { ActionName } from '../env/actions.ts';
import { observationSource, type ObservationSource, type ObsFormat, type StepContext } from './observation.ts';

/** A step's result with what a policy would see after it. */
export type ObservedStep<T extends ResetInfo> = Omit<T, 'obs'> & { obs: unknown };

/**
 * An environment whose reset() and step() also return what a policy sees:
 * the project's objects (`objects`) or the study's OCAtari dictionaries
 * (`ocatari`), as `obsType` does for RAM and pictures. The observation layer
 * lives above the environment, so it wraps an Env rather than being one of
 * its options. No life rule is applied: the game's own episodes, as Env
 * plays them.
 */
export class ObservingEnv {
  private readonly source: ObservationSource;
  private at: StepContext = { step: 0, episodeFrame: 0, lives: 0, prevAction: 'NOOP', reward: null };

  constructor(
    readonly env: Env,
    readonly format: ObsFormat,
  ) {
    this.source = observationSource(env.rom.game, format, env.actionNames);
  }

  reset(options: { seed?: number } = {}): ObservedStep<ResetInfo> {
    this.source.reset();
    const info = this.env.reset(options);
    this.at = { step: 0, episodeFrame: info.episodeFrame, lives: info.lives, prevAction: 'NOOP', reward: null };
    return { ...info, obs: this.source.observe(this.env.ram(), this.at).obs };
  }

  step(action: number | ActionName): ObservedStep<StepResult> {
    const r = this.env.step(action);
    const name = typeof action === 'string' ? action : this.env.actionNames[action]!;
    this.at = { step: this.at.step + 1, episodeFrame: r.episodeFrame, lives: r.lives, prevAction: name, reward: r.reward };
    return { ...r, obs: this.source.observe(this.env.ram(), this.at).obs };
  }
}
