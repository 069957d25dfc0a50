import ts from 'typescript';

import type { Candidate } from './types.ts';

/** Top-level function declarations in a piece of code, by name. */
function functionsIn(code: string): Record<string, string> {
  const sf = ts.createSourceFile('reply.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Record<string, string> = {};
  for (const stmt of sf.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      const start = stmt.getFullStart() + (stmt.getFullText().length - stmt.getFullText().trimStart().length);
      out[stmt.name.text] = code.slice(start, stmt.getEnd());
    }
  }
  return out;
}

/**
 * Reads an optimizer's reply: the JSON object asked for (bare or in a ```json
 * fence), or else fenced code blocks holding function declarations. Throws
 * with a short reason when neither is there.
 */
export function parseResponse(text: string): Candidate {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(trimmed);
  for (const candidate of [trimmed, fenced?.[1]?.trim(), trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1)]) {
    if (!candidate?.startsWith('{')) continue;
    let data: unknown;
    try {
      data = JSON.parse(candidate);
    } catch {
      continue;
    }
    const d = data as { reasoning?: unknown; functions?: unknown };
    if (typeof d.functions !== 'object' || d.functions === null || Array.isArray(d.functions)) {
      throw new Error('the JSON reply has no "functions" object');
    }
    const functions: Record<string, string> = {};
    for (const [name, code] of Object.entries(d.functions as Record<string, unknown>)) {
      if (typeof code !== 'string') throw new Error(`"functions.${name}" is not a string of code`);
      functions[name] = code;
    }
    return { reasoning: typeof d.reasoning === 'string' ? d.reasoning : '', functions };
  }
  // Fallback: code fences with function declarations.
  const functions: Record<string, string> = {};
  for (const m of trimmed.matchAll(/```(?:ts|typescript|js|javascript)?\s*\n([\s\S]*?)```/g)) Object.assign(functions, functionsIn(m[1]!));
  if (Object.keys(functions).length === 0) throw new Error('the reply is neither the JSON object asked for nor code blocks with functions');
  const reasoning = trimmed.replace(/```[\s\S]*?```/g, '').trim();
  return { reasoning, functions };
}
