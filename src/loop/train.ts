import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HorizonError } from '../env/errors.ts';
import { packageJson, sourceCommit } from '../env/files.ts';
import { findRom, type Rom } from '../env/rom.ts';
import { buildContext } from '../optimizer/context.ts';
import { OpenAIOptimizer } from '../optimizer/openai-optimizer.ts';
import { saveExchange } from '../optimizer/record.ts';
import { TunerOptimizer } from '../optimizer/tuner.ts';
import { NO_USAGE, type ContextInput, type Optimizer, type Proposal, type Rollout, type UpdateMemory } from '../optimizer/types.ts';
import { validateCandidate } from './validate.ts';
import { rateLimiter, type WindowCounter } from '../optimizer/rate-limit.ts';
import { obsDeclaration } from '../policy/obs-types.ts';
import { Policy } from '../policy/policy.ts';
import { playEpisodes } from '../policy/runner.ts';
import { parsePolicy, replaceFunctions, type PolicySource } from '../policy/source.ts';
import { gameDefaults } from './game-defaults.ts';
import { paperFeedback } from './paper.ts';
import { RolloutWorker, type WorkerState } from './rollouts.ts';
import { optimizerFailures, RunDir, type Checkpoint, type IterationMetrics, type RunStatus } from './run-dir.ts';
import { checkSettings, frameShapeOf, playOf, resolveSettings, type Budgets, type SettingsInput, type TrainSettings } from './settings.ts';
import { SETTINGS } from './settings-table.ts';

/** What the loop reports as it goes (the CLI turns these into a progress bar or plain lines). */
export type TrainEvent =
  /** A new run is about to start (runRequest): its game's name and resolved settings. */
  | { kind: 'start'; game: string; settings: TrainSettings; dir: string }
  | { kind: 'phase'; iteration: number; phase: 'evaluating initial policy' | 'rollouts' | 'optimizer' | 'validating' | 'evaluating' }
  | { kind: 'iteration'; metrics: IterationMetrics; iterations: number }
  | { kind: 'stop'; status: RunStatus; message: string };

export interface TrainResult {
  dir: string;
  game: string;
  status: RunStatus;
  message: string;
  checkpoint: Checkpoint;
}

export interface TrainHooks {
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
  /** Where --llm-rate windows are counted (default: in this process; a queue's workers share their Redis). */
  requestCounter?: WindowCounter;
  /** The LLM endpoint's key: passed in by the command layer, never written to the run folder. */
  apiKey?: string;
}

export function makeOptimizer(s: TrainSettings, hooks: Pick<TrainHooks, 'requestCounter' | 'apiKey'> = {}): Optimizer {
  if (s.optimizer.kind === 'tuner') return new TunerOptimizer(s.seed);
  return new OpenAIOptimizer({
    model: s.optimizer.model!,
    baseUrl: s.optimizer.baseUrl,
    apiKey: hooks.apiKey,
    temperature: s.optimizer.temperature,
    replyMaxTokens: s.optimizer.replyMaxTokens,
    jsonMode: s.optimizer.jsonMode,
    maxReplyChars: s.optimizer.maxReplyChars,
    timeoutMs: s.optimizer.timeoutMs,
    maxRetries: s.optimizer.maxRetries,
    priceInPerMillion: s.optimizer.priceInPerMillion,
    priceOutPerMillion: s.optimizer.priceOutPerMillion,
    ...(s.optimizer.llmRate ? { beforeRequest: rateLimiter(s.optimizer.llmRate, hooks.requestCounter) } : {}),
  });
}

interface Evaluation {
  mean: number;
  std: number;
  errors: number;
  /** The first policy error's message, if any. */
  firstError?: string;
}

function evaluate(rom: Rom, policy: PolicySource, s: TrainSettings): Evaluation {
  // The same seed every time, so candidates are compared on the same games.
  const results = playEpisodes(rom, policy, { ...playOf(s), episodes: s.evalEpisodes, maxSteps: s.evalMaxSteps });
  const scores = results.map((r) => r.score);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
  return { mean, std, errors: results.reduce((a, r) => a + r.errors, 0), firstError: results.find((r) => r.errorMessages.length)?.errorMessages[0] };
}

function feedbackSentence(e: Evaluation, s: TrainSettings): string {
  if (s.feedback === 'paper') {
    const tiered = paperFeedback(s.game, e.mean, e.std, s.evalEpisodes);
    return e.errors > 0 ? `${tiered} It raised ${e.errors} policy errors during evaluation; fix them first.` : tiered;
  }
  const parts = [
    `The current policy scores ${e.mean.toFixed(2)} (std ${e.std.toFixed(2)}) over ${s.evalEpisodes} full episode(s) of up to ${s.evalMaxSteps} steps.`,
  ];
  if (s.targetScore !== null) parts.push(`The target is ${s.targetScore} (gap ${(s.targetScore - e.mean).toFixed(2)}).`);
  if (e.errors > 0) parts.push(`It raised ${e.errors} policy errors during evaluation; fix them first.`);
  return parts.join(' ');
}

/**
 * The last update, when its reply could not be read or its code did not
 * load, is part of the feedback (as the study's loop fed a failing
 * suggestion's error back), so the optimizer sees why nothing changed.
 */
function unusedSuggestion(last: UpdateMemory | undefined): string {
  if (!last || last.accepted || /^rejected: evaluation/.test(last.outcome)) return '';
  return ` Your last suggestion (iteration ${last.iteration}) was not used: ${last.outcome.replace(/^(optimizer failed|rejected): /, '')}.`;
}

function budgetReached(b: Budgets, c: Checkpoint): string | undefined {
  const tokens = c.usage.promptTokens + c.usage.completionTokens;
  if (b.maxLlmCalls !== undefined && c.usage.calls >= b.maxLlmCalls) return `the LLM call budget is spent (${c.usage.calls} of ${b.maxLlmCalls} calls)`;
  if (b.maxTokens !== undefined && tokens >= b.maxTokens) return `the token budget is spent (${tokens} of ${b.maxTokens} tokens)`;
  if (b.maxCostUsd !== undefined && c.usage.costUsd >= b.maxCostUsd) return `the cost budget is spent ($${c.usage.costUsd.toFixed(4)} of $${b.maxCostUsd})`;
  if (b.maxWallMinutes !== undefined && c.totalWallMs >= b.maxWallMinutes * 60_000) {
    return `the wall-time budget is spent (${(c.totalWallMs / 60_000).toFixed(1)} of ${b.maxWallMinutes} minutes)`;
  }
  return undefined;
}

class Aborted extends Error {}

/** Steps of the smoke run a candidate must pass before its evaluation: enough to meet most of its code paths. */
const VALIDATION_STEPS = 300;

/** The seed of batch member `b`'s game at `iteration` (its environment's, and its policy memory's first episode). */
export function rolloutSeed(s: TrainSettings, iteration: number, b: number): number {
  return (s.seed * 7919 + iteration * 1009 + b + 1) % 2 ** 31;
}

/**
 * The learning loop. Each iteration: play `batch` rollouts of `updateEvery`
 * steps with the current policy, cut each trace at the credit horizon, build
 * the context, ask the optimizer for a candidate, validate it, evaluate it
 * over full episodes, keep it or not by the selection rule, and commit the
 * iteration to the run directory. Resumable from its last finished iteration.
 */
export class Trainer {
  private readonly optimizer: Optimizer;
  private readonly workers: RolloutWorker[] = [];
  private readonly obsDoc: string;
  private readonly actionNames: string[];
  private c!: Checkpoint;

  constructor(
    private readonly rom: Rom,
    private readonly dir: RunDir,
    private readonly s: TrainSettings,
    private readonly hooks: TrainHooks = {},
  ) {
    if (!rom.game.objects) throw new HorizonError(`${rom.game.id} has no object map, so a policy cannot see it`, 'ERR_BAD_CONFIG');
    this.optimizer = makeOptimizer(s, hooks);
    this.obsDoc = obsDeclaration(rom.game, frameShapeOf(s));
    const probe = this.newWorker(0);
    this.actionNames = probe.actionNames;
    probe.close();
  }

  private emit(e: TrainEvent): void {
    this.hooks.onEvent?.(e);
  }

  private checkAbort(): void {
    if (this.hooks.signal?.aborted) throw new Aborted();
  }

  /** Lets pending events (a Ctrl-C) through between phases, then honours an abort. */
  private async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.checkAbort();
  }

  private newWorker(seed: number): RolloutWorker {
    // Rollouts play as evaluations do, and keep pictures for the optimizer when asked.
    const { env, lifeRule, obs, frame } = playOf(this.s);
    return new RolloutWorker(this.rom, env, seed, { lifeRule, obs, frame, keyFrames: this.s.contextImages ?? 0 });
  }

  /** Iteration 0: evaluate the initial policy; it is the current and the best one. */
  private start(): void {
    let text: string;
    try {
      text = readFileSync(this.s.policy, 'utf8');
    } catch {
      throw new HorizonError(`policy file not found: ${this.s.policy}`, 'ERR_BAD_POLICY');
    }
    const policy = parsePolicy(text, this.s.policy);
    const t0 = Date.now();
    this.emit({ kind: 'phase', iteration: 0, phase: 'evaluating initial policy' });
    const e = evaluate(this.rom, policy, this.s);
    this.checkAbort();
    this.dir.writePolicy(0, text);
    const wallMs = Date.now() - t0;
    const metrics: IterationMetrics = {
      iteration: 0,
      score: e.mean,
      scoreStd: e.std,
      currentScore: e.mean,
      bestScore: e.mean,
      bestIteration: 0,
      horizon: this.s.horizon,
      accepted: true,
      outcome: 'initial policy',
      changed: [],
      rolloutReward: null,
      policyErrors: e.errors,
      llmCalls: 0,
      tokens: 0,
      costUsd: 0,
      contextTokens: 0,
      wallMs,
      totalWallMs: wallMs,
    };
    this.c = {
      version: 1,
      iteration: 0,
      status: 'running',
      editable: policy.editable,
      currentPolicy: text,
      currentScore: e.mean,
      currentStd: e.std,
      bestPolicy: text,
      bestScore: e.mean,
      bestIteration: 0,
      history: [],
      usage: { ...NO_USAGE },
      totalWallMs: wallMs,
      optimizerState: this.optimizer.saveState?.(),
      workers: [],
      metrics: [metrics],
      settings: runDefining(this.s),
    };
    // Continuing rollouts: one persistent game per batch member, started now.
    if (!this.s.resetEachUpdate) this.startContinuingWorkers(policy);
    this.dir.commit(this.c);
    this.emit({ kind: 'iteration', metrics, iterations: this.s.iterations });
  }

  private startContinuingWorkers(source: PolicySource): void {
    const w0 = this.newWorker(rolloutSeed(this.s, 0, 0));
    const policy = new Policy(source, w0.actionNames, w0.actionIds);
    try {
      for (let b = 0; b < this.s.batch; b++) {
        const w = b === 0 ? w0 : this.newWorker(rolloutSeed(this.s, 0, b));
        w.newGame(policy, rolloutSeed(this.s, 0, b));
        this.workers.push(w);
      }
      this.c.workers = this.workers.map((w) => w.save());
    } finally {
      policy.dispose();
    }
  }

  private resume(c: Checkpoint): void {
    this.c = c;
    this.optimizer.loadState?.(c.optimizerState);
    for (let b = 0; b < c.workers.length; b++) {
      const w = this.newWorker(rolloutSeed(this.s, 0, b));
      w.restore(c.workers[b]!);
      this.workers.push(w);
    }
    // A kill between the checkpoint and the files derived from it is repaired here.
    this.dir.writeDerived(c);
  }

  /**
   * One segment of batch member `b` on a throwaway worker: a new game (seeded
   * by iteration and member), or continuing from a saved worker state.
   * `onEnd` is given the worker's state where the segment ended.
   */
  private playSegment(iteration: number, b: number, source: PolicySource, from?: WorkerState, onEnd?: (end: WorkerState) => void): Rollout {
    // Continuing workers keep the seed they were started with (iteration 0).
    const seed = rolloutSeed(this.s, from ? 0 : iteration, b);
    const w = this.newWorker(seed);
    let policy: Policy | undefined;
    try {
      policy = new Policy(source, w.actionNames, w.actionIds);
      if (from) w.restore(from);
      else w.newGame(policy, seed);
      const rollout = w.play(policy, this.s.updateEvery, this.s.horizon, !from);
      onEnd?.(w.save());
      return rollout;
    } finally {
      policy?.dispose();
      w.close();
    }
  }

  /** The rollouts of an iteration, and where the first one left its game (validation starts a smoke run there). */
  private collectRollouts(iteration: number, source: PolicySource): { rollouts: Rollout[]; end: WorkerState } {
    const out: Rollout[] = [];
    if (this.s.resetEachUpdate) {
      let end: WorkerState | undefined;
      for (let b = 0; b < this.s.batch; b++) {
        this.checkAbort();
        out.push(this.playSegment(iteration, b, source, undefined, b === 0 ? (e) => (end = e) : undefined));
      }
      return { rollouts: out, end: end! };
    }
    const policy = new Policy(source, this.workers[0]!.actionNames, this.workers[0]!.actionIds);
    try {
      for (const w of this.workers) {
        this.checkAbort();
        out.push(w.play(policy, this.s.updateEvery, this.s.horizon, false));
      }
    } finally {
      policy.dispose();
    }
    return { rollouts: out, end: this.workers[0]!.save() };
  }

  /**
   * The reward a rewrite earns over the credit horizon of this iteration's
   * rollouts: the same games (same seeds, or the same saved states when
   * continuing), replayed with the rewritten functions.
   */
  private screen(iteration: number, current: PolicySource, functions: Record<string, string>, before: WorkerState[]): number {
    let source: PolicySource;
    try {
      source = replaceFunctions(current, functions);
    } catch {
      return -Infinity;
    }
    let total = 0;
    for (let b = 0; b < this.s.batch; b++) {
      try {
        total += this.playSegment(iteration, b, source, this.s.resetEachUpdate ? undefined : before[b]).reward;
      } catch {
        return -Infinity;
      }
    }
    return total;
  }

  private async propose(input: ContextInput, context: ReturnType<typeof buildContext>): Promise<Proposal> {
    const signal = this.hooks.signal;
    if (!signal) return this.optimizer.propose(input, context);
    return new Promise<Proposal>((resolve, reject) => {
      const onAbort = () => reject(new Aborted());
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.optimizer.propose(input, context).then(
        (p) => {
          signal.removeEventListener('abort', onAbort);
          resolve(p);
        },
        (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  private async iterate(i: number): Promise<IterationMetrics> {
    const t0 = Date.now();
    const s = this.s;
    const current = parsePolicy(this.c.currentPolicy, `iter-${i}.ts`, this.c.editable);
    this.emit({ kind: 'phase', iteration: i, phase: 'rollouts' });
    const before = this.workers.map((w) => w.save());
    const { rollouts, end: midEpisode } = this.collectRollouts(i, current);
    await this.pause();
    const input: ContextInput = {
      gameId: this.rom.game.id,
      gameName: this.rom.game.name,
      gameDescription: gameDefaults(s.game).description,
      obsDoc: this.obsDoc,
      obs: s.obs,
      actionNames: this.actionNames,
      policy: current,
      horizon: s.horizon,
      rollouts,
      evaluation: {
        score: this.c.currentScore,
        feedback: feedbackSentence({ mean: this.c.currentScore, std: this.c.currentStd, errors: 0 }, s) + unusedSuggestion(this.c.history.at(-1)),
      },
      history: s.memory > 0 ? this.c.history.slice(-s.memory) : [],
      tokenBudget: s.tokenBudget,
      images: s.contextImages ?? 0,
      imageDetail: s.optimizer.imageDetail,
      screen: (functions) => this.screen(i, current, functions, before),
    };
    const context = buildContext(input, s.context);
    await this.pause();
    this.emit({ kind: 'phase', iteration: i, phase: 'optimizer' });
    const proposal = await this.propose(input, context);
    await this.pause();
    saveExchange(this.dir.path, i, context, proposal);

    let score: number | null = null;
    let scoreStd: number | null = null;
    let accepted = false;
    let outcome: string;
    let changed: string[] = [];
    let next: { text: string; eval: Evaluation } | undefined;
    if (proposal.error || !proposal.candidate) {
      outcome = `optimizer failed: ${proposal.error ?? 'no candidate'}`;
    } else {
      changed = Object.keys(proposal.candidate.functions);
      this.emit({ kind: 'phase', iteration: i, phase: 'validating' });
      const v = validateCandidate(this.rom, current, proposal.candidate, playOf(s), VALIDATION_STEPS, midEpisode);
      if (!v.ok) {
        outcome = `rejected: ${v.reason}`;
      } else {
        this.dir.writePolicy(i, v.policy.source);
        this.emit({ kind: 'phase', iteration: i, phase: 'evaluating' });
        await this.pause();
        const e = evaluate(this.rom, v.policy, s);
        await this.pause();
        score = e.mean;
        scoreStd = e.std;
        // Code that fails during its evaluation is broken code, whatever it scored (unless the run allows it).
        const broken = e.errors > 0 && !s.acceptPolicyErrors;
        accepted = !broken && (s.selection === 'latest' || e.mean >= this.c.currentScore);
        if (broken) outcome = `rejected: the evaluation raised ${e.errors} policy errors (first: ${e.firstError})`;
        else {
          outcome = accepted
            ? `accepted: evaluation ${e.mean.toFixed(2)}${e.mean > this.c.bestScore ? ' (best so far)' : ''}`
            : `rejected: evaluation ${e.mean.toFixed(2)} is below the current ${this.c.currentScore.toFixed(2)}`;
          if (e.errors > 0) outcome += `, ${e.errors} policy errors`;
        }
        if (accepted) next = { text: v.policy.source, eval: e };
      }
    }

    // Everything below only changes the in-memory checkpoint, committed as a whole.
    const c = this.c;
    c.usage = {
      calls: c.usage.calls + proposal.usage.calls,
      promptTokens: c.usage.promptTokens + proposal.usage.promptTokens,
      completionTokens: c.usage.completionTokens + proposal.usage.completionTokens,
      costUsd: c.usage.costUsd + proposal.usage.costUsd,
    };
    if (next) {
      c.currentPolicy = next.text;
      c.currentScore = next.eval.mean;
      c.currentStd = next.eval.std;
      if (next.eval.mean > c.bestScore) {
        c.bestPolicy = next.text;
        c.bestScore = next.eval.mean;
        c.bestIteration = i;
      }
    }
    const memory: UpdateMemory = {
      iteration: i,
      changed,
      reasoning: proposal.candidate?.reasoning ?? '',
      outcome,
      accepted,
      variables: Object.fromEntries(current.functions.filter((f) => f.editable).map((f) => [f.name, f.code])),
      feedback: context.feedback,
    };
    c.history = [...c.history, memory].slice(-Math.max(1, s.memory));
    c.optimizerState = this.optimizer.saveState?.();
    c.workers = this.workers.map((w) => w.save());
    const wallMs = Date.now() - t0;
    c.totalWallMs += wallMs;
    c.iteration = i;
    const metrics: IterationMetrics = {
      iteration: i,
      score,
      scoreStd,
      currentScore: c.currentScore,
      bestScore: c.bestScore,
      bestIteration: c.bestIteration,
      horizon: s.horizon,
      accepted,
      outcome,
      changed,
      rolloutReward: rollouts.reduce((a, r) => a + r.reward, 0),
      policyErrors: rollouts.reduce((a, r) => a + r.errors, 0),
      llmCalls: c.usage.calls,
      tokens: c.usage.promptTokens + c.usage.completionTokens,
      costUsd: c.usage.costUsd,
      contextTokens: context.tokens,
      ...(context.imageTokens !== undefined ? { imageTokens: context.imageTokens } : {}),
      wallMs,
      totalWallMs: c.totalWallMs,
    };
    c.metrics = [...c.metrics, metrics];
    this.dir.commit(c);
    this.emit({ kind: 'iteration', metrics, iterations: s.iterations });
    if (proposal.error && s.onOptimizerError === 'stop') throw new OptimizerStop(proposal.error);
    return metrics;
  }

  /**
   * Ends a run that went through its iterations: `failed` instead when not
   * one of them had a candidate that passed validation (every call failed,
   * or every reply was unusable), since its scores would say nothing.
   */
  private finishOrFail(status: RunStatus, message: string): TrainResult {
    const updates = this.c.metrics.slice(1);
    const failures = optimizerFailures(this.c.metrics);
    if (updates.length === 0 || updates.some((m) => m.score !== null)) {
      return this.finish(status, failures ? `${message}; the optimizer failed ${failures} of ${updates.length} updates` : message);
    }
    const last = updates.at(-1)!.outcome;
    return this.finish(
      'failed',
      `failed: no candidate of the ${updates.length} iteration(s) could be evaluated (${failures} optimizer failures; last: ${last})`,
    );
  }

  private finish(status: RunStatus, message: string): TrainResult {
    this.c.status = status;
    this.c.statusMessage = message;
    this.dir.commit(this.c);
    this.emit({ kind: 'stop', status, message });
    return { dir: this.dir.path, game: this.s.game, status, message, checkpoint: this.c };
  }

  async run(checkpoint?: Checkpoint): Promise<TrainResult> {
    try {
      if (checkpoint) this.resume(checkpoint);
      else this.start();
      const s = this.s;
      for (let i = this.c.iteration + 1; i <= s.iterations; i++) {
        if (s.targetScore !== null && this.c.bestScore >= s.targetScore) {
          return this.finish('target-reached', `the target score ${s.targetScore} is reached (${this.c.bestScore})`);
        }
        const spent = budgetReached(s.budgets, this.c);
        if (spent) return this.finishOrFail('budget', `stopped: ${spent}`);
        await this.pause();
        await this.iterate(i);
      }
      if (s.targetScore !== null && this.c.bestScore >= s.targetScore) {
        return this.finish('target-reached', `the target score ${s.targetScore} is reached (${this.c.bestScore})`);
      }
      return this.finishOrFail('finished', `finished ${s.iterations} iterations; best score ${this.c.bestScore} (iteration ${this.c.bestIteration})`);
    } catch (err) {
      if (err instanceof Aborted) {
        if (!this.c) throw new HorizonError('interrupted before the first iteration finished', 'ERR_BAD_STATE');
        return this.finish('interrupted', `interrupted; ${this.c.iteration} iteration(s) finished — continue with --resume ${this.dir.path}`);
      }
      if (err instanceof OptimizerStop) return this.finish('optimizer-error', `stopped: the optimizer failed (${err.message})`);
      throw err;
    } finally {
      for (const w of this.workers) w.close();
    }
  }
}

class OptimizerStop extends Error {}

/** Refuses to start (or go on with) a run whose optimizer endpoint cannot be reached at all. */
async function checkReachable(s: TrainSettings, hooks: TrainHooks): Promise<void> {
  const why = await makeOptimizer(s, hooks).unreachable?.();
  if (why) throw new HorizonError(`the optimizer endpoint ${why}; check --base-url (or $OPENAI_BASE_URL) and that the server runs`, 'ERR_UNREACHABLE');
}

/** Starts a new run in `out` (which must not hold one). */
export async function startTraining(rom: Rom, settings: TrainSettings, out: string, hooks: TrainHooks = {}): Promise<TrainResult> {
  if (rom.game.id !== settings.game) throw new HorizonError(`the ROM is ${rom.game.id}, the settings say ${settings.game}`, 'ERR_BAD_ARGUMENT');
  await checkReachable(settings, hooks);
  const dir = RunDir.create(out, {
    settings,
    versions: { horizonArcade: packageJson().version, node: process.version, ...sourceCommit() },
    rom: { game: rom.game.id, md5: rom.md5, file: rom.path },
    createdAt: new Date().toISOString(),
  });
  dir.lock();
  try {
    return await new Trainer(rom, dir, settings, hooks).run();
  } finally {
    dir.unlock();
  }
}

/** The settings that define a run, as kept in its checkpoint: all but those a resume may change (the settings table's `resumable`). */
function runDefining(s: TrainSettings): Partial<TrainSettings> {
  const defining = structuredClone(s) as unknown as Record<string, Record<string, unknown>>;
  for (const setting of SETTINGS.filter((x) => x.resumable)) {
    const [top, key] = setting.path.split('.') as [string, string | undefined];
    const group = defining[top];
    if (key === undefined || !group) delete defining[top];
    else {
      delete group[key];
      // A group left empty (the budgets) goes as a whole.
      if (Object.keys(group).length === 0) delete defining[top];
    }
  }
  return defining as Partial<TrainSettings>;
}

/** Names the run-defining settings of config.json that differ from those the run started with. */
function changedSettings(started: Partial<TrainSettings>, now: TrainSettings): string[] {
  const current = runDefining(now) as Record<string, unknown>;
  // (Settings added to the project after the run started keep their defaults: only the run's own are compared.)
  return Object.keys(started).filter((k) => JSON.stringify((started as Record<string, unknown>)[k]) !== JSON.stringify(current[k]));
}

/** What may change when a run is resumed: how long it goes on. */
export interface ResumeOverrides {
  iterations?: number;
  budgets?: Budgets;
}

/**
 * Continues a run from its last finished iteration. The settings are the
 * run's own (config.json); only the iteration count and the budgets may be
 * raised. `findRomFor` locates the ROM by game id; its md5 must match.
 */
export async function resumeTraining(
  path: string,
  findRomFor: (game: string) => Rom,
  overrides: ResumeOverrides = {},
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const dir = RunDir.open(path);
  dir.lock();
  try {
    return await resumeLocked(dir, findRomFor, overrides, hooks);
  } finally {
    dir.unlock();
  }
}

async function resumeLocked(dir: RunDir, findRomFor: (game: string) => Rom, overrides: ResumeOverrides, hooks: TrainHooks): Promise<TrainResult> {
  const path = dir.path;
  const config = dir.config();
  const rom = findRomFor(config.rom.game);
  if (rom.md5 !== config.rom.md5) {
    throw new HorizonError(`the run was made with ROM md5 ${config.rom.md5}, but ${rom.path} has md5 ${rom.md5}`, 'ERR_BAD_ROM');
  }
  // Runs made before observations and prompt layouts were settings had the project's own.
  const saved: Partial<TrainSettings> = config.settings;
  const settings: TrainSettings = {
    ...config.settings,
    obs: saved.obs ?? 'objects',
    context: saved.context ?? 'compact',
    acceptPolicyErrors: saved.acceptPolicyErrors ?? false,
    optimizer: { ...config.settings.optimizer, jsonMode: saved.optimizer?.jsonMode ?? false },
    iterations: overrides.iterations ?? config.settings.iterations,
    budgets: { ...config.settings.budgets, ...overrides.budgets },
  };
  // config.json is checked by the same rules as the command line, and must still be the run's own.
  try {
    checkSettings(settings);
  } catch (err) {
    if (err instanceof HorizonError) throw new HorizonError(`${join(path, 'config.json')}: ${err.message}`, err.code);
    throw err;
  }
  const checkpoint = dir.checkpoint();
  const changed = checkpoint?.settings ? changedSettings(checkpoint.settings, settings) : [];
  if (changed.length) {
    throw new HorizonError(
      `${join(path, 'config.json')} no longer holds the settings the run started with (${changed.join(', ')} changed); restore it, or start a new run with the settings you want`,
      'ERR_BAD_STATE',
    );
  }
  if (!checkpoint || checkpoint.iteration < settings.iterations) await checkReachable(settings, hooks);
  if (checkpoint && checkpoint.iteration >= settings.iterations) {
    return {
      dir: path,
      game: settings.game,
      status: checkpoint.status,
      message: `the run has already finished its ${checkpoint.iteration} iterations (raise --iterations to go on)`,
      checkpoint,
    };
  }
  return new Trainer(rom, dir, settings, hooks).run(checkpoint);
}

/**
 * One training run as data: what a sweep or a queue's worker hands to the
 * process that trains (structured, checked like any settings, never a
 * command line rebuilt from them).
 */
export interface RunRequest {
  /** The run folder. */
  dir: string;
  /** Continue the run in `dir` (only `iterations` and the budgets of `settings` are read), or start a new one there. */
  resume: boolean;
  /** The settings given for the run, keyed as config files and config.json key them. */
  settings: Partial<SettingsInput>;
  /** Where the ROM is found (by game, then by md5). */
  roms: string;
}

/**
 * Trains as `request` says: a new run from its settings (the defaults filled
 * in by resolveSettings, `defaultBaseUrl` for an LLM run that names no
 * endpoint), or the resume of an interrupted one.
 */
export async function runRequest(request: RunRequest, hooks: TrainHooks = {}, defaultBaseUrl?: string): Promise<TrainResult> {
  const findRomFor = (game: string) => findRom(game, request.roms);
  const s = request.settings;
  if (request.resume) return resumeTraining(request.dir, findRomFor, { iterations: s.iterations, budgets: s.budgets }, hooks);
  if (!s.game) throw new HorizonError('a game is needed: --game NAME (or --config FILE, or --resume DIR)', 'ERR_BAD_ARGUMENT');
  const rom = findRomFor(s.game);
  const settings = resolveSettings({ ...s, game: rom.game.id });
  // Recorded in the run, so a resume (or a queue's worker) knows which endpoint it used.
  if (settings.optimizer.kind === 'openai' && !settings.optimizer.baseUrl && defaultBaseUrl) settings.optimizer.baseUrl = defaultBaseUrl;
  hooks.onEvent?.({ kind: 'start', game: rom.game.name, settings, dir: request.dir });
  return startTraining(rom, settings, request.dir, hooks);
}
