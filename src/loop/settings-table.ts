import { join } from 'node:path';

import { projectRoot } from '../env/files.ts';
import { FRAME_COLORS } from '../env/env.ts';
import { LIFE_RULES } from '../env/life-rule.ts';
import type { RateLimit } from '../optimizer/rate-limit.ts';
import { CONTEXT_KINDS, IMAGE_DETAILS } from '../optimizer/types.ts';
import { OBS_FORMATS } from '../objects/observation.ts';
import type { GameDefaults } from './game-defaults.ts';
import { paperObs, type PaperGame } from './paper.ts';

/** The kinds of value a setting takes; each knows how it is checked, parsed from a flag and written back to one. */
export type SettingValue =
  | { kind: 'int'; min: 0 | 1 }
  | { kind: 'number'; min?: number; max?: number; positive?: boolean; orNone?: boolean }
  | { kind: 'choice'; choices: readonly string[]; orNone?: boolean }
  /** `on`: the flag turns it on; `off`: `--no-<flag>` turns it off; `both`: either. */
  | { kind: 'boolean'; flags: 'on' | 'off' | 'both' }
  | { kind: 'text' }
  /** A picture's size, written `84x84` (width x height; at most 160 x 250), or null for none. */
  | { kind: 'size' }
  /** At most `max` requests per `perSeconds`, written `30/min` or `2/3s`. */
  | { kind: 'rate' };

/** What a default is worked out from: the game, the paper preset's game when it is on, and the settings before it in the table. */
export interface DefaultsContext {
  defaults: GameDefaults;
  paper: PaperGame | undefined;
  /** The settings resolved so far (those earlier in the table), and the given ones. */
  resolved: Record<string, unknown>;
}

export interface Setting {
  /** Where it sits in TrainSettings (and in config.json and `--config` files): `horizon`, `optimizer.temperature`. */
  path: string;
  /**
   * The `train` option, without its dashes: the path's last key in kebab case
   * (`targetScore` -> `target-score`), so a setting has one name in flags,
   * config files and the API. The one exception is `optimizer.kind`, which is
   * `--optimizer`.
   */
  flag: string;
  /** The option's name before it was made the setting's own: refused with the new name. */
  renamedFrom?: string;
  /** The option's argument as `--help` names it. */
  arg?: string;
  value: SettingValue;
  /** The value when none is given (undefined: none is set). */
  default?: (c: DefaultsContext) => unknown;
  /** May be absent from a run's settings (nothing sent, no limit, or not kept by older runs). */
  optional?: true;
  /** The default as `--help` and the docs say it. */
  defaultText: string;
  /** One line for `--help`. */
  help: string;
  /** What the docs say it does (default: the help line). */
  about?: string;
  /** What the study used, or found, for it. */
  study: string;
  /** May change when a run is resumed (how long it goes on); every other setting is fixed when the run starts. */
  resumable?: boolean;
}

const paperGames = 'Pong 21, Breakout 350, SI 2000, Asterix 5000, Enduro 200, Freeway 50, Qbert 10000, Seaquest 5000';

/**
 * Every setting of a training run, once: from this table come the `train`
 * options, their parsing and checks, the defaults (resolveSettings), what a
 * resume may change, `--config` files' keys and the settings table of
 * docs/training.md. Its order is the order defaults are worked out in.
 */
export const SETTINGS: readonly Setting[] = [
  {
    path: 'game',
    flag: 'game',
    arg: 'name',
    value: { kind: 'text' },
    defaultText: 'required',
    help: 'game id (the ROM is found by md5 in --roms)',
    study: 'Pong, Breakout, Space Invaders, Asterix, Enduro, Freeway, Qbert, Seaquest',
  },
  {
    path: 'preset',
    flag: 'preset',
    arg: 'name',
    value: { kind: 'choice', choices: ['paper'], orNone: true },
    default: () => null,
    // (Runs from before presets were a setting have none.)
    optional: true,
    defaultText: 'none',
    help: "the study's settings for its 8 games (docs/paper.md); other options still override",
    about:
      "the study's settings for its 8 games fill every setting not given: its horizon, iterations, evaluation, target, `selection: latest`, `lifeRule`, tiered `feedback`, its observations where we have them (`obs: ocatari`), its prompt layout (`context: optoprime`, JSON mode, 4096 reply tokens, no temperature), token budget 200k and the paper-style starting policy `policies/<game>/paper.ts`",
    study: 'see [paper.md](paper.md)',
  },
  {
    path: 'policy',
    flag: 'policy',
    arg: 'file',
    value: { kind: 'text' },
    default: (c) => defaultPolicyFile(c.resolved.game as string, c.resolved.preset === 'paper'),
    defaultText: 'policies/<game>/modular.ts (paper preset: paper.ts)',
    help: 'the initial policy program',
    study: 'a hand-written starting program per game',
  },
  {
    path: 'horizon',
    flag: 'horizon',
    arg: 'h',
    value: { kind: 'int', min: 1 },
    default: (c) => c.defaults.horizon,
    defaultText: 'Pong 400, Breakout 300, others 100',
    help: 'credit horizon: agent steps of trace per rollout fed to the optimizer',
    study:
      'multi-step (these values) vs one-step (1): multi-step wins on Pong (12.0 vs 5.8 after 20 iterations), Breakout (123 vs 71), Space Invaders (929 vs 570), Asterix (3467 vs 310); one-step matches or beats it on Enduro, Freeway, Qbert, Seaquest — "4 of 8" games',
  },
  {
    path: 'updateEvery',
    flag: 'update-every',
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: (c) => c.resolved.horizon,
    defaultText: 'the horizon',
    help: 'agent steps each rollout plays per update; the trace keeps the last `horizon`',
    study: 'the paper always used `updateEvery = horizon`',
  },
  {
    path: 'batch',
    flag: 'batch',
    arg: 'b',
    value: { kind: 'int', min: 1 },
    default: () => 1,
    defaultText: '1',
    help: 'independent rollouts per update, all in one context',
    study: 'the paper used 1 (one rollout, one LLM call per iteration)',
  },
  {
    path: 'memory',
    flag: 'memory',
    arg: 'k',
    value: { kind: 'int', min: 0 },
    default: () => 5,
    defaultText: '5',
    help: 'earlier updates shown in the context',
    study: "5 everywhere (OptoPrime's `memory_size`)",
  },
  {
    path: 'resetEachUpdate',
    flag: 'reset-each-update',
    value: { kind: 'boolean', flags: 'off' },
    default: () => true,
    defaultText: 'on',
    help: 'continue each rollout where its last segment ended, instead of starting new games each update',
    about: "new games each update, or continue each rollout's game",
    study:
      "the paper reset every update: its horizon is always the *first* H steps of a game (with H = 1 the single first step, when Pong's ball is not even on screen)",
  },
  {
    path: 'evalEpisodes',
    flag: 'eval-episodes',
    arg: 'e',
    value: { kind: 'int', min: 1 },
    default: (c) => c.defaults.evalEpisodes,
    defaultText: 'Pong 10, Asterix 3, Freeway 3, others 1',
    help: 'full episodes per evaluation (the evaluation scores each candidate)',
    study: "the paper's values",
  },
  {
    path: 'evalMaxSteps',
    flag: 'eval-max-steps',
    arg: 'm',
    value: { kind: 'int', min: 1 },
    default: (c) => c.defaults.evalMaxSteps,
    defaultText: 'Asterix 20000, Enduro 5000, Freeway 2500, others 4000',
    help: 'step limit of an evaluation episode',
    study: "the paper's values",
  },
  {
    path: 'iterations',
    flag: 'iterations',
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: (c) => c.defaults.iterations,
    defaultText: 'Pong 20, Space Invaders 20, others 30 (demo 40)',
    help: 'optimizer updates',
    study: "the paper's values",
    resumable: true,
  },
  {
    path: 'selection',
    flag: 'selection',
    arg: 'rule',
    value: { kind: 'choice', choices: ['best', 'latest'] },
    default: (c) => (c.paper ? 'latest' : 'best'),
    defaultText: 'best (paper preset: latest)',
    help: 'keep a candidate only if it evaluates at least as well (best), or always (latest)',
    study:
      "Pong's script kept every update (no rollback) and swung between -21 and 21 after first reaching 21; Breakout's kept the best evaluation and reloaded the last good policy after an error",
  },
  {
    path: 'targetScore',
    flag: 'target-score',
    renamedFrom: 'target',
    arg: 'score',
    value: { kind: 'number', orNone: true },
    default: (c) => c.defaults.targetScore ?? null,
    defaultText: `${paperGames}; Boxing 100 (ours: a knockout); others none`,
    help: 'stop when an evaluation reaches this score (none: never); quoted in the feedback as the gap',
    study: "the paper's early-stop values (Boxing was not in the paper)",
  },
  {
    path: 'seed',
    flag: 'seed',
    arg: 's',
    value: { kind: 'int', min: 0 },
    default: () => 0,
    defaultText: '0',
    help: "seeds rollouts, evaluation, the policy's Math.random and the tuner",
    about: "seeds rollouts, evaluation, the policy's `Math.random` and the tuner",
    study: 'the paper passed no seed; with sticky 0 its games are deterministic anyway',
  },
  {
    path: 'frameskip',
    flag: 'frameskip',
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: () => 4,
    defaultText: '4',
    help: 'emulated frames per agent step',
    study: '4 (`NoFrameskip-v4` with frameskip 4)',
  },
  {
    path: 'repeatActionProbability',
    flag: 'repeat-action-probability',
    renamedFrom: 'sticky',
    arg: 'p',
    value: { kind: 'number', min: 0, max: 1 },
    default: () => 0,
    defaultText: '0',
    help: 'sticky actions: the probability that the previous action is repeated, each frame',
    study: '0',
  },
  {
    path: 'lifeRule',
    flag: 'life-rule',
    arg: 'rule',
    value: { kind: 'choice', choices: LIFE_RULES },
    default: (c) => c.paper?.lifeRule ?? 'game',
    defaultText: 'game (paper preset: episodic for Asterix, Qbert, Seaquest; fire-after-loss for Breakout)',
    help: 'a lost life: part of the game, the end of the episode (episodic), or followed by a FIRE pressed by the environment',
    about:
      'what a lost life means in rollouts and evaluations: nothing, the end of the episode (the next one goes on with the next life), or a FIRE pressed by the environment',
    study: "the study's newer environments were episodic; its 2025 Breakout environment served the next ball itself",
  },
  {
    path: 'obs',
    flag: 'obs',
    arg: 'format',
    value: { kind: 'choice', choices: OBS_FORMATS },
    default: (c) => (c.paper ? paperObs(c.resolved.game as string) : 'objects'),
    defaultText: 'objects (paper preset: ocatari where it exists)',
    help: "what the policy sees: the project's object lists (docs/objects.md) or the study's OCAtari observations (docs/paper.md)",
    about:
      "what the policy sees: the project's object lists ([objects.md](objects.md)), or the plain object the study's environment built from OCAtari ([paper.md](paper.md))",
    study: "the study's policies read OCAtari dicts",
  },
  {
    path: 'frameSize',
    flag: 'frame-size',
    arg: 'WxH',
    value: { kind: 'size' },
    default: () => null,
    // (Runs from before policies could see pictures have none.)
    optional: true,
    defaultText: 'none',
    help: 'give policies the screen resized to WxH as obs.frame (84x84: 84 wide, 84 high), made only on the steps that read it',
    about:
      'give policies the screen resized to `WxH` (area interpolation) as `obs.frame` = `{ width, height, channels, pixels }`, made and copied into the sandbox only on the steps that read it ([policies.md](policies.md))',
    study: "the study's policies saw objects only",
  },
  {
    path: 'frameColor',
    flag: 'frame-color',
    arg: 'color',
    value: { kind: 'choice', choices: FRAME_COLORS },
    default: () => 'grayscale',
    optional: true,
    defaultText: 'grayscale',
    help: "obs.frame's colours: grey (1 value a pixel, ALE's luma) or RGB (3)",
    study: '—',
  },
  {
    path: 'context',
    flag: 'context',
    arg: 'layout',
    value: { kind: 'choice', choices: CONTEXT_KINDS },
    default: (c) => (c.paper ? 'optoprime' : 'compact'),
    defaultText: 'compact (paper preset: optoprime)',
    help: "the optimizer's prompt: our compact trace, or the study's OptoPrime problem instance (docs/optimizer.md)",
    about: "the prompt layout: our compact trace, or the study's OptoPrime problem instance ([optimizer.md](optimizer.md))",
    study: "the study's prompts held every step written out: 60–90k tokens at Pong H=400",
  },
  {
    path: 'contextImages',
    flag: 'context-images',
    arg: 'k',
    value: { kind: 'int', min: 0 },
    default: () => 0,
    optional: true,
    defaultText: '0',
    help: "pictures of each rollout's window sent with the prompt: the screen at its end and after its latest rewards, lost lives and episode ends (PNG image parts)",
    about:
      "up to `k` pictures of each rollout's window sent with the prompt as PNG image parts: the screen after its last step and after its latest steps with a reward, a lost life or an episode's end, each named in the text; their tokens are estimated and recorded ([optimizer.md](optimizer.md))",
    study: 'the study sent text only',
  },
  {
    path: 'tokenBudget',
    flag: 'token-budget',
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: (c) => (c.paper ? 200_000 : 32_000),
    defaultText: '32000 (paper preset: 200000)',
    help: 'prompt size limit (approximate tokens); traces are shortened to fit',
    study: "the paper's Pong prompts at horizon 400 were 60–90k tokens; it never cut",
  },
  {
    path: 'feedback',
    flag: 'feedback',
    arg: 'kind',
    value: { kind: 'choice', choices: ['plain', 'paper'] },
    default: (c) => (c.paper ? 'paper' : 'plain'),
    defaultText: 'plain (paper preset: paper)',
    help: "the evaluation sentence: score and target gap (plain), or the study's tiered sentence (paper: close to the goal / some progress / not working)",
    study: 'one of three sentences, chosen by the evaluation mean',
  },
  {
    path: 'acceptPolicyErrors',
    flag: 'accept-policy-errors',
    value: { kind: 'boolean', flags: 'on' },
    default: () => false,
    defaultText: 'off',
    help: 'keep a candidate whose evaluation raised policy errors (by default it is rejected as broken)',
    study: '—',
  },
  {
    path: 'onOptimizerError',
    flag: 'on-optimizer-error',
    arg: 'what',
    value: { kind: 'choice', choices: ['continue', 'stop'] },
    default: () => 'continue',
    defaultText: 'continue',
    help: 'after a failed optimizer call (after its retries): record it and go on, or stop the run',
    study: '—',
  },
  {
    path: 'optimizer.model',
    flag: 'model',
    optional: true,
    arg: 'name',
    value: { kind: 'text' },
    defaultText: 'none',
    help: "the LLM's model name",
    study: 'not recorded (Trace falls back to gpt-4o)',
  },
  {
    path: 'optimizer.kind',
    flag: 'optimizer',
    arg: 'kind',
    value: { kind: 'choice', choices: ['tuner', 'openai'] },
    // (The model comes first in the table, so it is known here.)
    default: (c) => ((c.resolved.optimizer as { model?: string } | undefined)?.model ? 'openai' : 'tuner'),
    defaultText: 'tuner (openai when a model is given)',
    help: 'the offline tuner, or an OpenAI-compatible LLM (docs/optimizer.md)',
    about: 'the offline tuner, or an OpenAI-compatible LLM; see [optimizer.md](optimizer.md)',
    study: 'the paper used one LLM call per iteration with OptoPrime',
  },
  {
    path: 'optimizer.baseUrl',
    flag: 'base-url',
    optional: true,
    arg: 'url',
    value: { kind: 'text' },
    defaultText: '$OPENAI_BASE_URL, else OpenAI',
    help: 'OpenAI-compatible endpoint (the key comes from $OPENAI_API_KEY and is never recorded)',
    study: '—',
  },
  {
    path: 'optimizer.temperature',
    flag: 'temperature',
    optional: true,
    arg: 't',
    value: { kind: 'number', min: 0, max: 2 },
    default: (c) => (c.paper ? undefined : 0.7),
    defaultText: '0.7 (paper preset: none sent)',
    help: 'sampling temperature',
    study: 'none sent (the provider default)',
  },
  {
    path: 'optimizer.replyMaxTokens',
    flag: 'reply-max-tokens',
    optional: true,
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: (c) => (c.paper ? 4096 : undefined),
    defaultText: 'none sent (paper preset: 4096)',
    help: "the reply's token limit sent with each LLM call (max_tokens)",
    study: '4096',
  },
  {
    path: 'optimizer.jsonMode',
    flag: 'json-mode',
    value: { kind: 'boolean', flags: 'both' },
    default: (c) => c.paper !== undefined,
    defaultText: 'off (paper preset: on)',
    help: 'ask the LLM for a JSON object reply (response_format), retried without it if the server refuses',
    study: 'on',
  },
  {
    path: 'optimizer.imageDetail',
    flag: 'image-detail',
    arg: 'level',
    value: { kind: 'choice', choices: IMAGE_DETAILS },
    default: () => 'low',
    optional: true,
    defaultText: 'low',
    help: 'the detail level sent with each picture (--context-images): low is 85 tokens a picture and loses nothing of a 160-pixel screen; high adds 170 tokens a 512-pixel tile',
    study: '—',
  },
  {
    path: 'optimizer.maxReplyChars',
    flag: 'max-reply-chars',
    optional: true,
    arg: 'n',
    value: { kind: 'int', min: 1 },
    default: () => 256 * 1024,
    defaultText: '262144',
    help: 'longer LLM replies are refused as a failed call',
    study: '—',
  },
  {
    path: 'optimizer.maxRetries',
    flag: 'max-retries',
    renamedFrom: 'retries',
    arg: 'n',
    value: { kind: 'int', min: 0 },
    default: () => 3,
    defaultText: '3',
    help: 'retries of a failed LLM call (connection errors, timeouts, 429, 5xx)',
    study: '—',
  },
  {
    path: 'optimizer.timeoutMs',
    flag: 'timeout-ms',
    renamedFrom: 'timeout',
    arg: 'ms',
    value: { kind: 'int', min: 1 },
    default: () => 120_000,
    defaultText: '120000',
    help: 'timeout of one LLM call, in milliseconds',
    study: '—',
  },
  {
    path: 'optimizer.llmRate',
    flag: 'llm-rate',
    optional: true,
    arg: 'n/period',
    value: { kind: 'rate' },
    defaultText: 'none',
    help: 'at most n LLM requests per period (30/min, 2/3s); shared by all workers of a job queue (docs/distributed.md)',
    about: 'at most n LLM requests per period (`30/min`, `2/3s`), shared by all workers of a job queue ([distributed.md](distributed.md))',
    study: '—',
  },
  {
    path: 'optimizer.priceInPerMillion',
    flag: 'price-in-per-million',
    renamedFrom: 'price-in',
    arg: 'usd',
    value: { kind: 'number', min: 0 },
    default: () => 0,
    defaultText: '0',
    help: 'USD per million prompt tokens (cost accounting)',
    study: '—',
  },
  {
    path: 'optimizer.priceOutPerMillion',
    flag: 'price-out-per-million',
    renamedFrom: 'price-out',
    arg: 'usd',
    value: { kind: 'number', min: 0 },
    default: () => 0,
    defaultText: '0',
    help: 'USD per million completion tokens (cost accounting)',
    study: '—',
  },
  {
    path: 'budgets.maxLlmCalls',
    flag: 'max-llm-calls',
    optional: true,
    arg: 'n',
    value: { kind: 'int', min: 1 },
    defaultText: 'none',
    help: 'budget: stop after this many LLM calls',
    about: 'budget, checked before each iteration: the run stops with `status: budget` after this many LLM calls',
    study: '—',
    resumable: true,
  },
  {
    path: 'budgets.maxTokens',
    flag: 'max-tokens',
    optional: true,
    arg: 'n',
    value: { kind: 'int', min: 1 },
    defaultText: 'none',
    help: 'budget: stop after this many tokens (prompt and reply)',
    study: '—',
    resumable: true,
  },
  {
    path: 'budgets.maxCostUsd',
    flag: 'max-cost-usd',
    renamedFrom: 'max-cost',
    optional: true,
    arg: 'usd',
    value: { kind: 'number', positive: true },
    defaultText: 'none',
    help: 'budget: stop after this cost (with --price-in-per-million and --price-out-per-million)',
    study: '—',
    resumable: true,
  },
  {
    path: 'budgets.maxWallMinutes',
    flag: 'max-wall-minutes',
    renamedFrom: 'max-minutes',
    optional: true,
    arg: 'm',
    value: { kind: 'number', positive: true },
    defaultText: 'none',
    help: 'budget: stop after this much wall time',
    study: '—',
    resumable: true,
  },
];

/** A settings object as `train` flags (how a queue job carries them: workers read them with train's options). */
export function settingsArgs(settings: object): string[] {
  const args: string[] = [];
  for (const s of SETTINGS) {
    const value = getPath(settings, s.path);
    if (value === undefined) continue;
    const v = s.value;
    if (v.kind === 'boolean') {
      // A value only the other flag could set is the default: nothing to pass.
      if (value === true && v.flags !== 'off') args.push(`--${s.flag}`);
      if (value === false && v.flags !== 'on') args.push(`--no-${s.flag}`);
    } else if (v.kind === 'rate') {
      const r = value as RateLimit;
      args.push(`--${s.flag}`, `${r.max}/${r.perSeconds}s`);
    } else if (value !== null || (v.kind === 'number' && v.orNone)) {
      args.push(`--${s.flag}`, value === null ? 'none' : String(value));
    }
  }
  return args;
}

/** The flags of the settings a resume may change (--iterations, the budgets). */
export function resumableFlags(): string[] {
  return SETTINGS.filter((s) => s.resumable).map((s) => `--${s.flag}`);
}

/** The policy a run starts from when none is given: the game's modular starter (paper.ts under the paper preset). */
export function defaultPolicyFile(game: string, paper: boolean): string {
  return join(projectRoot, 'policies', game, paper ? 'paper.ts' : 'modular.ts');
}

export function getPath(o: object, path: string): unknown {
  let v: unknown = o;
  for (const key of path.split('.')) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[key];
  return v;
}

export function setPath(o: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = o as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
}

/** What a value of this kind must be, as error messages say it. */
export function expected(v: SettingValue): string {
  switch (v.kind) {
    case 'int':
      return v.min === 1 ? 'a positive integer' : 'a non-negative integer';
    case 'number': {
      const range = v.positive
        ? 'a positive number'
        : v.min !== undefined && v.max !== undefined
          ? `a number in [${v.min}, ${v.max}]`
          : v.min === 0
            ? 'a non-negative number'
            : 'a number';
      return v.orNone ? `${range} or none` : range;
    }
    case 'choice':
      return v.choices.map((c) => `"${c}"`).join(' or ') + (v.orNone ? ' or none' : '');
    case 'boolean':
      return 'true or false';
    case 'text':
      return 'a non-empty string';
    case 'size':
      return 'a size WxH (width 1-160, height 1-250, like 84x84) or none';
    case 'rate':
      return 'a rate { max, perSeconds } of positive numbers';
  }
}

/** Whether a value (from a flag, an API call or a JSON/YAML file) is one this kind takes. */
export function fits(v: SettingValue, x: unknown): boolean {
  switch (v.kind) {
    case 'int':
      return Number.isSafeInteger(x) && (x as number) >= v.min;
    case 'number':
      if (x === null) return v.orNone === true;
      return (
        typeof x === 'number' && Number.isFinite(x) && (v.min === undefined || x >= v.min) && (v.max === undefined || x <= v.max) && (!v.positive || x > 0)
      );
    case 'choice':
      return (x === null && v.orNone === true) || (typeof x === 'string' && v.choices.includes(x));
    case 'boolean':
      return typeof x === 'boolean';
    case 'text':
      return typeof x === 'string' && x.length > 0;
    case 'size':
      return x === null || parseSize(x) !== undefined;
    case 'rate': {
      const r = x as { max?: unknown; perSeconds?: unknown } | null;
      return typeof r === 'object' && r !== null && Number.isInteger(r.max) && (r.max as number) > 0 && typeof r.perSeconds === 'number' && r.perSeconds > 0;
    }
  }
}

/** `84x84` as { width: 84, height: 84 }; undefined when it is not a size a picture can have. */
export function parseSize(x: unknown): { width: number; height: number } | undefined {
  const m = typeof x === 'string' ? /^(\d{1,3})x(\d{1,3})$/.exec(x) : null;
  if (!m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  return width >= 1 && width <= 160 && height >= 1 && height <= 250 ? { width, height } : undefined;
}

const MARK_START = '<!-- settings table: written by `npm run docs:settings` from src/loop/settings-table.ts -->';
const MARK_END = '<!-- end of settings table -->';

/** The settings table of docs/training.md, between its markers. */
export function settingsMarkdown(): string {
  // Pipes would end the cell; < outside code spans would start an HTML tag.
  const cell = (text: string) =>
    text
      .split('`')
      .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;')))
      .join('`')
      .replace(/\|/g, '\\|');
  const flagsOf = (s: Setting) =>
    s.value.kind === 'boolean'
      ? { on: [`--${s.flag}`], off: [`--no-${s.flag}`], both: [`--${s.flag}`, `--no-${s.flag}`] }[s.value.flags].map((f) => `\`${f}\``).join(', ')
      : `\`--${s.flag} ${s.value.kind === 'choice' ? s.value.choices.join('\\|') : `<${s.arg}>`}\``;
  const rows = SETTINGS.map((s) =>
    [`\`${s.path}\``, flagsOf(s), s.defaultText, (s.about ?? s.help) + (s.resumable ? '; may change on `--resume`' : ''), s.study].map(cell).join(' | '),
  );
  return [
    MARK_START,
    '| setting | CLI | default | what it does | what the paper found |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    MARK_END,
  ].join('\n');
}

/** `doc` with its settings table replaced by `settingsMarkdown()`. */
export function withSettingsTable(doc: string): string {
  const start = doc.indexOf(MARK_START);
  const end = doc.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error(`the settings table's markers are missing (${MARK_START} ... ${MARK_END})`);
  return doc.slice(0, start) + settingsMarkdown() + doc.slice(end + MARK_END.length);
}
