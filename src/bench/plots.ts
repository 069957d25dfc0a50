import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

import type { HorizonResult } from './aggregate.ts';

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
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'game', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 220,
      layer: [
        { mark: { type: 'errorband', opacity: 0.2 }, encoding: { x: { field: 'iteration', type: 'quantitative' }, y: { field: 'low', type: 'quantitative', title: 'best-so-far score (mean ± SE)' }, y2: { field: 'high' }, color: { field: 'setting', type: 'nominal' } } },
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'iteration', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
            y: { field: 'mean', type: 'quantitative' },
            color: { field: 'setting', type: 'nominal', title: null },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { background: 'white' },
  };
}

/** Final best score against the horizon (log scale), with standard-error bars. */
export function finalVsHorizonSpec(results: HorizonResult[]): TopLevelSpec {
  const values = results.map((r) => ({ game: r.game, horizon: r.horizon, batch: `batch ${r.batch}`, mean: r.final.mean, low: r.final.mean - r.final.se, high: r.final.mean + r.final.se }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'game', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 220,
      layer: [
        { mark: 'errorbar', encoding: { x: { field: 'horizon', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'low', type: 'quantitative', title: 'final best score (mean ± SE)' }, y2: { field: 'high' }, color: { field: 'batch', type: 'nominal' } } },
        { mark: { type: 'line', point: true }, encoding: { x: { field: 'horizon', type: 'quantitative', title: 'credit horizon (steps)' }, y: { field: 'mean', type: 'quantitative' }, color: { field: 'batch', type: 'nominal', title: null } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { background: 'white' },
  };
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
