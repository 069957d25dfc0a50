import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createTwoFilesPatch } from 'diff';
import type { TopLevelSpec } from 'vega-lite';

import { optimizersOf, RESULT_HEADER, resultCells, type HorizonResult } from '../bench/aggregate.ts';
import { finalVsHorizonSpec, renderSvg, scoreCurveSpec } from '../bench/plots.ts';
import { optimizerFailures, readMetrics, RunDir, type IterationMetrics, type RunConfig } from '../loop/run-dir.ts';
import { optimizerName } from '../loop/settings.ts';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
details { margin: .4em 0; } summary { cursor: pointer; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; font-size: 12px; }
.add { color: #1a7f37; } .del { color: #cf222e; } .hunk { color: #8250df; }
.accepted { color: #1a7f37; } .rejected { color: #cf222e; }
img.replay { image-rendering: pixelated; width: 320px; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>\n<body>\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

function diffHtml(patch: string): string {
  return patch
    .split('\n')
    .slice(2)
    .map((l) => {
      const cls = l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('@@') ? 'hunk' : '';
      return cls ? `<span class="${cls}">${esc(l)}</span>` : esc(l);
    })
    .join('\n');
}

/** The package, Node and (from a git checkout) the commit a run was made with. */
function versionsText(v: RunConfig['versions']): string {
  const commit = v.commit ? `, commit ${v.commit.slice(0, 12)}${v.uncommittedChanges ? ' with uncommitted changes' : ''}` : '';
  return `horizon-arcade ${v.horizonArcade}, Node ${v.node}${commit}`;
}

function settingsTable(config: RunConfig): string {
  const flat: [string, unknown][] = [];
  for (const [k, v] of Object.entries(config.settings)) {
    if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) flat.push([`${k}.${k2}`, v2]);
    else flat.push([k, v]);
  }
  flat.push(['rom', `${config.rom.game} (md5 ${config.rom.md5})`], ['versions', versionsText(config.versions)], ['created', config.createdAt]);
  return `<table>${flat.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(JSON.stringify(v) ?? 'unset')}</td></tr>`).join('')}</table>`;
}

/** Score per iteration of one run: candidate evaluations and the best so far. */
function runCurveSpec(metrics: IterationMetrics[], title: string): TopLevelSpec {
  const values = metrics.flatMap((m) => [
    { iteration: m.iteration, series: 'best so far', score: m.bestScore },
    ...(m.score === null ? [] : [{ iteration: m.iteration, series: 'candidate', score: m.score }]),
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'score', type: 'quantitative', title: 'evaluation score' },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'series', type: 'nominal' },
    },
    config: { background: 'white' },
  };
}

/**
 * One self-contained HTML page for a run: settings, score curve, each
 * iteration's outcome, the optimizer's prompt and reply, and the code diff
 * against the policy it started from, and (when given) a replay GIF: inlined
 * as a data URI, or by its address (the dashboard serves it).
 */
export async function runReport(dir: string, gif?: Buffer | { src: string }): Promise<string> {
  const { settings } = RunDir.open(dir).config();
  return page(`${settings.game}: training run ${dir.split('/').filter(Boolean).at(-1)} (${optimizerName(settings.optimizer)})`, await runReportBody(dir, gif));
}

/** A file of the run folder as a collapsed block, when it exists. */
function fileBlock(file: string, summary: string): string {
  return existsSync(file) ? `<details><summary>${summary}</summary><pre>${esc(readFileSync(file, 'utf8'))}</pre></details>` : '';
}

/** The run report's sections; the ids (status, score-plot, iterations) are what the dashboard refreshes. */
export async function runReportBody(dir: string, gif?: Buffer | { src: string }): Promise<string> {
  const run = RunDir.open(dir);
  const config = run.config();
  const checkpoint = run.checkpoint();
  const metrics = readMetrics(dir);
  const last = metrics.at(-1);
  const optimizer = optimizerName(config.settings.optimizer);
  const parts: string[] = [];
  parts.push(
    `<p id="status">Status: ${esc(checkpoint?.status ?? 'no finished iteration yet')}. ${last ? `Best score <b>${last.bestScore}</b> (iteration ${last.bestIteration}), ${last.llmCalls} LLM calls (${optimizerFailures(metrics)} updates the optimizer failed), ${last.tokens} tokens, $${last.costUsd.toFixed(4)}, ${(last.totalWallMs / 1000).toFixed(1)} s.` : ''}</p>`,
  );
  if (metrics.length)
    parts.push('<h2>Score</h2>', `<figure id="score-plot">${await renderSvg(runCurveSpec(metrics, `Evaluation score per iteration (${optimizer})`))}</figure>`);
  if (gif) {
    const src = Buffer.isBuffer(gif) ? `data:image/gif;base64,${gif.toString('base64')}` : esc(gif.src);
    parts.push('<h2>Replay of the best policy</h2>', `<img class="replay" alt="replay of the best policy" src="${src}">`);
  }
  parts.push('<h2>Iterations</h2>', '<div id="iterations">');
  const policyText = (i: number) => (existsSync(run.policyFile(i)) ? readFileSync(run.policyFile(i), 'utf8') : undefined);
  let current = policyText(0) ?? '';
  for (const m of metrics) {
    const candidate = m.iteration > 0 ? policyText(m.iteration) : undefined;
    const cls = m.accepted ? 'accepted' : 'rejected';
    const head = `Iteration ${m.iteration}: <span class="${cls}">${esc(m.outcome)}</span>${m.score !== null ? ` — score ${m.score}` : ''}, best ${m.bestScore}`;
    const name = `iter-${String(m.iteration).padStart(4, '0')}`;
    let body = m.changed.length ? `<p>Changed: ${m.changed.map(esc).join(', ')}.</p>` : '';
    body +=
      fileBlock(join(dir, 'prompts', `${name}.md`), 'Prompt') + fileBlock(join(dir, 'responses', `${name}.txt`), "Optimizer's reply (its reasoning and code)");
    if (candidate !== undefined) body += `<pre>${diffHtml(createTwoFilesPatch('current', 'candidate', current, candidate, '', '', { context: 2 }))}</pre>`;
    parts.push(`<details><summary>${head}</summary>${body || '<p>(no code)</p>'}</details>`);
    if (m.accepted && candidate !== undefined) current = candidate;
  }
  parts.push('</div>', '<h2>Settings</h2>', settingsTable(config));
  return parts.join('\n');
}

/** One page for a horizon benchmark: the table and both plots. */
export async function benchReport(dir: string): Promise<string> {
  const file = join(dir, 'results.json');
  const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: HorizonResult[] };
  const rows = results
    .map(
      (r) =>
        `<tr>${resultCells(r)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const body = [
    `<table><tr>${RESULT_HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`,
    rows,
    '</table>',
    '<h2>Best-so-far score per iteration</h2>',
    `<figure id="score-plot">${await renderSvg(scoreCurveSpec(results))}</figure>`,
    '<h2>Final score against the horizon</h2>',
    `<figure>${await renderSvg(finalVsHorizonSpec(results))}</figure>`,
  ].join('\n');
  return page(`Horizon benchmark ${dir.split('/').filter(Boolean).at(-1)} (${optimizersOf(results)})`, body);
}
