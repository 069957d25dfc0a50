import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { join, relative, resolve } from 'node:path';

import { HorizonError } from '../../env/errors.ts';
import { LIFE_RULES, type LifeRule } from '../../env/life-rule.ts';
import { findRom } from '../../env/rom.ts';
import { findGameById } from '../../env/roms-config.ts';
import { outcomeText } from '../../bench/sweep.ts';
import { runJob } from '../../queue/jobs.ts';
import { runJobsOnQueue } from '../../queue/queue-sweep.ts';
import { QUEUE_ENV, shownUrl } from '../../queue/connection.ts';
import { parseRate, type RateLimit } from '../../optimizer/rate-limit.ts';
import { redisWindowCounter } from '../../queue/rate-limit.ts';
import { optimizerFailures } from '../../loop/run-dir.ts';
import { resolveSettings, type Budgets } from '../../loop/settings.ts';
import { resumeTraining, startTraining, type TrainEvent, type TrainHooks, type TrainResult } from '../../loop/train.ts';
import { CONTEXT_KINDS, type ContextKind } from '../../optimizer/types.ts';
import { OBS_FORMATS, type ObsFormat } from '../../policy/observation.ts';
import { defaultRomsDir, nonNegativeInt, number, positiveInt, positiveNumber, probability } from '../options.ts';

interface TrainCliOptions {
  queue?: string;
  llmRate?: RateLimit;
  game?: string;
  roms: string;
  policy?: string;
  horizon?: number;
  updateEvery?: number;
  iterations?: number;
  batch?: number;
  memory?: number;
  resetEachUpdate: boolean;
  selection?: 'best' | 'latest';
  evalEpisodes?: number;
  evalMaxSteps?: number;
  seed?: number;
  frameskip?: number;
  sticky?: number;
  target?: number;
  tokenBudget?: number;
  optimizer?: 'tuner' | 'openai';
  model?: string;
  baseUrl?: string;
  temperature?: number;
  replyMaxTokens?: number;
  jsonMode?: boolean;
  maxReplyChars?: number;
  obs?: ObsFormat;
  context?: ContextKind;
  acceptPolicyErrors?: boolean;
  retries?: number;
  timeout?: number;
  priceIn?: number;
  priceOut?: number;
  onOptimizerError?: 'continue' | 'stop';
  preset?: 'paper';
  lifeRule?: LifeRule;
  maxLlmCalls?: number;
  maxTokens?: number;
  maxCost?: number;
  maxMinutes?: number;
  out?: string;
  resume?: string;
  json?: boolean;
}

// Options that define a run; on --resume they come from the run's config.json.
const RUN_DEFINING = [
  'game',
  'policy',
  'horizon',
  'updateEvery',
  'batch',
  'memory',
  'resetEachUpdate',
  'selection',
  'evalEpisodes',
  'evalMaxSteps',
  'seed',
  'frameskip',
  'sticky',
  'target',
  'tokenBudget',
  'optimizer',
  'model',
  'baseUrl',
  'temperature',
  'replyMaxTokens',
  'jsonMode',
  'maxReplyChars',
  'obs',
  'context',
  'acceptPolicyErrors',
  'retries',
  'timeout',
  'priceIn',
  'priceOut',
  'onOptimizerError',
  'preset',
  'lifeRule',
  'out',
];

function budgetsOf(o: TrainCliOptions): Budgets {
  const b: Budgets = {};
  if (o.maxLlmCalls !== undefined) b.maxLlmCalls = o.maxLlmCalls;
  if (o.maxTokens !== undefined) b.maxTokens = o.maxTokens;
  if (o.maxCost !== undefined) b.maxCostUsd = o.maxCost;
  if (o.maxMinutes !== undefined) b.maxWallMinutes = o.maxMinutes;
  return b;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** Progress on a TTY (a bar), plain lines otherwise. */
function progressReporter(json: boolean): { onEvent: (e: TrainEvent) => void; stop: () => void } {
  const tty = process.stderr.isTTY && !json;
  let bar: cliProgress.SingleBar | undefined;
  const fields = { phase: 'starting', score: '-', best: '-', calls: 0, tokens: 0 };
  return {
    onEvent(e) {
      if (tty) {
        if (!bar && e.kind !== 'stop') {
          bar = new cliProgress.SingleBar(
            {
              format: 'iteration {value}/{total} |{bar}| score {score} best {best} | LLM calls {calls} tokens {tokens} | {phase}',
              hideCursor: true,
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(1, 0, fields);
        }
        if (e.kind === 'phase') bar?.update({ phase: e.phase });
        if (e.kind === 'iteration') {
          const m = e.metrics;
          bar?.setTotal(e.iterations);
          bar?.update(m.iteration, { score: m.score ?? 'invalid', best: m.bestScore, calls: m.llmCalls, tokens: m.tokens, phase: m.outcome.slice(0, 40) });
        }
        if (e.kind === 'stop') bar?.stop();
        return;
      }
      if (e.kind === 'iteration') {
        const m = e.metrics;
        process.stderr.write(
          `iteration ${m.iteration}/${e.iterations}: score ${m.score ?? '-'} best ${m.bestScore} | ${m.outcome} | LLM calls ${m.llmCalls} tokens ${m.tokens} | ${(m.wallMs / 1000).toFixed(1)} s\n`,
        );
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

export function trainCommand(): Command {
  return new Command('train')
    .description('learn a policy program: rollouts cut at the credit horizon feed an optimizer that rewrites the code')
    .option('--game <name>', 'game id (the ROM is found by md5 in --roms)')
    .option('--roms <dir>', 'folder with your ROMs ($HORIZON_ARCADE_ROMS)', defaultRomsDir())
    .addOption(new Option('--preset <name>', "the study's settings for its 8 games (docs/paper.md); other options still override").choices(['paper']))
    .option('--policy <file>', 'initial policy (default policies/<game>/modular.ts, paper.ts with --preset paper)')
    .option(
      '--horizon <h>',
      'credit horizon: agent steps of trace per update (paper: Pong 400, Breakout 300, others 100; one-step 1)',
      positiveInt('--horizon'),
    )
    .option('--update-every <n>', 'agent steps each rollout plays per update (default: the horizon)', positiveInt('--update-every'))
    .option('--iterations <n>', 'optimizer updates (paper defaults per game)', positiveInt('--iterations'))
    .option('--batch <b>', 'independent rollouts per update', positiveInt('--batch'))
    .option('--memory <k>', 'earlier updates remembered in the context', nonNegativeInt('--memory'))
    .option('--no-reset-each-update', 'continue each rollout where its last segment ended instead of starting a new game')
    .addOption(
      new Option('--selection <rule>', 'keep a candidate only if it evaluates at least as well (best), or always (latest)').choices(['best', 'latest']),
    )
    .addOption(new Option('--life-rule <rule>', 'a lost life: part of the game, ends the episode (episodic), or is followed by FIRE').choices([...LIFE_RULES]))
    .addOption(
      new Option('--obs <format>', "what the policy sees: the project's objects or the study's OCAtari observations (paper: ocatari where it exists)").choices([
        ...OBS_FORMATS,
      ]),
    )
    .addOption(
      new Option('--context <layout>', "the optimizer's prompt: compact (folded trace) or optoprime (the study's problem instance; paper default)").choices([
        ...CONTEXT_KINDS,
      ]),
    )
    .option('--accept-policy-errors', 'keep candidates whose evaluation raised policy errors (by default they are rejected)')
    .option('--eval-episodes <e>', 'full episodes per evaluation', positiveInt('--eval-episodes'))
    .option('--eval-max-steps <m>', 'step limit of an evaluation episode', positiveInt('--eval-max-steps'))
    .option('--seed <s>', 'seed of rollouts, evaluation and tuner', nonNegativeInt('--seed'))
    .option('--frameskip <n>', 'emulated frames per agent step', positiveInt('--frameskip'))
    .option('--sticky <p>', 'sticky-action probability', probability('--sticky'))
    .option('--target <score>', 'stop when an evaluation reaches this score', number('--target'))
    .option('--token-budget <n>', 'approximate prompt size limit in tokens', positiveInt('--token-budget'))
    .addOption(new Option('--optimizer <kind>', 'offline tuner or an OpenAI-compatible LLM').choices(['tuner', 'openai']))
    .option('--model <name>', 'model name for --optimizer openai')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (default $OPENAI_BASE_URL, else OpenAI; key from $OPENAI_API_KEY)')
    .option('--temperature <t>', 'sampling temperature (default 0.7; paper: none sent)', number('--temperature'))
    .option('--reply-max-tokens <n>', "the reply's token limit sent with each LLM call (max_tokens; paper 4096)", positiveInt('--reply-max-tokens'))
    .option('--json-mode', 'ask the LLM for a JSON object reply (response_format; paper default)')
    .option('--no-json-mode', 'do not ask for JSON mode')
    .option('--max-reply-chars <n>', 'refuse longer LLM replies as a failed call (default 262144)', positiveInt('--max-reply-chars'))
    .option('--retries <n>', 'retries of a failed LLM call', nonNegativeInt('--retries'))
    .option('--llm-rate <n/period>', 'at most n LLM requests per period (30/min, 2/3s); shared by all workers of a --queue', parseRate)
    .option('--timeout <ms>', 'timeout of one LLM call in ms', positiveInt('--timeout'))
    .option('--price-in <usd>', 'USD per million prompt tokens (cost accounting)', number('--price-in'))
    .option('--price-out <usd>', 'USD per million completion tokens', number('--price-out'))
    .addOption(new Option('--on-optimizer-error <what>', 'after a failed optimizer call: record it and go on, or stop').choices(['continue', 'stop']))
    .option('--max-llm-calls <n>', 'budget: stop after this many LLM calls', positiveInt('--max-llm-calls'))
    .option('--max-tokens <n>', 'budget: stop after this many tokens', positiveInt('--max-tokens'))
    .option('--max-cost <usd>', 'budget: stop after this cost', positiveNumber('--max-cost'))
    .option('--max-minutes <m>', 'budget: stop after this much wall time', positiveNumber('--max-minutes'))
    .option('--out <dir>', 'run directory (default runs/<game>-<time>)')
    .option('--resume <dir>', 'continue a run from its last finished iteration (settings come from its config.json)')
    .option('--json', 'make the last line of stdout one JSON object with the result')
    .option(
      '--queue <url>',
      'run on the job queue at this Redis URL (a `horizon-arcade worker` runs it; --out must be a folder the workers reach) and wait for it',
    )
    .action(async (o: TrainCliOptions, cmd: Command) => {
      if (o.queue) {
        await trainOnQueue(o, o.queue, cmd);
        return;
      }
      const explicit = (name: string) => cmd.getOptionValueSource(name) === 'cli';
      const reporter = progressReporter(o.json ?? false);
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      let result: TrainResult;
      try {
        // A run started by a queue's worker counts --llm-rate in the queue's Redis, shared by all workers.
        const queue = process.env[QUEUE_ENV];
        const hooks: TrainHooks = {
          signal: controller.signal,
          onEvent: reporter.onEvent,
          apiKey: process.env.OPENAI_API_KEY,
          ...(queue ? { requestCounter: redisWindowCounter(queue) } : {}),
        };
        if (o.resume) {
          const conflicting = RUN_DEFINING.filter(explicit);
          if (conflicting.length) {
            throw new HorizonError(
              `--resume continues a run with its own settings; only --iterations and the budgets may change (remove ${conflicting.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')})`,
              'ERR_BAD_ARGUMENT',
            );
          }
          result = await resumeTraining(o.resume, (game) => findRom(game, o.roms), { iterations: o.iterations, budgets: budgetsOf(o) }, hooks);
        } else {
          if (!o.game) throw new HorizonError('a game is needed: --game NAME (or --resume DIR)', 'ERR_BAD_ARGUMENT');
          const rom = findRom(o.game, o.roms);
          const kind = o.optimizer ?? (o.model ? 'openai' : 'tuner');
          const settings = resolveSettings({
            game: rom.game.id,
            preset: o.preset,
            lifeRule: o.lifeRule,
            policy: o.policy,
            horizon: o.horizon,
            updateEvery: o.updateEvery,
            iterations: o.iterations,
            batch: o.batch,
            memory: o.memory,
            resetEachUpdate: o.resetEachUpdate,
            selection: o.selection,
            evalEpisodes: o.evalEpisodes,
            evalMaxSteps: o.evalMaxSteps,
            seed: o.seed,
            frameskip: o.frameskip,
            repeatActionProbability: o.sticky,
            targetScore: o.target,
            tokenBudget: o.tokenBudget,
            onOptimizerError: o.onOptimizerError,
            obs: o.obs,
            context: o.context,
            acceptPolicyErrors: o.acceptPolicyErrors,
            optimizer: {
              kind,
              model: o.model,
              // Recorded in the run, so a resume (or a queue's worker) knows which endpoint it used.
              baseUrl: o.baseUrl ?? (kind === 'openai' ? process.env.OPENAI_BASE_URL : undefined),
              temperature: o.temperature,
              replyMaxTokens: o.replyMaxTokens,
              jsonMode: o.jsonMode,
              maxReplyChars: o.maxReplyChars,
              maxRetries: o.retries,
              rate: o.llmRate,
              timeoutMs: o.timeout,
              priceInPerMillion: o.priceIn,
              priceOutPerMillion: o.priceOut,
            },
            budgets: budgetsOf(o),
          });
          const out = o.out ?? join('runs', `${rom.game.id}-${timestamp()}`);
          process.stderr.write(
            `training ${rom.game.name} with the ${settings.optimizer.kind} optimizer, horizon ${settings.horizon}, ${settings.iterations} iterations -> ${out}\n`,
          );
          result = await startTraining(rom, settings, out, hooks);
        }
      } finally {
        reporter.stop();
        process.off('SIGINT', onSigint);
      }
      const c = result.checkpoint;
      const dir = relative(process.cwd(), result.dir) || '.';
      process.stdout.write(`${result.message}\n`);
      process.stdout.write(`run directory: ${dir} (metrics.jsonl, best.ts, policies/, prompts/, responses/)\n`);
      // replay, not play: it uses the run's own environment settings, so it reproduces the run's scores.
      process.stdout.write(`replay the best policy as its evaluation played (scores; add --gif FILE for an animation): npm run replay -- ${dir}\n`);
      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            dir: result.dir,
            status: result.status,
            iterations: c.iteration,
            bestScore: c.bestScore,
            bestIteration: c.bestIteration,
            llmCalls: c.usage.calls,
            optimizerFailures: optimizerFailures(c.metrics),
          }) + '\n',
        );
      }
      if (result.status === 'optimizer-error' || result.status === 'failed' || result.status === 'interrupted')
        process.exitCode = result.status === 'interrupted' ? 130 : 1;
    });
}

/**
 * `train --queue URL`: the run becomes a job for the workers, with this
 * command line (less --queue and --json); this waits until it has finished or
 * failed for good. A worker killed mid-run leaves it to another, which resumes it.
 */
async function trainOnQueue(o: TrainCliOptions, url: string, cmd: Command): Promise<void> {
  if (o.resume) throw new HorizonError('--resume and --queue: run the same `train --queue` command again (a worker resumes the run)', 'ERR_BAD_ARGUMENT');
  if (!o.game) throw new HorizonError('a game is needed: --game NAME', 'ERR_BAD_ARGUMENT');
  const game = findGameById(o.game).id; // its ROM is found on the worker, by md5
  const dir = resolve(o.out ?? join('runs', `${game}-${timestamp()}`));
  // The options given on this command line (not defaults such as this machine's --roms).
  const args: string[] = [];
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    if (cmd.getOptionValueSource(key) !== 'cli' || ['queue', 'out', 'json'].includes(key) || !opt.long) continue;
    const value = cmd.getOptionValue(key) as unknown;
    if (opt.isBoolean()) {
      // --json-mode and --no-json-mode share one value: pass the one it came from.
      if (value === !opt.negate) args.push(opt.long);
    } else if (key === 'llmRate') args.push(opt.long, `${(value as RateLimit).max}/${(value as RateLimit).perSeconds}s`);
    else args.push(opt.long, String(value));
  }
  const cell = { game, horizon: o.horizon ?? 0, batch: o.batch ?? 1, seed: o.seed ?? 0, dir };
  const job = runJob(cell, [], args);
  process.stderr.write(`queued ${game} on ${shownUrl(url)} -> ${dir}; waiting for a worker (horizon-arcade worker --queue URL --runs-root DIR)\n`);
  const [r] = await runJobsOnQueue(dir, [job], url, { onNote: (line) => process.stderr.write(`${line}\n`) });
  if (!r) {
    process.stdout.write(`already finished: ${dir}\n`);
    return;
  }
  process.stdout.write(`${outcomeText(r)}\nrun directory: ${relative(process.cwd(), dir) || '.'}\n`);
  if (r.code !== 0) process.exitCode = 1;
}
