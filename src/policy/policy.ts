import { readFileSync } from 'node:fs';

import { HorizonError } from '../env/errors.ts';
import { compilePolicy } from './compile.ts';
import { DEFAULT_LIMITS, PolicySandbox, type FunctionCall, type PolicyFrame, type SandboxLimits } from './sandbox.ts';
import { parsePolicy, type PolicySource } from './source.ts';

export interface PolicyDecision {
  /** The ALE action id to play (NOOP when the policy failed). */
  actionId: number;
  actionName: string;
  error?: string;
  calls: FunctionCall[];
}

/**
 * A loaded policy: parsed, compiled and running in its sandbox, turning each
 * observation into a legal action of the game.
 */
export class Policy {
  readonly source: PolicySource;
  private readonly sandbox: PolicySandbox;

  constructor(
    source: PolicySource,
    /** Action names of the game's minimal set, in order; indices refer to it. */
    private readonly actionNames: string[],
    private readonly actionIds: number[],
    limits: SandboxLimits = DEFAULT_LIMITS,
    file = 'policy.ts',
  ) {
    this.source = source;
    this.sandbox = new PolicySandbox(compilePolicy(source, file), limits);
  }

  static fromFile(path: string, actionNames: string[], actionIds: number[], limits?: SandboxLimits): Policy {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new HorizonError(`policy file not found: ${path}`, 'ERR_BAD_POLICY');
    }
    return new Policy(parsePolicy(text, path), actionNames, actionIds, limits, path);
  }

  /** The action for `obs`; `frame` makes obs.frame when the policy reads it. */
  decide(obs: unknown, trace = false, frame?: () => PolicyFrame): PolicyDecision {
    const r = this.sandbox.call(obs, trace, frame);
    const noop = { actionId: 0, actionName: 'NOOP', calls: r.calls };
    if (r.error !== undefined) return { ...noop, error: r.error };
    if (typeof r.action === 'string') {
      const i = this.actionNames.indexOf(r.action);
      if (i < 0) return { ...noop, error: `act() returned "${r.action.slice(0, 40)}", not one of ${this.actionNames.join(', ')}` };
      return { actionId: this.actionIds[i]!, actionName: r.action, calls: r.calls };
    }
    const n = r.action!;
    if (!Number.isInteger(n) || n < 0 || n >= this.actionIds.length) {
      return { ...noop, error: `act() returned ${n}, not an action index 0..${this.actionIds.length - 1}` };
    }
    return { actionId: this.actionIds[n]!, actionName: this.actionNames[n]!, calls: r.calls };
  }

  /** Starts a new episode: the policy's memory object is emptied and Math.random reseeded. */
  newEpisode(seed = 0): void {
    this.sandbox.resetMemory(seed);
  }

  /** Memory and random state, to carry into an updated policy or a checkpoint. */
  getState(): string {
    return this.sandbox.getState();
  }

  setState(json: string): void {
    this.sandbox.setState(json);
  }

  dispose(): void {
    this.sandbox.dispose();
  }
}
