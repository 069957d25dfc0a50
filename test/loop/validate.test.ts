import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { RolloutWorker } from '../../src/loop/rollouts.ts';
import { validateCandidate } from '../../src/loop/validate.ts';
import { Policy } from '../../src/policy/policy.ts';
import { parsePolicy } from '../../src/policy/source.ts';

// The smoke runs a candidate must pass before it is evaluated, on the demo game.

const demo = findRom('demo', BUNDLED_ROMS);
const load = (name: string) => parsePolicy(readFileSync(join(projectRoot, 'policies', 'demo', name), 'utf8'));
const untuned = load('untuned.ts');

/** Where a rollout of the good demo policy is after `steps` steps (still its first game, score 9). */
function rolloutState(steps: number) {
  const w = new RolloutWorker(demo, {}, 3);
  const p = new Policy(load('modular.ts'), w.actionNames, w.actionIds);
  try {
    w.newGame(p, 3);
    w.play(p, steps, steps, false);
    return w.save();
  } finally {
    p.dispose();
    w.close();
  }
}

const act = (body: string) => ({ reasoning: '', functions: { act: `/** @editable */\nexport function act(obs: Obs, memory: Memory): Action {\n${body}\n}` } });

describe('candidate validation', () => {
  const mid = rolloutState(400);

  it('code that fails only later in a game passes a smoke run from the start, not one from a rollout state', () => {
    // Fails once 8 eggs are caught: never in 300 steps of its own (it does not move), at once where the rollout got to.
    expect(mid.step).toBe(400);
    const late = act("if (obs.hud.score >= 8) throw new Error('late in the game');\nreturn 'NOOP';");
    expect(validateCandidate(demo, untuned, late, { seed: 0 }, 300).ok).toBe(true);
    const v = validateCandidate(demo, untuned, late, { seed: 0 }, 300, mid);
    expect(v).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the smoke run from a rollout's state at step 400 had \d+ policy errors: act\(\) threw: late in the game$/),
    });
  });

  it("from the rollout state the candidate keeps the memory its own run built, not the current policy's", () => {
    // Memory written in the first step of its own game; the untuned policy's memory has no `seen`.
    const own = act("if (obs.step === 0) memory.seen = [];\n(memory.seen as number[]).push(obs.step);\nreturn 'NOOP';");
    expect(validateCandidate(demo, untuned, own, { seed: 0 }, 300, mid).ok).toBe(true);
  });

  it('a failure from the start is named as such', () => {
    const v = validateCandidate(demo, untuned, act("throw new Error('at once');"), { seed: 0 }, 300, mid);
    expect(v).toEqual({ ok: false, reason: 'the smoke run from the start had 300 policy errors: act() threw: at once' });
  });
});
