import { gameDefaults } from '../loop/game-defaults.ts';
import { PAPER_GAMES } from '../loop/paper.ts';
import type { HorizonResult } from './aggregate.ts';
import type { TraceSizes } from './token-accounting.ts';

/** One row of the paper comparison: a game and an arm (multi-step or one-step). */
export interface PaperRow {
  game: string;
  arm: 'multi-step' | 'one-step';
  horizon: number;
  ours?: HorizonResult;
  study: { trials: number; start: number; final: number; se: number };
  trace?: TraceSizes;
}

export function paperRows(results: HorizonResult[], traces: Record<string, TraceSizes>): PaperRow[] {
  const rows: PaperRow[] = [];
  for (const [game, p] of Object.entries(PAPER_GAMES)) {
    const ours = results.filter((r) => r.game === game);
    if (ours.length === 0) continue;
    for (const [arm, horizon, study, trials] of [
      ['multi-step', gameDefaults(game).horizon, p.study.multi, p.study.trials[0]],
      ['one-step', 1, p.study.one, p.study.trials[1]],
    ] as const) {
      rows.push({
        game,
        arm,
        horizon,
        ours: ours.find((r) => r.horizon === horizon),
        study: { trials, start: study[0], final: study[1], se: study[2] },
        trace: traces[`${game}-${horizon}`],
      });
    }
  }
  return rows;
}

const n = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');

function cells(r: PaperRow): string[] {
  const o = r.ours;
  const prompt = o ? n(o.contextTokens.mean, 0) : '-';
  const trace = r.trace
    ? `${r.trace.compactTokens} / ${r.trace.optoprimeTokens} (${n(r.trace.optoprimeTokens / Math.max(1, r.trace.compactTokens), 1)}×)`
    : '-';
  return [
    r.game,
    `${r.arm} (h ${r.horizon})`,
    o?.optimizer ?? '-',
    o ? String(o.runs) : '0',
    o ? `${n(o.bestSoFar[0]!.mean)} → ${n(o.final.mean)} ± ${n(o.final.se)}` : 'not run',
    `${r.study.trials}`,
    `${n(r.study.start)} → ${n(r.study.final)} ± ${n(r.study.se)}`,
    prompt,
    trace,
  ];
}

const HEADER = [
  'game',
  'arm',
  'ours: optimizer',
  'runs',
  'ours: start → final best (± SE)',
  'study trials',
  'study: start → final (± SE)',
  'prompt tokens / update',
  'trace tokens compact / optoprime',
];

export function paperMarkdown(rows: PaperRow[]): string {
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cells(r).join(' | ')} |`)].join('\n');
}

export function paperText(rows: PaperRow[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
