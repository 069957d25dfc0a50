import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Command, InvalidArgumentError } from 'commander';

import { aggregate, resultsTable, writeResultFiles } from '../../../bench/aggregate.ts';
import { finalVsHorizonSpec, scoreCurveSpec, writePlot } from '../../../bench/plots.ts';
import { outcomeText, planSweep, runSweep, type CellOutcome, type SweepOptions } from '../../../bench/sweep.ts';
import { checkQueueArgs } from '../../../queue/jobs.ts';
import { loadQueue } from '../../queue.ts';
import { shownUrl } from '../../../queue/address.ts';
import { positiveInt, romsOption } from '../../options.ts';
import { passedSettings } from '../../settings-options.ts';
import { settingsArgs } from '../../../loop/settings-table.ts';

function intList(name: string) {
  return (v: string): number[] => {
    const list = v.split(',').map((s) => Number(s.trim()));
    if (list.some((n) => !Number.isInteger(n) || n < 1))
      throw new InvalidArgumentError(`${name} must be a comma-separated list of positive integers, got "${v}"`);
    return list;
  };
}

interface Options {
  games: string;
  horizons: number[];
  batches: number[];
  seeds: number;
  iterations: number;
  jobs?: number;
  out: string;
  roms: string;
  queue?: string;
}

/**
 * `bench horizon`: a sweep of training runs over games x horizons x batch sizes x seeds.
 * Resumable: finished runs are kept, interrupted ones resume. Writes results.csv,
 * results.json, results.md and plots.
 */
export function benchHorizonCommand(): Command {
  return new Command('horizon')
    .description('sweep training runs over credit horizons; options after the known ones are passed to `train` (e.g. --model M --base-url U)')
    .option('--games <list>', 'comma-separated game ids', 'demo')
    .option('--horizons <list>', 'comma-separated credit horizons', intList('--horizons'), [1, 25, 100])
    .option('--batches <list>', 'comma-separated batch sizes', intList('--batches'), [1])
    .option('--seeds <n>', 'runs per setting (seeds 0..n-1)', positiveInt('--seeds'), 3)
    .option('--iterations <n>', 'iterations per run', positiveInt('--iterations'), 10)
    .option('--jobs <n>', 'runs at once (default: cores; 1 for a rate-limited LLM)', positiveInt('--jobs'))
    .option('--out <dir>', 'sweep directory (with --queue: a folder every worker reaches at the same path)', join('runs', 'bench-horizon'))
    .option('--queue <url>', 'run on the job queue at this Redis URL (workers: horizon-arcade worker --queue URL) instead of here')
    .addOption(romsOption('folder with your ROMs (found by md5; with --queue each worker uses its own)'))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (o: Options, cmd: Command) => {
      const passed = passedSettings(cmd.args, {
        '--game': 'use --games',
        '--horizon': 'use --horizons',
        '--batch': 'use --batches',
        '--seed': 'use --seeds (each run gets its own seed)',
        '--out': "use --out (the sweep's folder; each run gets its own)",
        '--resume': 'use the same sweep command again (it resumes its runs)',
      });
      const settings = { ...passed, iterations: o.iterations };
      if (o.queue) checkQueueArgs(settingsArgs(settings));
      const sweep: SweepOptions = {
        games: o.games
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
        horizons: o.horizons,
        batches: o.batches,
        seeds: o.seeds,
        out: o.out,
        settings,
        roms: o.roms,
        jobs: o.jobs ?? availableParallelism(),
      };
      mkdirSync(o.out, { recursive: true });
      const cells = planSweep(sweep);
      const t0 = Date.now();
      const where = o.queue ? `on the queue ${shownUrl(o.queue)}` : `${sweep.jobs} at once`;
      process.stderr.write(
        `${cells.length} runs (${sweep.games.join(', ')} x horizons ${sweep.horizons.join(', ')} x batch ${sweep.batches.join(', ')} x ${sweep.seeds} seeds), ${where} -> ${o.out}\n`,
      );
      const progress = (r: CellOutcome, done: number, total: number) => {
        const what = `${r.cell.game} horizon ${r.cell.horizon} batch ${r.cell.batch} seed ${r.cell.seed}`;
        process.stderr.write(`[${done}/${total}] ${what}: ${outcomeText(r)}\n`);
      };
      const outcomes = o.queue
        ? await (await loadQueue(() => import('../../../queue/queue-sweep.ts'))).runSweepOnQueue(sweep, o.queue, {
            onDone: progress,
            onNote: (line) => process.stderr.write(`${line}\n`),
          })
        : await runSweep(sweep, progress);
      const failed = outcomes.filter((r) => r.code !== 0);
      const results = aggregate(cells);
      if (results.length === 0) {
        // Nothing to average: tables and plots of no runs would only look like results.
        process.stderr.write(`no run of the sweep finished with a usable result (${failed.length} failed); nothing written\n`);
        process.exitCode = 1;
        return;
      }
      const files = writeResultFiles(o.out, sweep, results);
      const plots = [
        ...(await writePlot(scoreCurveSpec(results), o.out, 'score-vs-iteration')),
        ...(await writePlot(finalVsHorizonSpec(results), o.out, 'final-vs-horizon')),
      ];
      process.stdout.write(`${resultsTable(results)}\n\n`);
      process.stdout.write(`wrote ${files.join(', ')}, ${plots.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
      if (failed.length) {
        process.stderr.write(`${failed.length} run(s) failed; run the same command again to retry them\n`);
        process.exitCode = 1;
      }
    });
}
