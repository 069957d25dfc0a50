import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import type { EnvOptions, FrameShape } from '../env/env.ts';
import { HorizonError } from '../env/errors.ts';
import type { LifeRule } from '../env/life-rule.ts';
import { closestName } from '../env/names.ts';
import { STUDY_OBS_GAMES } from '../objects/ocatari/index.ts';
import type { ContextKind, ImageDetail } from '../optimizer/types.ts';
import type { ObsFormat } from '../objects/observation.ts';
import { gameDefaults } from './game-defaults.ts';
import { paperGame } from './paper.ts';
import { type DefaultsContext, expected, fits, getPath, parseSize, SETTINGS, setPath } from './settings-table.ts';

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
  /** The detail level of the pictures sent with prompts (absent in older runs: low). */
  imageDetail?: ImageDetail;
  /** Replies longer than this many characters are refused as an optimizer failure (absent in older runs: 256 KiB). */
  maxReplyChars?: number;
  /**
   * At most `max` requests per `perSeconds` (--llm-rate). Counted in the job
   * queue's Redis when the run is started by a worker (so all workers share
   * it), else within the run.
   */
  llmRate?: { max: number; perSeconds: number };
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
  /** What the policy sees: the project's objects or the study's OCAtari observations (objects/observation.ts). */
  obs: ObsFormat;
  /** The screen resized to `WxH` as policies' obs.frame, or null for none (absent in older runs). */
  frameSize?: string | null;
  /** obs.frame's colours (absent in older runs: grayscale). */
  frameColor?: FrameShape['color'];
  /** How the optimizer's prompt is written: `compact` (ours) or `optoprime` (the study's, optimizer/optoprime.ts). */
  context: ContextKind;
  /** Pictures of each rollout's window sent with the prompt (0 or absent: none). */
  contextImages?: number;
  optimizer: OptimizerSettings;
  budgets: Budgets;
}

export type SettingsInput = Partial<Omit<TrainSettings, 'optimizer' | 'budgets' | 'preset'>> & {
  preset?: 'paper' | null;
  game: string;
  optimizer?: Partial<OptimizerSettings>;
  budgets?: Budgets;
};

/** The environment a run's rollouts and evaluations play in. */
export function envOptionsOf(s: TrainSettings): EnvOptions {
  return { frameskip: s.frameskip, repeatActionProbability: s.repeatActionProbability, maxFramesPerEpisode: 108_000 };
}

/** How a run's policies play in evaluations, smoke runs and replays: the environment, what they see and the life rule. */
export function playOf(s: TrainSettings): { seed: number; env: EnvOptions; obs: ObsFormat; frame: FrameShape | undefined; lifeRule: LifeRule } {
  return { seed: s.seed, env: envOptionsOf(s), obs: s.obs ?? 'objects', frame: frameShapeOf(s), lifeRule: s.lifeRule };
}

/** The picture a run's policies see as obs.frame, or undefined when they see none. */
export function frameShapeOf(s: Pick<TrainSettings, 'frameSize' | 'frameColor'>): FrameShape | undefined {
  const size = parseSize(s.frameSize);
  return size && { ...size, color: s.frameColor ?? 'grayscale' };
}

/**
 * Fills every setting not given with its default from the settings table
 * (the game's, or with `preset: 'paper'` the study's exact settings for the
 * game), then checks them all. Keys the table does not know are refused.
 */
export function resolveSettings(input: SettingsInput): TrainSettings {
  checkKnownKeys(input);
  if (typeof input.game !== 'string' || !input.game) bad('game', 'a game id', input.game);
  if (input.preset != null && input.preset !== 'paper') bad('preset', '"paper"', input.preset);
  const context: DefaultsContext = {
    defaults: gameDefaults(input.game),
    paper: input.preset === 'paper' ? paperGame(input.game) : undefined,
    resolved: { optimizer: {}, budgets: {} },
  };
  for (const setting of SETTINGS) {
    const given = getPath(input, setting.path);
    const value = given !== undefined ? given : setting.default?.(context);
    if (value !== undefined) setPath(context.resolved, setting.path, value);
  }
  const s = context.resolved as unknown as TrainSettings;
  // Absolute, so config.json names the file wherever the run is resumed from.
  if (typeof s.policy === 'string' && s.policy) s.policy = resolve(s.policy);
  checkSettings(s);
  return s;
}

/** Refuses keys that are not settings (a typo in a --config file would otherwise be ignored), naming the nearest one. */
function checkKnownKeys(input: object, prefix = ''): void {
  for (const [key, value] of Object.entries(input)) {
    const path = prefix + key;
    if (SETTINGS.some((s) => s.path === path)) continue;
    if (SETTINGS.some((s) => s.path.startsWith(`${path}.`)) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      checkKnownKeys(value, `${path}.`);
      continue;
    }
    const hint = closestName(
      path,
      SETTINGS.map((s) => s.path),
    );
    throw new HorizonError(`unknown setting "${path}"${hint ? ` (did you mean "${hint}"?)` : ''}`, 'ERR_BAD_ARGUMENT');
  }
}

function bad(name: string, expected: string, value: unknown): never {
  throw new HorizonError(`${name} must be ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`, 'ERR_BAD_ARGUMENT');
}

/** Checks every setting against the table, then the rules that tie settings together. */
export function checkSettings(s: TrainSettings): void {
  for (const setting of SETTINGS) {
    const v = getPath(s, setting.path);
    if (v === undefined && setting.optional) continue;
    if (!fits(setting.value, v)) bad(`${setting.path} (--${setting.flag})`, expected(setting.value), v);
  }
  if (s.resetEachUpdate && s.updateEvery < s.horizon) {
    throw new HorizonError(
      `updateEvery (${s.updateEvery}) is shorter than the horizon (${s.horizon}): with resetEachUpdate each rollout starts a new game, so its trace cannot be longer than the steps it plays`,
      'ERR_BAD_ARGUMENT',
    );
  }
  if (s.feedback === 'paper') paperGame(s.game);
  if (s.obs === 'ocatari' && !STUDY_OBS_GAMES.includes(s.game)) {
    throw new HorizonError(`OCAtari observations exist for ${STUDY_OBS_GAMES.join(', ')}; not for ${s.game}`, 'ERR_BAD_ARGUMENT');
  }
  if (s.optimizer.kind === 'openai' && !s.optimizer.model) {
    throw new HorizonError('the openai optimizer needs a model: --model NAME', 'ERR_BAD_ARGUMENT');
  }
  if (!existsSync(s.policy)) throw new HorizonError(`policy file not found: ${s.policy}`, 'ERR_BAD_POLICY');
}
