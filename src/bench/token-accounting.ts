import { Env, type EnvOptions } from '../env/env.ts';
import { stepWithLifeRule, type LifeRule } from '../env/life-rule.ts';
import type { Rom } from '../env/rom.ts';
import type { ObjectFrame } from '../objects/types.ts';
import { estimateTokens } from '../optimizer/tokens.ts';
import { observationSource, type Observed } from '../policy/observation.ts';
import { Policy } from '../policy/policy.ts';
import { stepRecord, type StepRecord } from '../policy/runner.ts';
import type { PolicySource } from '../policy/source.ts';
import { traceToText } from '../policy/trace-text.ts';

export interface TraceSizes {
  steps: number;
  /** Our prompt's trace: one line per step or folded run of uneventful steps. */
  compactTokens: number;
  /**
   * The same steps written out the way the study's prompts held them: per
   * step a line for every function call with its inputs and output, a line
   * for the environment step, and the full observation after it.
   */
  verboseTokens: number;
}

const isObservation = (v: unknown) => typeof v === 'object' && v !== null && 'objects' in v;

/**
 * The study-style rendering of one step (PAPER_NOTES §3): a pseudo-call line
 * per traced function (the observation passed by node name, as the study's
 * #Code did), each call's value, the environment step, and the full
 * observation it produced (its #Others entry).
 */
function verboseStep(r: StepRecord, obs: unknown, k: number): string {
  const arg = (a: unknown) => (isObservation(a) ? `step${k - 1}` : JSON.stringify(a));
  const lines = r.calls.map((c, j) => `eval${k}_${j} = ${c.fn}(${c.args.map(arg).join(', ')})\n  value: ${JSON.stringify(c.result)}`);
  lines.push(`step${k} = env.step(action=${JSON.stringify(r.action)})\n  value: ${JSON.stringify(obs)}`);
  return lines.join('\n');
}

/**
 * Plays `horizon` agent steps of a new game with `source` (as a rollout of the
 * learning loop would) and measures the trace both ways: the prompt-size
 * saving of the compact format on exactly the same steps.
 */
export function traceSizes(rom: Rom, source: PolicySource, horizon: number, env: EnvOptions, lifeRule: LifeRule = 'game', seed = 0): TraceSizes {
  const e = new Env(rom, { drawScreen: false, ...env, seed });
  const policy = new Policy(source, e.actionNames as string[], [...e.actionSet]);
  const obsSource = observationSource(rom.game, 'objects', e.actionNames);
  try {
    const info = e.reset({ seed });
    policy.newEpisode(seed);
    const records: StepRecord[] = [];
    const verbose: string[] = [];
    // The value of step k's node is the observation after it: the one step k + 1 decides on.
    const finish = ({ frame }: { frame: ObjectFrame }) => {
      const k = records.length - 1;
      const r = records[k]!;
      verbose.push(verboseStep(r, { objects: frame.objects, hud: frame.hud, lives: r.lives, reward: r.reward }, k));
    };
    let lives = info.lives;
    let prev = 'NOOP';
    let reward: number | null = null;
    let episodeFrame = info.episodeFrame;
    const see = (step: number): Observed => obsSource.observe(e.ram(), { step, episodeFrame, lives, prevAction: prev, reward });
    for (let step = 0; step < horizon; step++) {
      const seen = see(step);
      if (step > 0) finish(seen);
      const d = policy.decide(seen.obs, true);
      const r = stepWithLifeRule(e, d.actionName, lifeRule, lives);
      records.push(stepRecord(step, seen, d, r, lives));
      lives = r.lives;
      prev = d.actionName;
      reward = r.reward;
      episodeFrame = r.episodeFrame;
      if (r.episodeOver) break;
    }
    if (records.length > 0) finish(see(records.length));
    return { steps: records.length, compactTokens: estimateTokens(traceToText(records)), verboseTokens: estimateTokens(verbose.join('\n')) };
  } finally {
    policy.dispose();
    e.close();
  }
}
