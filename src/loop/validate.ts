import type { EnvOptions, FrameShape } from '../env/env.ts';
import type { LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { Candidate, Rollout } from '../optimizer/types.ts';
import type { ObsFormat } from '../objects/observation.ts';
import { Policy } from '../policy/policy.ts';
import { replaceFunctions, type PolicySource } from '../policy/source.ts';
import { RolloutWorker, type WorkerState } from './rollouts.ts';

export type Validation = { ok: true; policy: PolicySource } | { ok: false; reason: string };

/** The run's game settings and observations, which the smoke runs use. */
export interface ValidationPlay {
  seed: number;
  env?: EnvOptions;
  obs?: ObsFormat;
  frame?: FrameShape;
  lifeRule?: LifeRule;
}

/**
 * Checks a candidate before it may replace the policy: it only rewrites
 * editable functions, parses, compiles, and plays `steps` agent steps in the
 * sandbox without a policy error, as the rollouts play (traced): from the
 * start of a game, and then, with the memory it built there, from
 * `midEpisode` (a rollout's saved state), so code that only fails later in a
 * game (another life, a higher score, objects that appear later) is caught
 * before it is evaluated.
 */
export function validateCandidate(
  rom: Rom,
  current: PolicySource,
  candidate: Candidate,
  play: ValidationPlay = { seed: 0 },
  steps = 20,
  midEpisode?: WorkerState,
): Validation {
  const names = Object.keys(candidate.functions);
  if (names.length === 0) return { ok: false, reason: 'the candidate changes no function' };
  const notEditable = names.filter((n) => !current.editable.includes(n));
  if (notEditable.length) return { ok: false, reason: `only ${current.editable.join(', ')} may be changed, not ${notEditable.join(', ')}` };
  let source: PolicySource;
  try {
    source = replaceFunctions(current, candidate.functions);
  } catch (err) {
    return { ok: false, reason: `the new code does not parse: ${(err as Error).message}` };
  }
  const worker = new RolloutWorker(rom, play.env ?? {}, play.seed, { lifeRule: play.lifeRule, obs: play.obs, frame: play.frame });
  let policy: Policy | undefined;
  try {
    try {
      policy = new Policy(source, worker.actionNames, worker.actionIds);
    } catch (err) {
      return { ok: false, reason: `the new code does not load: ${(err as Error).message}` };
    }
    worker.newGame(policy, play.seed);
    const fromStart = worker.play(policy, steps, steps, false);
    if (fromStart.errors > 0) return { ok: false, reason: `the smoke run from the start had ${errorsOf(fromStart)}` };
    if (midEpisode) {
      // The game where a rollout left it, the candidate's memory as its own run left it.
      worker.restore({ ...midEpisode, policy: worker.save().policy, tail: [] });
      const fromMid = worker.play(policy, steps, steps, false);
      if (fromMid.errors > 0) return { ok: false, reason: `the smoke run from a rollout's state at step ${midEpisode.step} had ${errorsOf(fromMid)}` };
    }
  } finally {
    policy?.dispose();
    worker.close();
  }
  return { ok: true, policy: source };
}

function errorsOf(r: Rollout): string {
  return `${r.errors} policy errors: ${r.records.find((s) => s.error)?.error}`;
}
