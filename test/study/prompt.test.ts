import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { findRom } from '../../src/env/rom.ts';
import { PAPER_ENV } from '../../src/loop/paper.ts';
import { RolloutWorker } from '../../src/loop/rollouts.ts';
import { buildContext } from '../../src/optimizer/context.ts';
import { messageText } from '../../src/optimizer/images.ts';
import type { ContextInput } from '../../src/optimizer/types.ts';
import { Policy } from '../../src/policy/policy.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { ROMS, sharedAvailable } from '../helpers/shared.ts';
import { PONG_LOG } from '../helpers/study-record.ts';

const SECTIONS = ['#Instruction', '#Code', '#Documentation', '#Variables', '#Constraints', '#Inputs', '#Others', '#Outputs', '#Feedback'];

/** The sections of a problem instance, by header. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^(#[A-Z][a-z]+)\n/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!.trim());
  return out;
}

/** Node values of a #Inputs/#Others/#Outputs section, in order: [type, name, value]. */
function nodes(section: string): [string, string, string][] {
  return section.split('\n').map((l) => {
    const m = /^\((\w+)\) (\S+?)=(.*)$/.exec(l)!;
    return [m[1]!, m[2]!, m[3]!];
  });
}

describe.runIf(sharedAvailable(PONG_LOG))("the study's prompt (OptoPrime layout) against its logged instance", () => {
  // The logged iteration 1: its program's 400-step rollout from a reset, Pong at horizon 400.
  const log = readFileSync(join(PONG_LOG, 'iteration-1-instance-and-reply.txt'), 'utf8');
  const logged = sections(log.slice(log.indexOf('#Instruction\n'), log.indexOf('LLM response:')));
  const reply = log.slice(log.indexOf('{"reasoning"'), log.lastIndexOf('}') + 1);

  const rom = findRom('pong', ROMS);
  const worker = new RolloutWorker(rom, PAPER_ENV, 0, { obs: 'ocatari' });
  const file = join(import.meta.dirname, '..', 'fixtures', 'pong-study', 'iteration-1.ts');
  const program = parsePolicy(readFileSync(file, 'utf8'), file);
  const policy = new Policy(program, worker.actionNames, worker.actionIds);
  worker.newGame(policy, 0);
  const rollout = worker.play(policy, 400, 400, true);
  policy.dispose();
  worker.close();
  const input: ContextInput = {
    gameId: 'pong',
    gameName: 'Pong',
    gameDescription: 'You control the right bat.',
    obsDoc: '',
    obs: 'ocatari',
    actionNames: worker.actionNames,
    policy: program,
    horizon: 400,
    rollouts: [rollout],
    history: [],
    tokenBudget: 200_000,
    evaluation: { score: 7, feedback: 'Scores 7.' },
  };
  const context = buildContext(input, 'optoprime');
  const user = messageText(context.messages.find((m) => m.role === 'user')!);
  const ours = sections(user);

  it('has the sections of the logged instance, in its order', () => {
    expect([...logged.keys()]).toEqual(SECTIONS);
    expect([...ours.keys()]).toEqual(SECTIONS);
  });

  it('shows every node value the study showed: the same observations, function results and types, in order', () => {
    // The study listed the first call's result among the inputs; the rest of the values come in the same order.
    // JavaScript has one number type: a Python float with a whole value (128.0) is shown as the int 128.
    const loggedValues = [...nodes(logged.get('#Inputs')!), ...nodes(logged.get('#Others')!), ...nodes(logged.get('#Outputs')!)]
      .filter(([type]) => type !== 'ModelWrapper')
      .map(([type, , value]) => `(${type}) ${value}`.replace(/^\(float\) (-?\d+)\.0$/, '(int) $1'));
    const ourValues = [...nodes(ours.get('#Inputs')!), ...nodes(ours.get('#Others')!), ...nodes(ours.get('#Outputs')!)].map(
      ([type, , value]) => `(${type}) ${value}`,
    );
    // Ours starts with the observation, then the first call; the study's with that call's result, then the observation.
    expect(ourValues.slice(0, 2).reverse().concat(ourValues.slice(2))).toEqual(loggedValues);
  });

  it('writes the graph as the study did: two calls and one step per agent step, each argument naming its node', () => {
    const code = ours.get('#Code')!.split('\n');
    expect(code).toHaveLength(3 * 400);
    expect(code.slice(3, 6)).toEqual([
      'eval2 = eval(obs=PongOCAtariTracedEnv.step.<locals>.step0, __code=__code0)',
      'eval3 = eval(predicted_ball_y=eval2, obs=PongOCAtariTracedEnv.step.<locals>.step0, __code=__code1)',
      'PongOCAtariTracedEnv.step.<locals>.step1 = PongOCAtariTracedEnv.step.<locals>.step(action=eval3)',
    ]);
  });

  it('is as long per step as the logged instance (within 15%)', () => {
    const perStep = (s: Map<string, string>) => (s.get('#Code')!.length + s.get('#Others')!.length) / 400;
    expect(perStep(logged)).toBeGreaterThan(600);
    expect(perStep(ours) / perStep(logged)).toBeGreaterThan(0.85);
    expect(perStep(ours) / perStep(logged)).toBeLessThan(1.15);
  });

  it("reads the study's reply format: suggestion keys are the variables of #Variables", () => {
    const variables = ours.get('#Variables')!;
    expect(variables).toMatch(/^\(code\) __code0:\/\*\*[\s\S]*function predict_ball_trajectory/);
    expect(variables).toMatch(/\(code\) __code1:\/\*\*[\s\S]*function select_action/);
    expect(ours.get('#Constraints')).toContain(
      '(code) __code1: The code should start with:\nexport function select_action(predicted_ball_y: number | null, obs: Obs): number {',
    );
    // The logged reply, its variables renamed to ours (the study's Trace graph numbered them 2 and 4).
    const candidate = context.readReply(reply.replace('"__code2"', '"__code0"').replace('"__code4"', '"__code1"'));
    expect(Object.keys(candidate.functions).sort()).toEqual(['predict_ball_trajectory', 'select_action']);
    expect(candidate.functions.select_action).toMatch(/^def select_action\(self, predicted_ball_y, obs\):/);
    expect(candidate.reasoning).toMatch(/^I'll analyze the problem/);
    expect(() => context.readReply(reply)).toThrow(/names __code\d, which is not one of __code0, __code1/);
    expect(context.readReply('{"reasoning": "fine as it is", "answer": "TERMINATE", "suggestion": {}}').functions).toEqual({});
  });
});
