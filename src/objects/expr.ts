import { badArgument } from '../env/errors.ts';
import { addon } from '../env/native.ts';

/**
 * Object maps in the rule language of docs/roms-config.md, evaluated by the
 * one engine that also runs the games' rules every frame (native/env/RuleExpr):
 * a program is compiled there once and run there on each RAM, every object of
 * a map in one call.
 */

/** Steps evaluated in order, once per row of input values (one row per copy of an object). */
export interface ProgramBlock {
  /** A named step is a variable the later steps may read (an object map's `let`); an unnamed one is only an output. */
  steps: { name?: string; src: string }[];
  /** Names of the input variables (an object's repeat indices). */
  inputs?: readonly string[];
  /** One row of input values per copy; default: one copy without inputs. */
  rows?: readonly (readonly number[])[];
  /** A step whose 0 ends its copy (an object's `visible`): the later steps are not evaluated and read 0. */
  gate?: number;
}

export interface Program {
  /** Where each block's values start in `out` (block k, copy c, step s: `at[k] + c * steps + s`). */
  readonly at: readonly number[];
  /** The values of the last run. */
  readonly out: Float64Array;
  /** Evaluates every block on `ram` into `out`. */
  run(ram: Uint8Array): void;
}

/** Compiles the blocks; a mistake in an expression is an ERR_BAD_CONFIG error naming it. */
export function compileProgram(blocks: ProgramBlock[]): Program {
  const at: number[] = [];
  let size = 0;
  const specs = blocks.map((b) => {
    const inputs = [...(b.inputs ?? [])];
    const rows = b.rows ?? [[]];
    for (const row of rows) if (row.length !== inputs.length) badArgument('rows', `rows of ${inputs.length} values`, row.length);
    at.push(size);
    size += b.steps.length * rows.length;
    const gate = b.gate ?? -1;
    if (!Number.isInteger(gate) || gate < -1 || gate >= b.steps.length) badArgument('gate', `a step index below ${b.steps.length}`, gate);
    return {
      names: b.steps.map((s) => s.name ?? ''),
      sources: b.steps.map((s) => s.src),
      inputs,
      rows: rows.flat(),
      copies: rows.length,
      gate,
    };
  });
  const native = new (addon().NativeRuleProgram)(specs);
  // Bound once: a run copies the RAM in and makes a call without arguments.
  const input = new Uint8Array(128);
  const out = new Float64Array(size);
  native.bind(input, out);
  return {
    at,
    out,
    run(ram) {
      if (ram.length !== 128) badArgument('ram', '128 bytes', ram.length);
      input.set(ram);
      native.run();
    },
  };
}
