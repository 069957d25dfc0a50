import type { Rom } from '../env/rom.ts';
import { playEpisodes, type PlayOptions } from '../policy/runner.ts';
import { replaceFunctions, type PolicySource } from '../policy/source.ts';
import type { Candidate } from './types.ts';

export type Validation = { ok: true; policy: PolicySource } | { ok: false; reason: string };

/**
 * Checks a candidate before it may replace the policy: it only rewrites
 * editable functions, parses, compiles, and plays a short smoke run in the
 * sandbox without a policy error, on the run's own game settings and
 * observations (`play`: environment, observation format, life rule).
 */
export function validateCandidate(
  rom: Rom,
  current: PolicySource,
  candidate: Candidate,
  play: Pick<PlayOptions, 'env' | 'obs' | 'lifeRule' | 'seed'> = { seed: 0 },
  smokeSteps = 20,
): Validation {
  const names = Object.keys(candidate.functions);
  if (names.length === 0) return { ok: false, reason: 'the candidate changes no function' };
  const notEditable = names.filter((n) => !current.editable.includes(n));
  if (notEditable.length) return { ok: false, reason: `only ${current.editable.join(', ')} may be changed, not ${notEditable.join(', ')}` };
  let policy: PolicySource;
  try {
    policy = replaceFunctions(current, candidate.functions);
  } catch (err) {
    return { ok: false, reason: `the new code does not parse: ${(err as Error).message}` };
  }
  try {
    const [r] = playEpisodes(rom, policy, { ...play, episodes: 1, maxSteps: smokeSteps });
    if (r!.errors > 0) return { ok: false, reason: `the smoke run had ${r!.errors} policy errors: ${r!.errorMessages[0]}` };
  } catch (err) {
    return { ok: false, reason: `the new code does not load: ${(err as Error).message}` };
  }
  return { ok: true, policy };
}
