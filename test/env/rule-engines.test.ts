import { describe, expect, it } from 'vitest';

import { addon } from '../../src/env/native.ts';
import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { compileProgram } from '../../src/objects/expr.ts';

// The rule language has two implementations: the native one runs the games'
// rules every frame, the TypeScript one (src/objects/expr.ts) the object maps.
// Until one generates the other, they must agree: every rule expression of
// every roms-config file, on random RAM and variables, gives the same value
// in both. RAM bytes are drawn half the time from the expression's own
// constants, so comparisons go both ways.

const SAMPLES = 300;
const BUILT_IN = ['mode', 'reward', 'score', 'lives', 'terminal'];

/** xorshift32: the same draws on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

interface Rule {
  game: string;
  source: string;
  names: string[];
}

function rules(): Rule[] {
  const out: Rule[] = [];
  for (const game of loadGameConfigs().values()) {
    const r = game.rules;
    const names = [...new Set([...BUILT_IN, ...Object.keys(r?.init ?? {}), ...(r?.step ?? []).map(([name]) => name)])];
    const sources = [
      ...(r?.step ?? []).map(([, src]) => src),
      ...(game.modes?.reached ? [game.modes.reached] : []),
      ...(game.modes?.script ?? []).flatMap((s) => [s.when, s.until, s.changes].filter((x): x is string => !!x)),
    ];
    for (const source of sources) out.push({ game: game.id, source, names });
  }
  return out;
}

const all = rules();
// cartram[] (Superchip RAM) exists only for the native rules: object maps read the console's RAM.
const comparable = all.filter((r) => !/\bcartram\b/.test(r.source));

describe('the native and TypeScript rule engines agree', () => {
  it(`every rule of every game is compared (${all.length - comparable.length} that read cartridge RAM left out)`, () => {
    expect(all.length).toBeGreaterThan(500);
    expect(comparable.length / all.length).toBeGreaterThan(0.99);
  });

  it.each([...new Set(comparable.map((r) => r.game))])('%s', (game) => {
    const draw = random([...game].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
    for (const rule of comparable.filter((r) => r.game === game)) {
      const constants = [...rule.source.matchAll(/\b(0x[0-9a-fA-F]+|\d+)\b/g)].map((m) => Number(m[1]) & 255);
      const program = compileProgram([{ src: rule.source }], rule.names);
      const out = new Float64Array(1);
      for (let k = 0; k < SAMPLES; k++) {
        const ram = new Uint8Array(128).map(() =>
          constants.length && draw() < 0.5 ? constants[Math.floor(draw() * constants.length)]! : Math.floor(draw() * 256),
        );
        const values = rule.names.map(() => (draw() < 0.7 ? Math.floor(draw() * 12) - 2 : Math.floor(draw() * 200_000) - 1000));
        program(ram, values, out);
        const native = addon._evalRule(rule.source, ram, rule.names, values);
        if (out[0] !== native) {
          expect({ source: rule.source, ram: Buffer.from(ram).toString('hex'), values, ts: out[0] }).toEqual({
            source: rule.source,
            ram: Buffer.from(ram).toString('hex'),
            values,
            ts: native,
          });
        }
      }
    }
  });
});
