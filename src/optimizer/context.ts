import { imageTokens, keyFrames, messageText, pngSize, withPictures } from './images.ts';
import { buildOptoPrimeContext } from './optoprime.ts';
import { parseResponse } from './parse-response.ts';
import { estimateTokens } from './tokens.ts';
import type { BuiltContext, ChatMessage, ContextInput, ContextKind } from './types.ts';

/** The text of a prompt's messages, their pictures left out. */
const textOf = (messages: ChatMessage[]) => messages.map(messageText).join('');

/**
 * The optimizer's prompt in the run's layout: `compact` (ours, below) or
 * `optoprime` (the study's, optoprime.ts), with the rollouts' pictures after
 * its text when asked for; the text is fitted to what the pictures leave of
 * the token budget.
 */
export function buildContext(input: ContextInput, kind: ContextKind = 'compact'): BuiltContext {
  const frames = keyFrames(input.rollouts, input.images ?? 0);
  const detail = input.imageDetail ?? 'low';
  const pictureTokens = frames.reduce((a, f) => {
    const { width, height } = pngSize(f.png);
    return a + imageTokens(width, height, detail);
  }, 0);
  const build = (room: number) => {
    const textInput = { ...input, tokenBudget: Math.max(1, room) };
    return kind === 'optoprime' ? buildOptoPrimeContext(textInput) : buildCompactContext(textInput);
  };
  let built = build(input.tokenBudget - pictureTokens);
  if (frames.length === 0) return built;
  const captionsOf = (b: BuiltContext) => {
    const messages = withPictures(b.messages, frames, detail, b.stepName!);
    const [before, after] = [textOf(b.messages), textOf(messages)];
    return { messages, chars: after.length - before.length, captions: estimateTokens(after) - estimateTokens(before) };
  };
  let { messages, chars, captions } = captionsOf(built);
  // The captions' text counts too: when it tips the prompt over the budget, the text makes room for it.
  if (built.tokens + captions + pictureTokens > input.tokenBudget) {
    built = build(input.tokenBudget - pictureTokens - captions);
    ({ messages, chars, captions } = captionsOf(built));
  }
  return {
    ...built,
    messages,
    sections: [...built.sections, { name: `${frames.length} pictures (${detail} detail)`, chars, tokens: pictureTokens + captions }],
    tokens: built.tokens + captions + pictureTokens,
    imageTokens: pictureTokens,
  };
}

const SYSTEM = `You improve a program that plays an Atari 2600 game. The program is TypeScript: act(obs, memory) is called every agent step and returns an action; some helper functions may be marked @editable. You may rewrite only the editable functions. Use only plain TypeScript/JavaScript (no imports, no Node APIs, no timers); each call must finish within a few milliseconds.

Answer with one JSON object and nothing else:
{"reasoning": "<what the trace shows and what you change>", "functions": {"<name>": "<the complete new code of the function, doc comment included>"}}
Include only the functions you change; keep their names and exported status.`;

function sectionText(title: string, body: string): string {
  return `## ${title}\n${body.trim()}\n`;
}

/**
 * Builds the compact learning context: instruction and
 * game, the editable code, observation and action documentation, the trace
 * of each rollout over the credit horizon, the feedback, and the memory of
 * the last updates. When the prompt would exceed the token budget, the
 * traces are shortened (earliest lines first) and the context says so.
 */
function buildCompactContext(input: ContextInput): BuiltContext {
  const editable = input.policy.functions.filter((f) => f.editable);
  const fixed = [
    ['Game', `${input.gameName}. ${input.gameDescription}`],
    ['Editable functions', editable.map((f) => `\`\`\`ts\n${f.code}\n\`\`\``).join('\n')],
    [
      'Rest of the program (not editable)',
      input.policy.functions
        .filter((f) => !f.editable)
        .map((f) => `\`\`\`ts\n${f.code}\n\`\`\``)
        .join('\n') || '(none)',
    ],
    ['Observation and actions (obs.d.ts)', `\`\`\`ts\n${input.obsDoc}\n\`\`\``],
  ] as const;
  const feedbackLines = input.rollouts.map(
    (r, i) => `Rollout ${i + 1}: ${r.steps} steps, reward ${r.reward >= 0 ? '+' : ''}${r.reward}${r.errors ? `, ${r.errors} policy errors` : ''}.`,
  );
  if (input.evaluation) feedbackLines.push(`Evaluation over full episodes: score ${input.evaluation.score}. ${input.evaluation.feedback}`);
  const feedback = feedbackLines.join('\n');
  const history =
    input.history.length === 0
      ? '(no earlier updates)'
      : input.history
          .map((h) => {
            const lines = [
              `Iteration ${h.iteration}: changed ${h.changed.join(', ') || 'nothing'} — ${h.outcome}. Reasoning was: ${h.reasoning.slice(0, 300)}`,
            ];
            // The code that iteration started from and the feedback it had (absent in runs made before they were kept).
            if (h.feedback) lines.push(`  Feedback it had: ${h.feedback}`);
            if (h.variables) lines.push(...Object.values(h.variables).map((code) => `\`\`\`ts\n${code}\n\`\`\``));
            return lines.join('\n');
          })
          .join('\n');

  const render = (keep: number[]) =>
    input.rollouts
      .map((r, i) => {
        const k = keep[i]!;
        const cut = r.trace.length - k;
        const header = `Rollout ${i + 1} (${r.steps} steps over the credit horizon of ${input.horizon}):`;
        const note = cut > 0 ? `[${cut} earliest trace lines omitted to fit the token budget]\n` : '';
        return `${header}\n${note}${r.trace.slice(cut).join('\n')}`;
      })
      .join('\n\n');

  const assemble = (traces: string) => {
    const sections: [string, string][] = [
      ...fixed.map(([t, b]) => [t, b] as [string, string]),
      ['Execution trace (t = agent step; folded runs of uneventful steps; events in capitals)', traces],
      ['Feedback', feedback],
      ['Earlier updates', history],
    ];
    const user = sections.map(([t, b]) => sectionText(t, b)).join('\n') + '\nPropose the new code now.';
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ];
    return { sections, messages };
  };

  const keep = input.rollouts.map((r) => r.trace.length);
  let built = assemble(render(keep));
  let total = estimateTokens(textOf(built.messages));
  // Shorten the traces, the longest first, until the prompt fits.
  while (total > input.tokenBudget && keep.some((k) => k > 1)) {
    const i = keep.indexOf(Math.max(...keep));
    keep[i] = Math.max(1, Math.floor(keep[i]! * 0.8));
    built = assemble(render(keep));
    total = estimateTokens(textOf(built.messages));
  }
  const cutLines = input.rollouts.reduce((a, r, i) => a + r.trace.length - keep[i]!, 0);
  const allLines = input.rollouts.reduce((a, r) => a + r.trace.length, 0);
  return {
    messages: built.messages,
    sections: [
      { name: 'instruction', chars: SYSTEM.length, tokens: estimateTokens(SYSTEM) },
      ...built.sections.map(([name, body]) => ({ name, chars: body.length, tokens: estimateTokens(body) })),
    ],
    tokens: total,
    feedback,
    readReply: parseResponse,
    cut: cutLines > 0 ? `kept ${allLines - cutLines} of ${allLines} trace lines (earliest dropped) to fit ${input.tokenBudget} tokens` : undefined,
    // The trace names steps t<step> (events always have a line of their own).
    stepName: (rollout, record) =>
      `step t${input.rollouts[rollout]!.records[record]!.step}${input.rollouts.length > 1 ? ` of rollout ${rollout + 1}` : ''} in the trace`,
  };
}
