import type { ObsFormat } from '../objects/observation.ts';
import type { StepRecord } from '../policy/stepper.ts';
import { isObsRef } from '../policy/sandbox.ts';
import type { PolicyFunction } from '../policy/source.ts';
import { estimateTokens } from './tokens.ts';
import { pythonRepr, pythonType } from './python-repr.ts';
import type { BuiltContext, Candidate, ChatMessage, ContextInput, Rollout } from './types.ts';

/**
 * The study's prompt layout: Trace's OptoPrime problem instance. The trace
 * is a graph written as code: every call of an editable function is an
 * `eval` node whose arguments name earlier nodes, every environment step a
 * node fed by the action; #Others lists each node's value, #Outputs the
 * last observation. The editable functions are the variables `__codeN`, and
 * the reply is a JSON object whose `suggestion` maps them to new code. Node
 * names, section order and value formats follow the study's logged
 * instances (../shared/paper/pong-log); the wording is ours.
 */

const SECTIONS = ['#Instruction', '#Code', '#Documentation', '#Variables', '#Constraints', '#Inputs', '#Others', '#Outputs', '#Feedback'] as const;

const SYSTEM = `You are given a program's execution as a computational graph and asked to improve the program.

The problem comes in sections:
#Instruction: the task and what to improve.
#Code: the execution, one line per operation: "name = operator(arguments)". eval(..., __code=__codeN) runs the code held by variable __codeN on the other arguments.
#Documentation: what each operator does.
#Variables: the variables you may change, each as (type) name=value.
#Constraints: what the new value of each variable must respect.
#Inputs: values that fed the graph and that you cannot change.
#Others: the values of the intermediate nodes, in the order they were computed.
#Outputs: the final result.
#Feedback: how good the result was.

The code is TypeScript. A new value of a variable is the complete new code of its function, doc comment included; it must start as #Constraints says. Use only plain TypeScript/JavaScript (no imports, no Node APIs, no timers); each call must finish within a few milliseconds.

Think it through, then answer with one JSON object and nothing else:
{"reasoning": "<why the feedback is what it is and what to change>", "answer": "<an answer, if the instruction asks for one; else empty>", "suggestion": {"<variable name>": "<its new value>"}}
Put in "suggestion" only the variables you change. If nothing should change, answer "TERMINATE" in "answer" and leave "suggestion" empty.`;

const EVAL_DOC = '[eval] eval(__code, *args) runs the function whose code is the variable __code on the arguments and returns its result.';

/** How the environment-step operator is named: on the study's observations, as its traced environment was named. */
function stepOperator(gameId: string, obs: ObsFormat): string {
  const title = gameId
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return obs === 'ocatari' ? `${title}OCAtariTracedEnv.step.<locals>.step` : `${title}Env.step`;
}

const FLOAT_KEYS = new Set(['reward']);

/** An observation's text (JSON for the study's observations) as Python would print it. */
function obsValue(text: string): { type: string; repr: string } {
  try {
    const v = JSON.parse(text) as unknown;
    return { type: pythonType(v), repr: pythonRepr(v, FLOAT_KEYS) };
  } catch {
    return { type: 'str', repr: text };
  }
}

/** Variable names of the editable functions: __code0, __code1, ... in source order. */
function variableNames(editable: PolicyFunction[]): Map<string, string> {
  return new Map(editable.map((f, i) => [f.name, `__code${i}`]));
}

interface Graph {
  code: string[];
  inputs: string[];
  others: string[];
  output: string;
}

/**
 * One rollout's window as a graph. Each call's argument names the node whose
 * value it received: the step's observation, or the result of an earlier
 * call in the same step (matched by value); anything else is written as a
 * literal. The action fed to the step is the last call's node when that
 * call returned the action taken.
 */
function rolloutGraph(
  records: StepRecord[],
  finalObs: string,
  vars: Map<string, string>,
  params: Map<string, string[]>,
  op: string,
  actions: string[],
  counter: { evals: number; steps: number; inputs: number },
): Graph {
  const g: Graph = { code: [], inputs: [], others: [], output: '' };
  let obsNode = `getitem${counter.inputs++}`;
  const first = records[0] ? obsValue(records[0].obs) : obsValue(finalObs);
  g.inputs.push(`(${first.type}) ${obsNode}=${first.repr}`);
  for (const [t, r] of records.entries()) {
    const results: { node: string; json: string }[] = [];
    let lastNode: string | undefined;
    let lastResult: unknown;
    for (const c of r.calls) {
      const variable = vars.get(c.fn);
      if (!variable) continue;
      const node = `eval${counter.evals++}`;
      const names = params.get(c.fn) ?? [];
      const args = c.args.map((a, i) => {
        const json = JSON.stringify(a);
        const source = isObsRef(a) ? obsNode : [...results].reverse().find((p) => p.json === json)?.node;
        return `${names[i] ?? `arg${i}`}=${source ?? pythonRepr(a, FLOAT_KEYS)}`;
      });
      g.code.push(`${node} = eval(${[...args, `__code=${variable}`].join(', ')})`);
      g.others.push(`(${pythonType(c.result)}) ${node}=${pythonRepr(c.result, FLOAT_KEYS)}`);
      results.push({ node, json: JSON.stringify(c.result) });
      lastNode = node;
      lastResult = c.result;
    }
    const returned = lastNode !== undefined && (lastResult === r.action || (typeof lastResult === 'number' && actions[lastResult] === r.action));
    const action = returned ? lastNode : pythonRepr(actions.includes(r.action) ? actions.indexOf(r.action) : r.action);
    const stepNode = `${op}${counter.steps++}`;
    g.code.push(`${stepNode} = ${op}(action=${action})`);
    const next = obsValue(records[t + 1]?.obs ?? finalObs);
    const line = `(${next.type}) ${stepNode}=${next.repr}`;
    if (t === records.length - 1) g.output = line;
    else g.others.push(line);
    obsNode = stepNode;
  }
  return g;
}

function rolloutFeedback(r: Rollout): string {
  const errors = r.errors ? `, with ${r.errors} policy errors` : '';
  const ended = r.records.at(-1)?.done ? ', until the episode ended,' : '';
  return `The rollout ran ${r.steps} steps${ended} and earned a total reward of ${r.reward.toFixed(1)}${errors}.`;
}

/** Reads a reply in the layout's format: {"reasoning", "answer", "suggestion": {"__codeN": code}}. */
function replyReader(vars: Map<string, string>): (text: string) => Candidate {
  const byVariable = new Map([...vars].map(([fn, v]) => [v, fn]));
  return (text) => {
    const trimmed = text.trim();
    const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(trimmed)?.[1];
    let data: unknown;
    for (const c of [trimmed, fenced, trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1)]) {
      if (!c?.trim().startsWith('{')) continue;
      try {
        data = JSON.parse(c);
        break;
      } catch {
        // the next form
      }
    }
    if (data === undefined || typeof data !== 'object' || data === null) throw new Error('the reply is not the JSON object asked for');
    const d = data as { reasoning?: unknown; answer?: unknown; suggestion?: unknown };
    const reasoning = typeof d.reasoning === 'string' ? d.reasoning : '';
    if (d.suggestion === undefined || d.suggestion === null || d.suggestion === '') return { reasoning, functions: {} };
    if (typeof d.suggestion !== 'object' || Array.isArray(d.suggestion)) throw new Error('"suggestion" is not an object of variables');
    const functions: Record<string, string> = {};
    for (const [variable, code] of Object.entries(d.suggestion as Record<string, unknown>)) {
      const fn = byVariable.get(variable) ?? (vars.has(variable) ? variable : undefined);
      if (!fn) throw new Error(`"suggestion" names ${variable}, which is not one of ${[...byVariable.keys()].join(', ')}`);
      if (typeof code !== 'string') throw new Error(`"suggestion.${variable}" is not a string of code`);
      functions[fn] = code;
    }
    return { reasoning, functions };
  };
}

/**
 * Builds the study's problem instance from the rollouts over the credit
 * horizon, with the memory of earlier variables and their feedback. When it
 * exceeds the token budget, the earliest steps of each rollout are dropped
 * and the instance says so.
 */
export function buildOptoPrimeContext(input: ContextInput): BuiltContext {
  const editable = input.policy.functions.filter((f) => f.editable);
  const vars = variableNames(editable);
  const params = new Map(input.policy.functions.map((f) => [f.name, f.params]));
  const op = stepOperator(input.gameId, input.obs);
  const fixed = {
    '#Instruction':
      'Change the values of the variables in #Variables so that the output improves as #Feedback asks. ' +
      `The program plays the Atari 2600 game ${input.gameName}: ${input.gameDescription} ` +
      'Read the trace to find where and why reward was lost, and rewrite the code to score more.',
    '#Documentation': `${EVAL_DOC}\n[${op}] Plays the action in the game for one agent step and returns the next observation.`,
    '#Variables': editable.map((f) => `(code) ${vars.get(f.name)}:${f.code}`).join('\n'),
    '#Constraints': editable.map((f) => `(code) ${vars.get(f.name)}: The code should start with:\n${f.signature}`).join('\n'),
  };
  const feedbackLines = input.rollouts.map((r, i) => (input.rollouts.length > 1 ? `Rollout ${i + 1}: ` : '') + rolloutFeedback(r));
  if (input.evaluation) feedbackLines.push(input.evaluation.feedback);
  const feedback = feedbackLines.join('\n');
  const memory = input.history.filter((h) => h.variables && h.feedback !== undefined);
  const memoryText =
    memory.length === 0
      ? ''
      : `\nEarlier values of the variables and the feedback each received:\n\n${memory
          .map((h) =>
            JSON.stringify(
              { variables: Object.fromEntries(Object.entries(h.variables!).map(([fn, code]) => [vars.get(fn) ?? fn, code])), feedback: h.feedback },
              null,
              4,
            ),
          )
          .join('\n')}\n`;

  const render = (keep: number[]) => {
    const counter = { evals: 0, steps: 0, inputs: 0 };
    const graphs = input.rollouts.map((r, i) =>
      rolloutGraph(r.records.slice(r.records.length - keep[i]!), r.finalObs, vars, params, op, input.actionNames, counter),
    );
    const dropped = input.rollouts.reduce((a, r, i) => a + r.records.length - keep[i]!, 0);
    const body: Record<(typeof SECTIONS)[number], string> = {
      ...fixed,
      '#Code': graphs.flatMap((g) => g.code).join('\n'),
      '#Inputs': graphs.flatMap((g) => g.inputs).join('\n'),
      '#Others': graphs.flatMap((g) => g.others).join('\n'),
      '#Outputs': graphs.map((g) => g.output).join('\n'),
      '#Feedback': dropped > 0 ? `${feedback}\n(The trace shows the last steps only: ${dropped} earlier steps were left out to fit the prompt.)` : feedback,
    };
    const instance = SECTIONS.map((s) => `${s}\n${body[s]}`).join('\n\n');
    const user = `Here is the problem.\n\n${instance}\n${memoryText}\nYour response:\n`;
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ];
    return { body, messages, tokens: estimateTokens(SYSTEM + user) };
  };

  const keep = input.rollouts.map((r) => r.records.length);
  let built = render(keep);
  while (built.tokens > input.tokenBudget && keep.some((k) => k > 1)) {
    const i = keep.indexOf(Math.max(...keep));
    keep[i] = Math.max(1, Math.floor(keep[i]! * 0.8));
    built = render(keep);
  }
  const all = input.rollouts.reduce((a, r) => a + r.records.length, 0);
  const kept = keep.reduce((a, k) => a + k, 0);
  // Step nodes are numbered over the kept steps of every rollout in turn (rolloutGraph).
  const stepName = (rollout: number, record: number) => {
    const first = input.rollouts[rollout]!.records.length - keep[rollout]!;
    if (record < first) return `a step left out of the trace (step ${record + 1} of rollout ${rollout + 1}'s window)`;
    const before = keep.slice(0, rollout).reduce((a, k) => a + k, 0);
    return `${op}${before + record - first}`;
  };
  return {
    messages: built.messages,
    sections: [
      { name: 'system', chars: SYSTEM.length, tokens: estimateTokens(SYSTEM) },
      ...SECTIONS.map((s) => ({ name: s, chars: built.body[s].length, tokens: estimateTokens(built.body[s]) })),
      ...(memoryText ? [{ name: 'memory', chars: memoryText.length, tokens: estimateTokens(memoryText) }] : []),
    ],
    tokens: built.tokens,
    feedback,
    cut: kept < all ? `kept the last ${kept} of ${all} steps to fit ${input.tokenBudget} tokens` : undefined,
    readReply: replyReader(vars),
    stepName,
  };
}
