import ts from 'typescript';

import type { ContextInput, Optimizer, Proposal } from './types.ts';

/** A small seeded generator (mulberry32) so tuner runs are reproducible. */
class Mulberry32 {
  constructor(public state: number) {
    this.state >>>= 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

interface TunerState {
  random: number;
  sigma: number;
  lastSeenIteration: number;
}

interface NumberSlot {
  fn: string;
  start: number;
  end: number;
  value: number;
  integer: boolean;
}

/** The numeric literals of a function's code, found by parsing (not by regex). */
export function numericLiterals(fn: string, code: string): NumberSlot[] {
  const sf = ts.createSourceFile('f.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: NumberSlot[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isNumericLiteral(n)) {
      const negative = ts.isPrefixUnaryExpression(n.parent) && n.parent.operator === ts.SyntaxKind.MinusToken;
      let node: ts.Node = negative ? n.parent : n;
      // A value the tuner wrote earlier as `(-2)`: replace the parentheses too, so they do not pile up.
      while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
      const text = n.getText();
      out.push({ fn, start: node.getStart(), end: node.getEnd(), value: (negative ? -1 : 1) * Number(text), integer: !/[.eE]/.test(text) });
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * The offline optimizer (no network): a (1+1) evolution strategy over the
 * numeric constants of the editable functions. Each proposal perturbs a few
 * constants of the current policy with Gaussian noise scaled to their size;
 * the step size grows after an accepted update and shrinks after a rejected
 * one (the 1/5 rule). Seeded, so runs repeat exactly.
 */
export class TunerOptimizer implements Optimizer {
  readonly name = 'tuner';
  private readonly rng: Mulberry32;
  private sigma = 0.3;
  private lastSeenIteration = -1;

  constructor(
    seed: number,
    /** Perturbations drawn per proposal when the loop can screen them over the horizon. */
    private readonly candidates = 4,
  ) {
    this.rng = new Mulberry32(seed);
  }

  /** One perturbation of about a quarter of the numeric constants. */
  private perturb(input: ContextInput, slots: NumberSlot[]): { functions: Record<string, string>; notes: string[] } {
    const count = Math.max(1, Math.round(slots.length * 0.25));
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, slots.length)) chosen.add(Math.floor(this.random() * slots.length));
    const edits = new Map<string, { start: number; end: number; text: string }[]>();
    const notes: string[] = [];
    for (const i of chosen) {
      const s = slots[i]!;
      let v = s.value + this.gaussian() * this.sigma * Math.max(1, Math.abs(s.value));
      v = s.integer ? Math.round(v) : Number(v.toFixed(3));
      if (v === s.value) v = s.value + (this.random() < 0.5 ? -1 : 1) * (s.integer ? 1 : 0.1);
      // Negative values are parenthesised so `x - 5` may become `x - (-2)`.
      edits.set(s.fn, [...(edits.get(s.fn) ?? []), { start: s.start, end: s.end, text: v < 0 ? `(${v})` : String(v) }]);
      notes.push(`${s.fn}: ${s.value} -> ${v}`);
    }
    const functions: Record<string, string> = {};
    for (const [fn, list] of edits) {
      let code = input.policy.functions.find((f) => f.name === fn)!.code;
      for (const e of [...list].sort((a, b) => b.start - a.start)) code = code.slice(0, e.start) + e.text + code.slice(e.end);
      functions[fn] = code;
    }
    return { functions, notes };
  }

  private random(): number {
    return this.rng.next();
  }

  saveState(): TunerState {
    return { random: this.rng.state, sigma: this.sigma, lastSeenIteration: this.lastSeenIteration };
  }

  loadState(state: unknown): void {
    const s = state as TunerState;
    this.rng.state = s.random >>> 0;
    this.sigma = s.sigma;
    this.lastSeenIteration = s.lastSeenIteration;
  }

  private gaussian(): number {
    const u = Math.max(this.random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }

  async propose(input: ContextInput): Promise<Proposal> {
    const usage = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    // Adapt the step size to the outcomes of updates not seen yet.
    for (const h of input.history) {
      if (h.iteration <= this.lastSeenIteration) continue;
      this.sigma = Math.min(2, Math.max(0.02, this.sigma * (h.accepted ? 1.5 : 0.85)));
      this.lastSeenIteration = h.iteration;
    }
    const slots = input.policy.functions.filter((f) => f.editable).flatMap((f) => numericLiterals(f.name, f.code));
    if (slots.length === 0) return { error: 'the editable functions have no numeric constants to tune', usage };
    // Draw a few perturbations; when the loop can replay the credit horizon,
    // keep the one that earns the most reward over it (the first on a tie).
    const drawn = Array.from({ length: input.screen ? this.candidates : 1 }, () => this.perturb(input, slots));
    let pick = drawn[0]!;
    let screened = '';
    if (input.screen && drawn.length > 1) {
      const rewards = drawn.map((d) => input.screen!(d.functions));
      const best = rewards.indexOf(Math.max(...rewards));
      pick = drawn[best]!;
      screened = ` (picked ${best + 1} of ${drawn.length} by reward over the horizon: ${rewards.join(', ')})`;
    }
    const { functions, notes } = pick;
    return {
      candidate: { reasoning: `(1+1)-ES step, sigma ${this.sigma.toFixed(3)}: ${notes.join('; ')}${screened}`, functions },
      usage,
      response: notes.join('\n') + screened,
    };
  }
}
