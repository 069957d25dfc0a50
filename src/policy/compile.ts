import { transformSync } from 'esbuild';

import { HorizonError } from '../env/errors.ts';
import type { PolicySource } from './source.ts';

/**
 * Turns a policy into the script the sandbox runs: each editable function is
 * renamed and wrapped so every call (also calls between the policy's own
 * functions) goes through `__trace`, then TypeScript is stripped by esbuild
 * into a CommonJS body.
 */
export function compilePolicy(policy: PolicySource, file = 'policy.ts'): string {
  let src = policy.source;
  const wrappers: string[] = [];
  // Rename from the end so earlier offsets stay valid.
  for (const f of [...policy.functions].filter((f) => f.editable).sort((a, b) => b.nameStart - a.nameStart)) {
    src = src.slice(0, f.nameStart) + `__impl_${f.name}` + src.slice(f.nameStart + f.name.length);
    const exportKw = f.exported ? 'export ' : '';
    wrappers.push(`${exportKw}function ${f.name}(...args: unknown[]): unknown { return __trace(${JSON.stringify(f.name)}, __impl_${f.name}, args); }`);
  }
  src += `\ndeclare function __trace(name: string, impl: Function, args: unknown[]): any;\n${wrappers.join('\n')}\n`;
  try {
    return transformSync(src, { loader: 'ts', format: 'cjs', target: 'es2022', sourcefile: file }).code;
  } catch (err) {
    const e = err as { errors?: { text: string; location?: { line: number; column: number } }[] };
    const first = e.errors?.[0];
    const where = first?.location ? `:${first.location.line}:${first.location.column + 1}` : '';
    throw new HorizonError(`${file}${where}: ${first?.text ?? String(err)}`, 'ERR_BAD_POLICY');
  }
}
