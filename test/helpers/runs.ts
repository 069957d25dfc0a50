import type { IterationMetrics } from '../../src/loop/run-dir.ts';

/** Metrics without the wall-clock fields, which differ between any two runs. */
export function comparable(ms: IterationMetrics[]) {
  return ms.map(({ wallMs: _w, totalWallMs: _t, ...rest }) => rest);
}

/** Steps covered by the trace lines of a prompt ("t5" or "t5-9 (5 steps)"), per rollout. */
export function traceSteps(prompt: string): number[][] {
  const trace = prompt.split('## Execution trace')[1]!.split('\n## ')[0]!;
  return trace
    .split(/^Rollout \d+ /m)
    .slice(1)
    .map((block) => {
      const steps: number[] = [];
      for (const m of block.matchAll(/^t(\d+)(?:-(\d+))? /gm)) {
        for (let s = Number(m[1]); s <= Number(m[2] ?? m[1]); s++) steps.push(s);
      }
      return steps;
    });
}
