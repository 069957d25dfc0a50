import { HorizonError } from '../env/errors.ts';

/**
 * Compiles roms-config expressions (the language of docs/roms-config.md,
 * shared with the native game rules) into JavaScript closures over the RAM and
 * named variables. Config files are project data, not user code: the
 * generated source is built only from parsed tokens.
 */

type Tok = { kind: 'num' | 'id' | 'op'; text: string; pos: number };

const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<<', '>>', '?', ':', '|', '^', '&', '<', '>', '+', '-', '*', '/', '%', '!', '~', '(', ')', '[', ']', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(0x[0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num) { out.push({ kind: 'num', text: String(Number(num[1])), pos: i }); i += num[1]!.length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ kind: 'id', text: id[0], pos: i }); i += id[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new HorizonError(`expression "${src}": unexpected '${c}' at column ${i + 1}`, 'ERR_BAD_CONFIG');
    out.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  return out;
}

const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
const FUNCTIONS: Record<string, [number, number]> = { bcd: [1, 1], dec: [1, 3], sbyte: [1, 1], min: [2, 2], max: [2, 2], abs: [1, 1] };

/** Parses `src` into a JS expression string over `r` (RAM) and `v` (variables). */
function toJs(src: string, names: ReadonlySet<string>): string {
  const toks = tokenize(src);
  let p = 0;
  const fail = (why: string): never => {
    const col = (toks[p]?.pos ?? src.length) + 1;
    throw new HorizonError(`expression "${src}": ${why} at column ${col}`, 'ERR_BAD_CONFIG');
  };
  const peek = () => toks[p];
  const accept = (t: string) => (peek()?.kind === 'op' && peek()!.text === t ? (p++, true) : false);
  const expect = (t: string) => { if (!accept(t)) fail(`expected '${t}'`); };
  const bool = (e: string) => `((${e}) ? 1 : 0)`;

  const ternary = (): string => {
    const c = binary(0);
    if (accept('?')) {
      const t = ternary();
      expect(':');
      const f = ternary();
      return `((${c}) ? (${t}) : (${f}))`;
    }
    return c;
  };
  const binary = (level: number): string => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t?.kind !== 'op' || !LEVELS[level]!.includes(t.text)) return left;
      p++;
      const right = binary(level + 1);
      switch (t.text) {
        case '||': left = bool(`(${left}) || (${right})`); break;
        case '&&': left = bool(`(${left}) && (${right})`); break;
        case '==': left = bool(`(${left}) === (${right})`); break;
        case '!=': left = bool(`(${left}) !== (${right})`); break;
        case '<': case '<=': case '>': case '>=': left = bool(`(${left}) ${t.text} (${right})`); break;
        case '/': left = `div(${left}, ${right})`; break;
        case '%': left = `mod(${left}, ${right})`; break;
        default: left = `((${left}) ${t.text} (${right}))`;
      }
    }
  };
  const unary = (): string => {
    if (accept('-')) return `(-(${unary()}))`;
    if (accept('!')) return bool(`!(${unary()})`);
    if (accept('~')) return `(~(${unary()}))`;
    return primary();
  };
  const primary = (): string => {
    const t = peek();
    if (!t) return fail('unexpected end');
    if (accept('(')) {
      const e = ternary();
      expect(')');
      return `(${e})`;
    }
    if (t.kind === 'num') { p++; return t.text; }
    if (t.kind !== 'id') return fail(`unexpected '${t.text}'`);
    p++;
    if (t.text === 'ram') {
      expect('[');
      const e = ternary();
      expect(']');
      return `r[(${e}) & 127]`;
    }
    const fn = FUNCTIONS[t.text];
    if (fn) {
      expect('(');
      const args = [ternary()];
      while (accept(',')) args.push(ternary());
      expect(')');
      if (args.length < fn[0] || args.length > fn[1]) fail(`${t.text}() takes ${fn[0]}${fn[1] > fn[0] ? `..${fn[1]}` : ''} arguments`);
      return `${t.text}(${args.join(', ')})`;
    }
    if (!names.has(t.text)) return fail(`unknown name '${t.text}'`);
    return `v.${t.text}`;
  };
  const out = ternary();
  if (p !== toks.length) fail(`unexpected '${toks[p]!.text}'`);
  return out;
}

const bcd = (v: number) => 10 * ((v >> 4) & 15) + (v & 15);
const HELPERS = {
  bcd,
  dec: (lo: number, mid = 0, hi = 0) => bcd(lo) + 100 * bcd(mid) + 10000 * bcd(hi),
  sbyte: (v: number) => ((v & 255) ^ 128) - 128,
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  div: (a: number, b: number) => (b === 0 ? 0 : Math.trunc(a / b)),
  mod: (a: number, b: number) => (b === 0 ? 0 : a % b),
};

export type Compiled = (ram: Uint8Array, vars: Record<string, number>) => number;

/** Compiles named expressions into one function returning all their values. */
export function compileExpressions(exprs: Record<string, string>, names: Iterable<string> = []): (ram: Uint8Array, vars: Record<string, number>) => Record<string, number> {
  const known = new Set(names);
  const body = Object.entries(exprs)
    .map(([k, e]) => `${JSON.stringify(k)}: ${toJs(e, known)}`)
    .join(',\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function(...Object.keys(HELPERS), `return (r, v) => ({${body}});`);
  return make(...Object.values(HELPERS));
}

/** Compiles one expression. */
export function compileExpression(src: string, names: Iterable<string> = []): Compiled {
  const known = new Set(names);
  const make = new Function(...Object.keys(HELPERS), `return (r, v) => ${toJs(src, known)};`);
  return make(...Object.values(HELPERS));
}
