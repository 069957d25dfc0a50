import type { TraceComparison } from './compare.ts';

export interface GameFidelity {
  game: string;
  traces: TraceComparison[];
}

export function groupByGame(results: TraceComparison[]): GameFidelity[] {
  const byGame = new Map<string, TraceComparison[]>();
  for (const r of results) byGame.set(r.game, [...(byGame.get(r.game) ?? []), r]);
  return [...byGame.entries()].map(([game, traces]) => ({ game, traces }));
}

export function traceMatches(t: TraceComparison): boolean {
  return !t.skipped && t.firstDiffLine === undefined && t.screens.every((s) => s.match);
}

function status(g: GameFidelity): string {
  if (g.traces.some((t) => t.skipped)) return 'not run';
  return g.traces.every(traceMatches) ? 'match' : 'differs';
}

/** Which trace of a game: its seed, or for a variation its mode and difficulty (-1: not set). */
function label(t: TraceComparison): string {
  return t.set === 'modes' ? `m${t.mode} d${t.difficulty}` : `seed ${t.seed}`;
}

function firstDifference(g: GameFidelity): string {
  for (const t of g.traces) {
    if (t.skipped) return t.skipped;
    if (t.firstDiffLine !== undefined) return `${label(t)} line ${t.firstDiffLine}: ${t.firstDiff}`;
    const s = t.screens.find((x) => !x.match);
    if (s?.firstDiff) {
      return `${label(t)} screen f${s.frame}: row ${s.firstDiff.row} col ${s.firstDiff.column} (${s.differingPixels} px)`;
    }
  }
  return '';
}

function linesCell(g: GameFidelity): string {
  return g.traces.map((t) => `${label(t)}: ${t.skipped ? '-' : `${t.matched}/${t.lines}`}`).join(', ');
}

function screensCell(g: GameFidelity): string {
  const all = g.traces.flatMap((t) => t.screens);
  if (all.length === 0) return '-';
  return `${all.filter((s) => s.match).length}/${all.length}`;
}

export function summary(games: GameFidelity[]): string {
  const matched = games.filter((g) => status(g) === 'match').length;
  const run = games.filter((g) => status(g) !== 'not run').length;
  const traces = games.flatMap((g) => g.traces);
  const identical = traces.filter(traceMatches).length;
  return `${matched} of ${games.length} games match every line and screen; ${identical} of ${traces.length} traces (${run} games run, ${games.length - run} without a roms-config entry or ROM)`;
}

/** Plain-text table for the terminal. */
export function formatTable(games: GameFidelity[]): string {
  const rows = games.map((g) => [g.game, status(g), linesCell(g), screensCell(g), firstDifference(g)]);
  const head = ['game', 'status', 'lines matched', 'screens', 'first difference'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.min(r[i]!.length, i === 4 ? 80 : 999))));
  const fmt = (r: string[]) => r.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt), '', summary(games)].join('\n');
}

/** Markdown table for docs/fidelity.md. */
export function formatMarkdown(games: GameFidelity[]): string {
  const lines = [
    '| game | status | lines matched | reference screens | first difference |',
    '|---|---|---|---|---|',
    ...games.map((g) => `| ${g.game} | ${status(g)} | ${linesCell(g)} | ${screensCell(g)} | ${firstDifference(g).replace(/\|/g, '\\|')} |`),
  ];
  return lines.join('\n') + '\n\n' + summary(games) + '\n';
}
