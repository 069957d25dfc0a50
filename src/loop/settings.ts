import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { EnvOptions } from '../env/env.ts';
import { HorizonError } from '../env/errors.ts';
import { LIFE_RULES, type LifeRule } from '../env/life-rule.ts';
import { projectRoot } from '../env/files.ts';
import { STUDY_OBS_GAMES } from '../objects/ocatari/index.ts';
import { CONTEXT_KINDS, type ContextKind } from '../optimizer/types.ts';
import { OBS_FORMATS, type ObsFormat } from '../policy/observation.ts';
import { gameDefaults } from './game-defaults.ts';
import { paperGame, paperObs } from './paper.ts';

/** The optimizer as tables, plot titles and reports name it: `tuner`, or the LLM's model name. */
export function optimizerName(o: Pick<OptimizerSettings, 'kind' | 'model'>): string {
  return o.kind === 'tuner' ? 'offline tuner' : `LLM ${o.model ?? '(no model)'}`;
}

export interface OptimizerSettings {
  /** `tuner`: the offline (1+1)-ES over numeric constants; `openai`: any OpenAI-compatible endpoint. */
  kind: 'tuner' | 'openai';
  model?: string;
  baseUrl?: string;
  /** Sampling temperature; absent: none is sent (the provider's default, as in the study). */
  temperature?: number;
  /** The reply's token limit sent with each request (`max_tokens`); absent: none is sent. */
  replyMaxTokens?: number;
  /** Ask for a JSON object reply (`response_format: json_object`), retried without it if the server refuses. */
  jsonMode: boolean;
  timeoutMs: number;
  /** Retries of a failed call (connection errors, timeouts, 429, 5xx) before the failure is recorded. */
  maxRetries: number;
  priceInPerMillion: number;
  priceOutPerMillion: number;
  /** Replies longer than this many characters are refused as an optimizer failure (absent in older runs: 256 KiB). */
  maxReplyChars?: number;
  /**
   * At most `max` requests per `perSeconds` (--llm-rate). Counted in the job
   * queue's Redis when the run is started by a worker (so all workers share
   * it), else within the run.
   */
  rate?: { max: number; perSeconds: number };
}

/** Limits that stop a run cleanly when reached (checked before each iteration). */
export interface Budgets {
  maxLlmCalls?: number;
  maxTokens?: number;
  maxCostUsd?: number;
  maxWallMinutes?: number;
}

/** Every choice of a training run; all of it is written to the run's config.json. */
export interface TrainSettings {
  game: string;
  /** The initial policy program. */
  policy: string;
  /** Credit horizon: agent steps of trace per rollout fed to the optimizer. */
  horizon: number;
  /** Agent steps each rollout plays per update (the trace keeps the last `horizon` of them). */
  updateEvery: number;
  /** Independent rollouts per update. */
  batch: number;
  /** Earlier updates remembered in the context. */
  memory: number;
  /** Each update starts new games; otherwise each rollout continues where its last segment ended. */
  resetEachUpdate: boolean;
  evalEpisodes: number;
  evalMaxSteps: number;
  iterations: number;
  seed: number;
  frameskip: number;
  repeatActionProbability: number;
  /** `best`: a candidate replaces the policy only if it evaluates at least as well; `latest`: every valid candidate does. */
  selection: 'best' | 'latest';
  /** Stop early when an evaluation reaches this mean score (null: never). */
  targetScore: number | null;
  /** Approximate size limit of a prompt, in tokens; traces are shortened (and the prompt says so) to fit. */
  tokenBudget: number;
  /** What to do when the optimizer fails after its retries: record it and go on, or stop the run. */
  onOptimizerError: 'continue' | 'stop';
  /** `paper`: the study's settings for its 8 games filled every setting not given (docs/paper.md). */
  preset: 'paper' | null;
  /** What a lost life means in rollouts and evaluations (env/life-rule.ts). */
  lifeRule: LifeRule;
  /** Evaluation feedback: `plain` (score, target gap) or `paper` (the study's tiered sentence). */
  feedback: 'plain' | 'paper';
  /** Keep a candidate whose evaluation raised policy errors (by default it is rejected as broken). */
  acceptPolicyErrors: boolean;
  /** What the policy sees: the project's objects or the study's OCAtari observations (policy/observation.ts). */
  obs: ObsFormat;
  /** How the optimizer's prompt is written: `compact` (ours) or `optoprime` (the study's, optimizer/optoprime.ts). */
  context: ContextKind;
  optimizer: OptimizerSettings;
  budgets: Budgets;
}

export type SettingsInput = Partial<Omit<TrainSettings, 'optimizer' | 'budgets' | 'preset'>> & {
  preset?: 'paper';
  game: string;
  optimizer?: Partial<OptimizerSettings>;
  budgets?: Budgets;
};

/** The environment a run's rollouts and evaluations play in. */
export function envOptionsOf(s: TrainSettings): EnvOptions {
  return { frameskip: s.frameskip, repeatActionProbability: s.repeatActionProbability, maxFramesPerEpisode: 108_000 };
}

/** The policy a run starts from when none is given: the game's modular starter (paper.ts under the paper preset). */
export function defaultPolicyFile(game: string, preset?: 'paper'): string {
  return join(projectRoot, 'policies', game, preset === 'paper' ? 'paper.ts' : 'modular.ts');
}

/**
 * Fills every setting not given with the game's default (with `preset:
 * 'paper'`, the study's exact settings for the game), then checks them all.
 */
export function resolveSettings(input: SettingsInput): TrainSettings {
  if (input.preset !== undefined && input.preset !== 'paper') bad('preset', '"paper"', input.preset);
  const paper = input.preset === 'paper' ? paperGame(input.game) : undefined;
  const d = gameDefaults(input.game);
  const horizon = input.horizon ?? d.horizon;
  const s: TrainSettings = {
    game: input.game,
    // Absolute, so config.json names the file wherever the run is resumed from.
    policy: resolve(input.policy ?? defaultPolicyFile(input.game, input.preset)),
    horizon,
    updateEvery: input.updateEvery ?? horizon,
    batch: input.batch ?? 1,
    memory: input.memory ?? 5,
    resetEachUpdate: input.resetEachUpdate ?? true,
    evalEpisodes: input.evalEpisodes ?? d.evalEpisodes,
    evalMaxSteps: input.evalMaxSteps ?? d.evalMaxSteps,
    iterations: input.iterations ?? d.iterations,
    seed: input.seed ?? 0,
    frameskip: input.frameskip ?? 4,
    repeatActionProbability: input.repeatActionProbability ?? 0,
    // The study kept every valid update (and only tracked the best one).
    selection: input.selection ?? (paper ? 'latest' : 'best'),
    targetScore: input.targetScore === undefined ? (d.targetScore ?? null) : input.targetScore,
    // The study's multi-step prompts ran to 60-90k tokens: the paper preset keeps whole traces.
    tokenBudget: input.tokenBudget ?? (paper ? 200_000 : 32_000),
    onOptimizerError: input.onOptimizerError ?? 'continue',
    preset: input.preset ?? null,
    lifeRule: input.lifeRule ?? paper?.lifeRule ?? 'game',
    feedback: input.feedback ?? (paper ? 'paper' : 'plain'),
    // The study's observations where they exist for the game (docs/paper.md lists them).
    obs: input.obs ?? (paper ? paperObs(input.game) : 'objects'),
    acceptPolicyErrors: input.acceptPolicyErrors ?? false,
    context: input.context ?? (paper ? 'optoprime' : 'compact'),
    optimizer: {
      kind: input.optimizer?.kind ?? 'tuner',
      model: input.optimizer?.model,
      baseUrl: input.optimizer?.baseUrl,
      // The study sent no temperature and asked for at most 4096 tokens in JSON mode.
      ...(input.optimizer?.temperature !== undefined || !paper ? { temperature: input.optimizer?.temperature ?? 0.7 } : {}),
      ...(input.optimizer?.replyMaxTokens !== undefined || paper ? { replyMaxTokens: input.optimizer?.replyMaxTokens ?? 4096 } : {}),
      jsonMode: input.optimizer?.jsonMode ?? paper !== undefined,
      timeoutMs: input.optimizer?.timeoutMs ?? 120_000,
      maxRetries: input.optimizer?.maxRetries ?? 3,
      priceInPerMillion: input.optimizer?.priceInPerMillion ?? 0,
      priceOutPerMillion: input.optimizer?.priceOutPerMillion ?? 0,
      maxReplyChars: input.optimizer?.maxReplyChars ?? 256 * 1024,
      ...(input.optimizer?.rate ? { rate: input.optimizer.rate } : {}),
    },
    budgets: { ...input.budgets },
  };
  checkSettings(s);
  return s;
}

function bad(name: string, expected: string, value: unknown): never {
  throw new HorizonError(`${name} must be ${expected}, got ${JSON.stringify(value)}`, 'ERR_BAD_ARGUMENT');
}

function positiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) bad(name, 'a positive integer', v);
}

export function checkSettings(s: TrainSettings): void {
  for (const k of ['horizon', 'updateEvery', 'batch', 'evalEpisodes', 'evalMaxSteps', 'iterations', 'frameskip', 'tokenBudget'] as const) {
    positiveInt(k, s[k]);
  }
  if (!Number.isInteger(s.memory) || s.memory < 0) bad('memory', 'a non-negative integer', s.memory);
  if (!Number.isInteger(s.seed) || s.seed < 0) bad('seed', 'a non-negative integer', s.seed);
  if (!(s.repeatActionProbability >= 0 && s.repeatActionProbability <= 1)) bad('repeatActionProbability', 'a number in [0, 1]', s.repeatActionProbability);
  if (s.resetEachUpdate && s.updateEvery < s.horizon) {
    throw new HorizonError(
      `updateEvery (${s.updateEvery}) is shorter than the horizon (${s.horizon}): with resetEachUpdate each rollout starts a new game, so its trace cannot be longer than the steps it plays`,
      'ERR_BAD_ARGUMENT',
    );
  }
  if (!['best', 'latest'].includes(s.selection)) bad('selection', '"best" or "latest"', s.selection);
  if (!['continue', 'stop'].includes(s.onOptimizerError)) bad('onOptimizerError', '"continue" or "stop"', s.onOptimizerError);
  if (!LIFE_RULES.includes(s.lifeRule)) bad('lifeRule', LIFE_RULES.map((r) => `"${r}"`).join(', '), s.lifeRule);
  if (!['plain', 'paper'].includes(s.feedback)) bad('feedback', '"plain" or "paper"', s.feedback);
  if (s.feedback === 'paper') paperGame(s.game);
  if (typeof s.acceptPolicyErrors !== 'boolean') bad('acceptPolicyErrors', 'true or false', s.acceptPolicyErrors);
  if (!OBS_FORMATS.includes(s.obs)) bad('obs', OBS_FORMATS.map((f) => `"${f}"`).join(' or '), s.obs);
  if (s.obs === 'ocatari' && !STUDY_OBS_GAMES.includes(s.game)) {
    throw new HorizonError(`OCAtari observations exist for ${STUDY_OBS_GAMES.join(', ')}; not for ${s.game}`, 'ERR_BAD_ARGUMENT');
  }
  if (!CONTEXT_KINDS.includes(s.context)) bad('context', CONTEXT_KINDS.map((f) => `"${f}"`).join(' or '), s.context);
  if (s.optimizer.temperature !== undefined && !(s.optimizer.temperature >= 0 && s.optimizer.temperature <= 2))
    bad('temperature', 'a number in [0, 2]', s.optimizer.temperature);
  if (s.optimizer.replyMaxTokens !== undefined) positiveInt('replyMaxTokens', s.optimizer.replyMaxTokens);
  if (!['tuner', 'openai'].includes(s.optimizer.kind)) bad('optimizer', '"tuner" or "openai"', s.optimizer.kind);
  if (s.optimizer.kind === 'openai' && !s.optimizer.model) {
    throw new HorizonError('the openai optimizer needs a model: --model NAME', 'ERR_BAD_ARGUMENT');
  }
  if (!Number.isInteger(s.optimizer.maxRetries) || s.optimizer.maxRetries < 0) bad('maxRetries', 'a non-negative integer', s.optimizer.maxRetries);
  if (s.optimizer.maxReplyChars !== undefined) positiveInt('maxReplyChars', s.optimizer.maxReplyChars);
  for (const [k, v] of Object.entries(s.budgets)) {
    if (v !== undefined && !(typeof v === 'number' && v > 0)) bad(`budget ${k}`, 'a positive number', v);
  }
  if (!existsSync(s.policy)) throw new HorizonError(`policy file not found: ${s.policy}`, 'ERR_BAD_POLICY');
}
