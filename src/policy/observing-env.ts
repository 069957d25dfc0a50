import type { ActionName } from '../env/actions.ts';
import type { Env, ResetInfo, StepResult } from '../env/env.ts';
import type { ObsFormat } from './observation.ts';
import { EpisodeStepper } from './stepper.ts';

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
  private readonly stepper: EpisodeStepper;

  constructor(
    readonly env: Env,
    readonly format: ObsFormat,
  ) {
    this.stepper = new EpisodeStepper(env, format);
  }

  reset(options: { seed?: number } = {}): ObservedStep<ResetInfo> {
    const info = this.stepper.newGame(options);
    return { ...info, obs: this.stepper.observe().obs };
  }

  step(action: number | ActionName): ObservedStep<StepResult> {
    const { lifeLost: _lifeLost, episodeOver: _episodeOver, ...r } = this.stepper.advance(action);
    return { ...r, obs: this.stepper.observe().obs };
  }
}
