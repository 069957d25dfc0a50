import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { HorizonError } from '../../src/env/errors.ts';
import { projectRoot } from '../../src/env/files.ts';
import { loadGameConfigs } from '../../src/env/roms-config.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { obsDeclaration } from '../../src/policy/obs-types.ts';
import { Policy } from '../../src/policy/policy.ts';
import { parsePolicy, replaceFunctions } from '../../src/policy/source.ts';

const MODULAR = `
const LIMIT = 3;
/** @editable Doubles. */
export function double(n: number): number { return 2 * n; }
function helper(n: number): number { return n + LIMIT; }
/** @editable */
export function act(obs: { step: number }, memory: Record<string, unknown>): string {
  return double(helper(obs.step)) > 8 ? 'FIRE' : 'NOOP';
}`;

describe('policy modules', () => {
  it('editable functions are the @editable ones; act alone when none is tagged', () => {
    expect(parsePolicy(MODULAR).editable).toEqual(['double', 'act']);
    const single = parsePolicy('function f() { return 1; }\nexport function act() { return f(); }');
    expect(single.editable).toEqual(['act']);
    expect(single.functions.map((f) => [f.name, f.editable, f.exported])).toEqual([
      ['f', false, false],
      ['act', true, true],
    ]);
  });

  it('function code includes its doc comment, as an optimizer sees it', () => {
    const double = parsePolicy(MODULAR).functions.find((f) => f.name === 'double')!;
    expect(double.code).toBe('/** @editable Doubles. */\nexport function double(n: number): number { return 2 * n; }');
  });

  it('rejects imports, a missing act, duplicates and syntax errors with the place', () => {
    const code = (src: string) => {
      try {
        parsePolicy(src, 'p.ts');
      } catch (err) {
        expect(err).toBeInstanceOf(HorizonError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(code("import fs from 'fs';\nexport function act() { return 0; }")).toMatch(/cannot import modules/);
    expect(parsePolicy("import type { Obs } from './obs.d.ts';\nexport function act(o: Obs) { return 0; }").editable).toEqual(['act']);
    expect(code('function act() { return 0; }')).toMatch(/must export a function act/);
    expect(code('export function act() { return 0; }\nfunction act() { return 1; }')).toMatch(/declared twice/);
    expect(code('export function act() { return (; }')).toMatch(/^p\.ts:1:\d+: /);
  });

  it('replacing functions keeps the editable set, whatever the new doc comment says', () => {
    const p = replaceFunctions(parsePolicy(MODULAR), { double: 'function double(n: number): number { return 3 * n; }' });
    expect(p.editable).toEqual(['double', 'act']);
    expect(p.source).toContain('return 3 * n;');
    expect(() => replaceFunctions(parsePolicy(MODULAR), { nope: 'function nope() {}' })).toThrow(/no function named nope/);
  });

  it('traces every call of editable functions, also calls between them; the observation itself as a reference', () => {
    expect(compilePolicy(parsePolicy(MODULAR))).toContain('__trace("double"');
    const p = new Policy(parsePolicy(MODULAR), ['NOOP', 'FIRE'], [0, 1]);
    const d = p.decide({ step: 2 }, true);
    expect(d.actionName).toBe('FIRE');
    expect(d.calls).toEqual([
      { fn: 'act', args: [{ $ref: 'obs' }, {}], result: 'FIRE' },
      { fn: 'double', args: [5], result: 10 },
    ]);
    expect(p.decide({ step: 0 }, false).calls).toEqual([]);
    p.dispose();
  });

  it('policies/<game>/obs.d.ts files are up to date with roms-config', () => {
    for (const game of loadGameConfigs().values()) {
      if (!game.objects) continue;
      const file = readFileSync(join(projectRoot, 'policies', game.id, 'obs.d.ts'), 'utf8');
      expect(file, `run npm run gen:obs-types (${game.id})`).toBe(obsDeclaration(game));
    }
  });
});
