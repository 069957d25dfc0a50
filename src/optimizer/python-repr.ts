/**
 * Values written as Python's repr() writes them, so that a prompt in the
 * study's layout shows values as its LLM saw them: dicts and lists with
 * single-quoted keys, None/True/False. A JSON number that is a whole number
 * prints as an int unless `floatKeys` names its key (the study's rewards were
 * floats: 0.0, and nan where JSON has null).
 */
export function pythonRepr(value: unknown, floatKeys: ReadonlySet<string> = new Set(), key?: string): string {
  if (key !== undefined && floatKeys.has(key) && (value === null || typeof value === 'number')) return pythonFloat(value);
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v, floatKeys)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonRepr(v, floatKeys, k)}`).join(', ')}}`;
}

/** The Python type name of a value, as Trace labels nodes: `(int)`, `(float)`, `(dict)`, ... */
export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

function pythonFloat(v: number | null): string {
  if (v === null || Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  // JavaScript's shortest round-trip digits are Python's; only the exponent is written differently.
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

function pythonString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}
