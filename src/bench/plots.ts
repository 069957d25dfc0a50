import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

import { optimizersOf, type HorizonResult } from './aggregate.ts';

type Row = { game: string; mean: number; low: number; high: number } & Record<string, string | number>;

/**
 * One panel per game: a band or bars of mean ± SE (`spread`) under a line of
 * means, x against `x`, one colour, dash and point shape per `series` (so
 * lines that overlap stay told apart, in print too). The y axis spans the
 * data, not zero: differences between settings are what the plot is for.
 */
function panels(
  title: string,
  values: Row[],
  x: { field: string; title: string; log?: boolean },
  series: string,
  yTitle: string,
  spread: 'errorband' | 'errorbar',
): TopLevelSpec {
  // Series in the order of the results (by horizon, then batch), not alphabetically.
  const order = [...new Set(values.map((v) => String(v[series])))];
  const color = { field: series, type: 'nominal' as const, sort: order, title: null };
  const xValues = [...new Set(values.map((v) => Number(v[x.field])))].sort((a, b) => a - b);
  const xEnc = {
    field: x.field,
    type: 'quantitative' as const,
    title: x.title,
    // On the log scale every value is a labelled tick (vega's own ticks skip 10, 30, ...).
    ...(x.log ? { scale: { type: 'log' as const }, axis: { values: xValues, format: 'd' } } : { axis: { tickMinStep: 1, format: 'd' } }),
  };
  const y = { type: 'quantitative' as const, scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    // Panels wrap after four games, so a sweep over many games stays readable.
    facet: { field: 'game', type: 'nominal', title: null },
    columns: 4,
    spec: {
      width: 320,
      height: 220,
      layer: [
        {
          mark: spread === 'errorband' ? { type: 'errorband', opacity: 0.15 } : { type: 'errorbar', ticks: true },
          encoding: { x: xEnc, y: { ...y, field: 'low', title: yTitle }, y2: { field: 'high' }, color },
        },
        {
          mark: { type: 'line', point: { filled: true, size: 40 } },
          encoding: {
            x: xEnc,
            y: { ...y, field: 'mean' },
            color,
            strokeDash: { field: series, type: 'nominal', sort: order, legend: null },
            shape: { field: series, type: 'nominal', sort: order, title: null },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { background: 'white' },
  };
}

/** Best-so-far score against iteration, one line per horizon (and batch), one panel per game. */
export function scoreCurveSpec(results: HorizonResult[]): TopLevelSpec {
  const values = results.flatMap((r) =>
    r.bestSoFar.map((b, iteration) => ({
      game: r.game,
      setting: r.batch === 1 ? `horizon ${r.horizon}` : `horizon ${r.horizon}, batch ${r.batch}`,
      iteration,
      mean: b.mean,
      low: b.mean - b.se,
      high: b.mean + b.se,
    })),
  );
  return panels(
    `Best-so-far score per iteration (${optimizersOf(results)})`,
    values,
    { field: 'iteration', title: 'iteration' },
    'setting',
    'best-so-far score (mean ± SE)',
    'errorband',
  );
}

/** Final best score against the horizon (log scale), with standard-error bars. */
export function finalVsHorizonSpec(results: HorizonResult[]): TopLevelSpec {
  const values = results.map((r) => ({
    game: r.game,
    horizon: r.horizon,
    batch: `batch ${r.batch}`,
    mean: r.final.mean,
    low: r.final.mean - r.final.se,
    high: r.final.mean + r.final.se,
  }));
  return panels(
    `Final best score against the credit horizon (${optimizersOf(results)})`,
    values,
    { field: 'horizon', title: 'credit horizon (steps)', log: true },
    'batch',
    'final best score (mean ± SE)',
    'errorbar',
  );
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Writes `<name>.svg` and `<name>.png` into `dir`; returns the paths. */
export async function writePlot(spec: TopLevelSpec, dir: string, name: string): Promise<string[]> {
  const svg = await renderSvg(spec);
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileSync(svgPath, svg);
  await sharp(Buffer.from(svg), { density: 144 }).png().toFile(pngPath);
  return [svgPath, pngPath];
}
