import type { IterationMetrics } from '../../src/loop/run-dir.ts';

/** Metrics without the wall-clock fields, which differ between any two runs. */
export function comparable(ms: IterationMetrics[]) {
  return ms.map(({ wallMs: _w, totalWallMs: _t, ...rest }) => rest);
}
