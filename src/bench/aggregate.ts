import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { stringify } from 'csv-stringify/sync';

import { isComplete, readMetrics, RunDir, type IterationMetrics } from '../loop/run-dir.ts';
import { optimizerName } from '../loop/settings.ts';
import type { SweepCell, SweepOptions } from './sweep.ts';

export interface MeanSe {
  mean: number;
  /** Standard error of the mean (sample std / sqrt(n)); 0 for one run. */
  se: number;
  n: number;
}

/** One row of the results: a game, horizon and batch size over its seeds. */
export interface HorizonResult {
  game: string;
  horizon: number;
  batch: number;
  /** Which optimizer the runs used (optimizerName; several, comma-separated, if they differ). */
  optimizer: string;
  /** Runs averaged (those that failed are counted in `failed` and left out). */
  runs: number;
  /** Runs without a result: ended `failed` (no candidate could be evaluated) or stopped part-way (interrupted, optimizer error). */
  failed: number;
  /** Best-so-far evaluation score at each iteration (0 = the initial policy), over the runs. */
  bestSoFar: MeanSe[];
  final: MeanSe;
  llmCalls: MeanSe;
  tokens: MeanSe;
  /** Mean estimated prompt size per update (our context, whatever the optimizer). */
  contextTokens: MeanSe;
  wallSeconds: MeanSe;
}

export function meanSe(values: number[]): MeanSe {
  const n = values.length;
  if (n === 0) return { mean: NaN, se: NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0, n };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}

/**
 * Groups finished runs by (game, horizon, batch) and averages them. A run
 * that stopped early (target reached, budget) keeps its last best-so-far
 * score for the iterations it did not play, as the paper's plots do.
 */
export function aggregate(cells: SweepCell[]): HorizonResult[] {
  const groups = new Map<string, { cell: SweepCell; metrics: IterationMetrics[] }[]>();
  const failed = new Map<string, number>();
  for (const cell of cells) {
    const key = `${cell.game}\t${cell.horizon}\t${cell.batch}`;
    // Only runs that ended with a result count: a failed run's scores are its
    // starting policy's, an unfinished one's stop part-way.
    if (existsSync(join(cell.dir, 'checkpoint.json')) && !isComplete(new RunDir(cell.dir).checkpoint()?.status)) {
      failed.set(key, (failed.get(key) ?? 0) + 1);
      continue;
    }
    const metrics = readMetrics(cell.dir);
    if (metrics.length === 0) continue;
    groups.set(key, [...(groups.get(key) ?? []), { cell, metrics }]);
  }
  const results: HorizonResult[] = [];
  for (const [key, runs] of groups) {
    const { game, horizon, batch } = runs[0]!.cell;
    const length = Math.max(...runs.map((r) => r.metrics.length));
    const bestSoFar = Array.from({ length }, (_, i) => meanSe(runs.map((r) => (r.metrics[i] ?? r.metrics.at(-1)!).bestScore)));
    const last = runs.map((r) => r.metrics.at(-1)!);
    results.push({
      game,
      horizon,
      batch,
      optimizer: [...new Set(runs.map((r) => optimizerName(new RunDir(r.cell.dir).config().settings.optimizer)))].join(', '),
      runs: runs.length,
      failed: failed.get(key) ?? 0,
      bestSoFar,
      final: meanSe(last.map((m) => m.bestScore)),
      llmCalls: meanSe(last.map((m) => m.llmCalls)),
      tokens: meanSe(last.map((m) => m.tokens)),
      contextTokens: meanSe(
        runs.map((r) => {
          const sizes = r.metrics.slice(1).map((m) => m.contextTokens ?? 0);
          return sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
        }),
      ),
      wallSeconds: meanSe(last.map((m) => m.totalWallMs / 1000)),
    });
  }
  return results.sort((a, b) => a.game.localeCompare(b.game) || a.horizon - b.horizon || a.batch - b.batch);
}

const fmt = (m: MeanSe, digits = 1) => `${m.mean.toFixed(digits)} ± ${m.se.toFixed(digits)}`;

/** The columns of a results table (text, markdown, HTML report), one per resultCells entry. */
export const RESULT_HEADER = ['game', 'horizon', 'batch', 'optimizer', 'runs', 'initial', 'final best (mean ± SE)', 'LLM calls', 'tokens', 'wall s'];

/** One result as table cells, in RESULT_HEADER's order. Results written before the optimizer was recorded show "not recorded". */
export function resultCells(r: HorizonResult): string[] {
  return [
    r.game,
    String(r.horizon),
    String(r.batch),
    r.optimizer ?? 'not recorded',
    r.failed ? `${r.runs} (+${r.failed} failed)` : String(r.runs),
    fmt(r.bestSoFar[0]!),
    fmt(r.final),
    fmt(r.llmCalls, 0),
    fmt(r.tokens, 0),
    fmt(r.wallSeconds),
  ];
}

export function resultsTable(results: HorizonResult[]): string {
  const rows = results.map(resultCells);
  const widths = RESULT_HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(RESULT_HEADER), ...rows.map(line)].join('\n');
}

export function resultsMarkdown(results: HorizonResult[]): string {
  const rows = results.map((r) => `| ${resultCells(r).join(' | ')} |`);
  return [`| ${RESULT_HEADER.join(' | ')} |`, `|${RESULT_HEADER.map(() => '---').join('|')}|`, ...rows].join('\n');
}

/** The optimizers of a set of results, for titles: "offline tuner", "LLM gpt-4o-mini", or several. */
export function optimizersOf(results: HorizonResult[]): string {
  return [...new Set(results.flatMap((r) => (r.optimizer ?? 'optimizer not recorded').split(', ')))].join(', ');
}

/** results.csv: one row per game, horizon, batch and iteration. */
export function resultsCsv(results: HorizonResult[]): string {
  const columns = [
    'game',
    'horizon',
    'batch',
    'optimizer',
    'iteration',
    'runs',
    'best_mean',
    'best_se',
    'final_mean',
    'final_se',
    'llm_calls_mean',
    'tokens_mean',
    'wall_seconds_mean',
  ];
  const rows = results.flatMap((r) =>
    r.bestSoFar.map((b, i) => [
      r.game,
      r.horizon,
      r.batch,
      r.optimizer,
      i,
      b.n,
      b.mean,
      b.se,
      r.final.mean,
      r.final.se,
      r.llmCalls.mean,
      r.tokens.mean,
      r.wallSeconds.mean.toFixed(3),
    ]),
  );
  return stringify(rows, { header: true, columns });
}

/** results.json (with the sweep's settings and any `extra` fields), results.csv and results.md in `out`; their paths. */
export function writeResultFiles(out: string, sweep: SweepOptions, results: HorizonResult[], extra: Record<string, unknown> = {}): string[] {
  const files: [string, string][] = [
    ['results.csv', resultsCsv(results)],
    ['results.json', JSON.stringify({ sweep: { ...sweep, jobs: undefined }, results, ...extra }, null, 2) + '\n'],
    ['results.md', resultsMarkdown(results) + '\n'],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(out, name), text);
    return join(out, name);
  });
}
