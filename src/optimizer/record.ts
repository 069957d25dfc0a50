import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileAtomic } from '../env/files.ts';
import type { BuiltContext, ContentPart, Proposal } from './types.ts';

/**
 * Saves one optimizer exchange under `dir`: prompts/iter-NNNN.md (every
 * message, with section sizes; its pictures as prompts/iter-NNNN-K.png,
 * linked where they were sent) and responses/iter-NNNN.txt (the raw reply,
 * or the error).
 */
export function saveExchange(dir: string, iteration: number, context: BuiltContext, proposal: Proposal): void {
  const n = String(iteration).padStart(4, '0');
  mkdirSync(join(dir, 'prompts'), { recursive: true });
  mkdirSync(join(dir, 'responses'), { recursive: true });
  const sizes = context.sections.map((s) => `${s.name}: ${s.chars} chars, ~${s.tokens} tokens`).join('\n');
  let pictures = 0;
  const partText = (p: ContentPart): string => {
    if (p.type === 'text') return p.text;
    const file = `iter-${n}-${++pictures}.png`;
    writeFileAtomic(join(dir, 'prompts', file), Buffer.from(p.image_url.url.slice(p.image_url.url.indexOf(',') + 1), 'base64'));
    return `\n![picture ${pictures}](${file})\n`;
  };
  const prompt = [
    `<!-- iteration ${iteration}; ~${context.tokens} tokens${context.cut ? `; ${context.cut}` : ''}\n${sizes}\n-->`,
    ...context.messages.map((m) => `# ${m.role}\n\n${typeof m.content === 'string' ? m.content : m.content.map(partText).join('\n')}`),
  ].join('\n\n');
  writeFileAtomic(join(dir, 'prompts', `iter-${n}.md`), prompt + '\n');
  const usage = `<!-- calls ${proposal.usage.calls}, prompt tokens ${proposal.usage.promptTokens}, completion tokens ${proposal.usage.completionTokens}, cost $${proposal.usage.costUsd.toFixed(6)} -->`;
  writeFileAtomic(join(dir, 'responses', `iter-${n}.txt`), `${usage}\n${proposal.error ? `ERROR: ${proposal.error}\n` : ''}${proposal.response ?? ''}\n`);
}
