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
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: String(Number(num[1])), pos: i });
      i += num[1]!.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new HorizonError(`expression "${src}": unexpected '${c}' at column ${i + 1}`, 'ERR_BAD_CONFIG');
    out.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  return out;
}

const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
const FUNCTIONS: Record<string, [number, number]> = { bcd: [1, 1], dec: [1, 3], sbyte: [1, 1], min: [2, 2], max: [2, 2], abs: [1, 1], pick: [2, 64] };

/**
 * Parses `src` into a JS expression string over `r` (RAM); `names` maps each
 * known name to the JS it reads. pick() is emitted inline with a temporary
 * (`$t0`, `$t1`, ...) counted in `temps`, so evaluating it allocates nothing.
 */
function toJs(src: string, names: ReadonlyMap<string, string>, temps: { count: number }): string {
  const toks = tokenize(src);
  let p = 0;
  const fail = (why: string): never => {
    const col = (toks[p]?.pos ?? src.length) + 1;
    throw new HorizonError(`expression "${src}": ${why} at column ${col}`, 'ERR_BAD_CONFIG');
  };
  const peek = () => toks[p];
  const accept = (t: string) => {
    if (peek()?.kind !== 'op' || peek()!.text !== t) return false;
    p++;
    return true;
  };
  const expect = (t: string) => {
    if (!accept(t)) fail(`expected '${t}'`);
  };
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
        case '||':
          left = bool(`(${left}) || (${right})`);
          break;
        case '&&':
          left = bool(`(${left}) && (${right})`);
          break;
        case '==':
          left = bool(`(${left}) === (${right})`);
          break;
        case '!=':
          left = bool(`(${left}) !== (${right})`);
          break;
        case '<':
        case '<=':
        case '>':
        case '>=':
          left = bool(`(${left}) ${t.text} (${right})`);
          break;
        case '/':
          left = `div(${left}, ${right})`;
          break;
        case '%':
          left = `mod(${left}, ${right})`;
          break;
        default:
          left = `((${left}) ${t.text} (${right}))`;
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
    if (t.kind === 'num') {
      p++;
      return t.text;
    }
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
      if (t.text === 'pick') {
        const tmp = `$t${temps.count++}`;
        const [index, ...values] = args;
        return `((${tmp} = (${index})) === 0 ? (${values[0]}) : ${values
          .slice(1)
          .map((v, k) => `${tmp} === ${k + 1} ? (${v}) : `)
          .join('')}0)`;
      }
      return `${t.text}(${args.join(', ')})`;
    }
    const js = names.get(t.text);
    if (js === undefined) return fail(`unknown name '${t.text}'`);
    return js;
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

/** Writes the value of each step into `out`, in step order; `inputs` holds the input variables' values. */
export type Program = (ram: Uint8Array, inputs: ArrayLike<number>, out: Float64Array) => void;

/**
 * Compiles steps evaluated in order into one function: a named step is a
 * variable the later steps may read (an object map's `let`), an unnamed one
 * only an output. Variables are locals, so a run allocates nothing.
 */
export function compileProgram(steps: { name?: string; src: string }[], inputs: readonly string[] = []): Program {
  const names = new Map(inputs.map((n, k) => [n, `a[${k}]`]));
  const temps = { count: 0 };
  const lines = steps.map(({ name, src }, k) => {
    const line = `const s${k} = ${toJs(src, names, temps)}; o[${k}] = s${k};`;
    if (name !== undefined) {
      if (names.has(name)) throw new HorizonError(`"${name}" is defined twice`, 'ERR_BAD_CONFIG');
      names.set(name, `s${k}`);
    }
    return line;
  });
  const declare = temps.count > 0 ? `let ${Array.from({ length: temps.count }, (_, k) => `$t${k}`).join(', ')};\n` : '';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function(...Object.keys(HELPERS), `return (r, a, o) => {\n${declare}${lines.join('\n')}\n};`);
  return make(...Object.values(HELPERS)) as Program;
}
