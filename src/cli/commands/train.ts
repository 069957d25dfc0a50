import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { join, relative, resolve } from 'node:path';

import { HorizonError } from '../../env/errors.ts';
import { findGameById } from '../../env/roms-config.ts';
import { outcomeText } from '../../bench/sweep.ts';
import { runJob } from '../../queue/jobs.ts';
import { shownUrl } from '../../queue/address.ts';
import { optimizerFailures } from '../../loop/run-dir.ts';
import { resumableFlags, settingsArgs } from '../../loop/settings-table.ts';
import type { SettingsInput } from '../../loop/settings.ts';
import type { TrainEvent, TrainResult } from '../../loop/train.ts';
import { romsOption } from '../options.ts';
import { loadQueue } from '../queue.ts';
import { exitCodeOf, runTraining } from '../run-training.ts';
import { commandSettings, givenFlags, givenSettings, settingOptions } from '../settings-options.ts';

/** The command's own options; the settings are read from the settings table's options (settings-options.ts). */
interface TrainCliOptions {
  config?: string;
  roms: string;
  out?: string;
  resume?: string;
  json?: boolean;
  queue?: string;
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
  const train = new Command('train')
    .description('learn a policy program: rollouts cut at the credit horizon feed an optimizer that rewrites the code')
    .option('--config <file>', "settings from a JSON or YAML file (keys as in a run's config.json, which works too); flags override it")
    .addOption(romsOption())
    .addHelpText('after', '\nEvery setting, its default and what the study used: docs/training.md.');
  for (const option of settingOptions()) train.addOption(option);
  return train
    .option('--out <dir>', 'run directory (default runs/<game>-<time>)')
    .option('--resume <dir>', 'continue a run from its last finished iteration (settings come from its config.json)')
    .option('--json', 'make the last line of stdout one JSON object with the result')
    .option(
      '--queue <url>',
      'run on the job queue at this Redis URL (a `horizon-arcade worker` runs it; --out must be a folder the workers reach) and wait for it',
    )
    .action(async (o: TrainCliOptions, cmd: Command) => {
      const given = givenSettings(cmd);
      if (o.resume) {
        const conflicting = [
          ...givenFlags(cmd, (s) => !s.resumable),
          ...(o.out ? ['--out'] : []),
          ...(o.config ? ['--config'] : []),
          ...(o.queue ? ['--queue'] : []),
        ];
        if (conflicting.length) {
          throw new HorizonError(
            `--resume continues a run with its own settings; only ${resumableFlags().join(', ')} may change (remove ${conflicting.join(', ')})`,
            'ERR_BAD_ARGUMENT',
          );
        }
      }
      const input = (o.resume ? given : commandSettings(cmd, o.config)) as SettingsInput;
      if (!o.resume && !input.game) throw new HorizonError('a game is needed: --game NAME (or --config FILE, or --resume DIR)', 'ERR_BAD_ARGUMENT');
      if (o.queue) {
        await trainOnQueue(input as SettingsInput, o, cmd);
        return;
      }
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
        const onEvent = (e: TrainEvent) => {
          if (e.kind === 'start') {
            const { settings } = e;
            process.stderr.write(
              `training ${e.game} with the ${settings.optimizer.kind} optimizer, horizon ${settings.horizon}, ${settings.iterations} iterations -> ${e.dir}\n`,
            );
          }
          reporter.onEvent(e);
        };
        const dir = o.resume ?? o.out ?? join('runs', `${findGameById(input.game!).id}-${timestamp()}`);
        result = await runTraining({ dir, resume: o.resume !== undefined, settings: input, roms: o.roms }, { signal: controller.signal, onEvent });
      } finally {
        reporter.stop();
        process.off('SIGINT', onSigint);
      }
      const c = result.checkpoint;
      const dir = relative(process.cwd(), result.dir) || '.';
      process.stdout.write(`${result.message}\n`);
      process.stdout.write(`run directory: ${dir} (metrics.jsonl, progress.csv, best.ts, policies/, prompts/, responses/)\n`);
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
      const code = exitCodeOf(result);
      if (code !== 0) process.exitCode = code;
    });
}

/**
 * `train --queue URL`: the run becomes a job for the workers, with this
 * command line (less --queue and --json); this waits until it has finished or
 * failed for good. A worker killed mid-run leaves it to another, which resumes it.
 */
async function trainOnQueue(input: SettingsInput, o: TrainCliOptions, cmd: Command): Promise<void> {
  const game = findGameById(input.game).id; // its ROM is found on the worker, by md5
  const dir = resolve(o.out ?? join('runs', `${game}-${timestamp()}`));
  // The settings given here (flags and --config), and --roms when given (not this machine's default).
  const args = settingsArgs({ ...input, game });
  if (cmd.getOptionValueSource('roms') === 'cli') args.push('--roms', o.roms);
  const cell = { game, horizon: input.horizon ?? 0, batch: input.batch ?? 1, seed: input.seed ?? 0, dir };
  const job = runJob(cell, [], args);
  process.stderr.write(`queued ${game} on ${shownUrl(o.queue!)} -> ${dir}; waiting for a worker (horizon-arcade worker --queue URL --runs-root DIR)\n`);
  const { runJobsOnQueue } = await loadQueue(() => import('../../queue/queue-sweep.ts'));
  const [r] = await runJobsOnQueue(dir, [job], o.queue!, { onNote: (line) => process.stderr.write(`${line}\n`) });
  if (!r) {
    process.stdout.write(`already finished: ${dir}\n`);
    return;
  }
  process.stdout.write(`${outcomeText(r)}\nrun directory: ${relative(process.cwd(), dir) || '.'}\n`);
  if (r.code !== 0) process.exitCode = 1;
}
