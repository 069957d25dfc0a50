import type { EnvOptions } from '../env/env.ts';
import type { LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import { RolloutWorker } from '../loop/rollouts.ts';
import { buildContext } from '../optimizer/context.ts';
import type { ContextInput } from '../optimizer/types.ts';
import type { ObsFormat } from '../objects/observation.ts';
import { Policy } from '../policy/policy.ts';
import type { PolicySource } from '../policy/source.ts';

export interface TraceSizes {
  steps: number;
  /** The compact layout's trace: one line per step or folded run of uneventful steps. */
  compactTokens: number;
  /** The same steps in the study's layout (optimizer/optoprime.ts): #Code, #Inputs, #Others and #Outputs. */
  optoprimeTokens: number;
}

const OPTOPRIME_TRACE = new Set(['#Code', '#Inputs', '#Others', '#Outputs']);

/**
 * Plays `horizon` agent steps of a new game with `source`, as a rollout of
 * the learning loop does, and measures the trace in both prompt layouts on
 * exactly the same steps.
 */
export function traceSizes(
  rom: Rom,
  source: PolicySource,
  horizon: number,
  env: EnvOptions,
  lifeRule: LifeRule = 'game',
  obs: ObsFormat = 'objects',
  seed = 0,
): TraceSizes {
  const worker = new RolloutWorker(rom, env, seed, { lifeRule, obs });
  const policy = new Policy(source, worker.actionNames, worker.actionIds);
  try {
    worker.newGame(policy, seed);
    const rollout = worker.play(policy, horizon, horizon, true);
    const input: ContextInput = {
      gameId: rom.game.id,
      gameName: rom.game.name,
      gameDescription: '',
      obsDoc: '',
      obs,
      actionNames: worker.actionNames,
      policy: source,
      horizon,
      rollouts: [rollout],
      history: [],
      tokenBudget: Number.POSITIVE_INFINITY,
    };
    const tokens = (names: (name: string) => boolean, kind: 'compact' | 'optoprime') =>
      buildContext(input, kind)
        .sections.filter((s) => names(s.name))
        .reduce((a, s) => a + s.tokens, 0);
    return {
      steps: rollout.steps,
      compactTokens: tokens((n) => n.startsWith('Execution trace'), 'compact'),
      optoprimeTokens: tokens((n) => OPTOPRIME_TRACE.has(n), 'optoprime'),
    };
  } finally {
    policy.dispose();
    worker.close();
  }
}
