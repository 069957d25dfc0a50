import ts from 'typescript';

import { HorizonError } from '../env/errors.ts';

export interface PolicyFunction {
  name: string;
  /** The function's whole text (with its doc comment), as an optimizer sees and rewrites it. */
  code: string;
  /** Its parameters' names, in order. */
  params: string[];
  /** Its first line up to the body's brace: what a rewrite must start with. */
  signature: string;
  editable: boolean;
  exported: boolean;
  /** Offsets of the declaration (doc comment included) and of its name in the source. */
  start: number;
  end: number;
  nameStart: number;
}

export interface PolicySource {
  source: string;
  functions: PolicyFunction[];
  /** Names of the functions the optimizer may rewrite (the "starting artifact" choice). */
  editable: string[];
}

/**
 * Reads a policy module: its top-level functions and which are editable.
 * A function is editable when its doc comment has an `@editable` tag; when
 * none is tagged, `act` alone is. The module must export `act` and may not
 * import anything (the sandbox has no modules).
 */
export function parsePolicy(source: string, file = 'policy.ts', editable?: string[]): PolicySource {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const d = diagnostics[0]!;
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    throw new HorizonError(`${file}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`, 'ERR_BAD_POLICY');
  }
  const functions: PolicyFunction[] = [];
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && !stmt.importClause?.isTypeOnly) {
      throw new HorizonError(`${file}: policies cannot import modules (found "${stmt.getText().slice(0, 60)}")`, 'ERR_BAD_POLICY');
    }
    if (!ts.isFunctionDeclaration(stmt) || !stmt.name || !stmt.body) continue;
    const tags = ts.getJSDocTags(stmt).map((t) => t.tagName.text);
    const exported = (ts.getCombinedModifierFlags(stmt) & ts.ModifierFlags.Export) !== 0;
    const start = stmt.getFullStart() + (stmt.getFullText().length - stmt.getFullText().trimStart().length);
    functions.push({
      name: stmt.name.text,
      code: source.slice(start, stmt.getEnd()),
      params: stmt.parameters.map((p) => p.name.getText()),
      signature: source.slice(stmt.getStart(), stmt.body.getStart() + 1),
      editable: tags.includes('editable'),
      exported,
      start,
      end: stmt.getEnd(),
      nameStart: stmt.name.getStart(),
    });
  }
  const act = functions.find((f) => f.name === 'act');
  if (!act?.exported) throw new HorizonError(`${file}: a policy must export a function act(obs, memory)`, 'ERR_BAD_POLICY');
  const names = functions.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new HorizonError(`${file}: function ${dup} is declared twice`, 'ERR_BAD_POLICY');
  if (editable) {
    // The editable set is a setting of the run: a rewrite cannot change it.
    for (const f of functions) f.editable = editable.includes(f.name);
    const missing = editable.filter((n) => !names.includes(n));
    if (missing.length) throw new HorizonError(`${file}: editable function ${missing.join(', ')} is missing`, 'ERR_BAD_POLICY');
  } else if (!functions.some((f) => f.editable)) act.editable = true;
  return { source, functions, editable: functions.filter((f) => f.editable).map((f) => f.name) };
}

/** Replaces the code of named functions (e.g. with an optimizer's rewrite) and re-parses. */
export function replaceFunctions(policy: PolicySource, updates: Record<string, string>, file = 'policy.ts'): PolicySource {
  let source = policy.source;
  const targets = policy.functions.filter((f) => f.name in updates).sort((a, b) => b.start - a.start);
  for (const name of Object.keys(updates)) {
    if (!policy.functions.some((f) => f.name === name)) throw new HorizonError(`${file}: no function named ${name} to replace`, 'ERR_BAD_POLICY');
  }
  for (const f of targets) source = source.slice(0, f.start) + updates[f.name]!.trim() + source.slice(f.end);
  return parsePolicy(source, file, policy.editable);
}
