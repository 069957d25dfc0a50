import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';

import { aggregate, writeResultFiles } from '../../../bench/aggregate.ts';
import { paperMarkdown, paperRows, paperText } from '../../../bench/paper-table.ts';
import { scoreCurveSpec, writePlot } from '../../../bench/plots.ts';
import { HorizonError } from '../../../env/errors.ts';
import { outcomeText, planSweep, runSweep, type SweepOptions } from '../../../bench/sweep.ts';
import { traceSizes, type TraceSizes } from '../../../bench/token-accounting.ts';
import { positiveInt, romsOption } from '../../options.ts';
import { passedSettings } from '../../settings-options.ts';
import { findRom } from '../../../env/rom.ts';
import { gameDefaults } from '../../../loop/game-defaults.ts';
import { PAPER_GAMES, paperGame } from '../../../loop/paper.ts';
import { resolveSettings } from '../../../loop/settings.ts';
import { envOptionsOf } from '../../../loop/settings.ts';
import { parsePolicy } from '../../../policy/source.ts';

interface Options {
  games: string;
  trials: number;
  iterations?: number;
  jobs?: number;
  roms: string;
  out: string;
}

/**
 * `bench paper`: the study's comparison on its 8 games, both arms — its multi-step credit
 * horizon and one-step (horizon 1) — with `train --preset paper`, trials seeded 0..N-1.
 * Writes, in --out, the runs (resumable like `bench horizon`), results.csv/json/md,
 * paper.md (ours beside the study's numbers, with prompt and trace token accounting) and
 * score plots. Other options are passed to `train`.
 */
export function benchPaperCommand(): Command {
  return new Command('paper')
    .description("the study's multi-step vs one-step comparison on its 8 games; options after the known ones go to `train`")
    .option('--games <list>', 'comma-separated games of the study', Object.keys(PAPER_GAMES).join(','))
    .option('--trials <n>', 'runs per game and arm (seeds 0..n-1; the study ran 5)', positiveInt('--trials'), 2)
    .option('--iterations <n>', "iterations per run (default: the study's, 20 or 30)", positiveInt('--iterations'))
    .option('--jobs <n>', 'runs at once (default: cores; 1 for a rate-limited LLM)', positiveInt('--jobs'))
    .addOption(romsOption())
    .option('--out <dir>', 'benchmark directory', join('runs', 'bench-paper'))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (o: Options, cmd: Command) => {
      const games = o.games
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      for (const g of games) paperGame(g);
      const passed = passedSettings(cmd.args, {
        '--game': 'use --games',
        '--horizon': "the arms are the study's horizon and 1",
        '--batch': 'the study used batch 1',
        '--seed': 'use --trials (each run gets its own seed)',
        '--out': "use --out (the benchmark's folder; each run gets its own)",
        '--resume': 'use the same command again (it resumes its runs)',
        '--preset': 'the benchmark is the paper preset',
        '--queue': 'bench paper runs here (bench horizon --preset paper takes --queue)',
        '--roms': "use bench paper's own --roms",
      });
      // The study's numbers are an LLM's: the offline tuner beside them must be asked for by name.
      if (passed.optimizer?.kind !== 'tuner' && !passed.optimizer?.model) {
        throw new HorizonError(
          'the study ran an LLM: give --model M (and --base-url U), or --optimizer tuner for the offline tuner, which is not an LLM',
          'ERR_BAD_ARGUMENT',
        );
      }
      const sweep: SweepOptions = {
        games,
        horizons: [],
        horizonsByGame: Object.fromEntries(games.map((g) => [g, [gameDefaults(g).horizon, 1]])),
        batches: [1],
        seeds: o.trials,
        out: o.out,
        settings: { ...passed, preset: 'paper', ...(o.iterations ? { iterations: o.iterations } : {}) },
        roms: o.roms,
        jobs: o.jobs ?? availableParallelism(),
      };
      mkdirSync(o.out, { recursive: true });
      const cells = planSweep(sweep);
      const t0 = Date.now();
      process.stderr.write(`${cells.length} runs (${games.join(', ')} x multi-step and one-step x ${o.trials} trials), ${sweep.jobs} at once -> ${o.out}\n`);
      const outcomes = await runSweep(sweep, (r, done, total) => {
        const what = `${r.cell.game} horizon ${r.cell.horizon} trial ${r.cell.seed}`;
        process.stderr.write(`[${done}/${total}] ${what}: ${outcomeText(r)}\n`);
      });

      // Token accounting: the starting policy's trace over each arm's horizon, both renderings.
      const traces: Record<string, TraceSizes> = {};
      for (const game of games) {
        const s = resolveSettings({ game, preset: 'paper' });
        const source = parsePolicy(readFileSync(s.policy, 'utf8'), s.policy);
        for (const h of [s.horizon, 1]) {
          traces[`${game}-${h}`] = traceSizes(findRom(game, o.roms), source, h, envOptionsOf(s), s.lifeRule, s.obs);
        }
      }

      const results = aggregate(cells);
      if (results.length === 0) {
        // Nothing to average: tables and plots of no runs would only look like results.
        process.stderr.write(`no run of the sweep finished with a usable result (${outcomes.filter((r) => r.code !== 0).length} failed); nothing written\n`);
        process.exitCode = 1;
        return;
      }
      const rows = paperRows(results, traces);
      const optimizer = passed.optimizer?.kind === 'tuner' ? 'the offline tuner (not an LLM)' : `LLM (${passed.optimizer?.model})`;
      const files = writeResultFiles(o.out, sweep, results, { paper: rows });
      writeFileSync(
        join(o.out, 'paper.md'),
        [
          `# bench paper — ${optimizer}`,
          '',
          `${o.trials} trial(s) per game and arm, \`train --preset paper\`${o.iterations ? `, ${o.iterations} iterations` : ''}. Best-so-far evaluation score at iteration 0 and at the end, mean ± SE over trials; the study's numbers from ../shared/PAPER_NOTES.md §4. Prompt tokens per update are the runs' own prompts (estimated at 4 characters a token; the tuner builds the same prompt an LLM would get); trace tokens measure the starting policy's trace over the arm's horizon in the compact layout and in the study's (optoprime) layout.`,
          '',
          paperMarkdown(rows),
          '',
        ].join('\n'),
      );
      const plots = await writePlot(scoreCurveSpec(results), o.out, 'score-vs-iteration');
      process.stdout.write(`${paperText(rows)}\n\n`);
      process.stdout.write(`wrote ${[join(o.out, 'paper.md'), ...files].join(', ')}, ${plots.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
      const failed = outcomes.filter((r) => r.code !== 0);
      if (failed.length) {
        process.stderr.write(`${failed.length} run(s) failed; run the same command again to retry them\n`);
        process.exitCode = 1;
      }
    });
}
