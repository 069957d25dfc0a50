import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

import type { Rom } from '../env/rom.ts';
import { readMetrics, RunDir } from '../loop/run-dir.ts';
import { replayRun } from '../replay/replay.ts';
import { benchReport, esc, page, runReportBody } from './report.ts';

export interface DashboardOptions {
  port: number;
  host: string;
  /** Finds a run's ROM by its game id (for replays). */
  findRomFor: (game: string) => Rom;
  /** Step limit of a replay. */
  replaySteps: number;
}

interface Listed {
  id: string;
  kind: 'run' | 'benchmark';
  dir: string;
}

/** Runs (folders with config.json) and benchmarks (results.json) under `root`, three levels deep (a sweep's runs/ included). */
function listFolders(root: string): Listed[] {
  const found: Listed[] = [];
  const visit = (dir: string, depth: number) => {
    const id = relative(root, dir) || '.';
    if (existsSync(join(dir, 'results.json'))) found.push({ id, kind: 'benchmark', dir });
    if (existsSync(join(dir, 'config.json'))) {
      found.push({ id, kind: 'run', dir });
      return;
    }
    if (depth === 0) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && !e.name.startsWith('.')) visit(join(dir, e.name), depth - 1);
  };
  visit(root, 3);
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

function runRow(l: Listed): string {
  try {
    const config = RunDir.open(l.dir).config();
    const status = new RunDir(l.dir).checkpoint()?.status ?? 'starting';
    const last = readMetrics(l.dir).at(-1);
    const s = config.settings;
    return `<tr><td><a href="/run/${encodeURIComponent(l.id)}">${esc(l.id)}</a></td><td>${esc(s.game)}</td><td>${s.horizon}</td><td>${s.batch}</td><td class="status">${esc(status)}</td><td>${last?.iteration ?? 0} / ${s.iterations}</td><td>${last?.bestScore ?? '-'}</td></tr>`;
  } catch (err) {
    return `<tr><td>${esc(l.id)}</td><td colspan="6">unreadable: ${esc((err as Error).message)}</td></tr>`;
  }
}

/** The pages refresh themselves: every 2 s they ask whether the run moved on and then swap in the parts that changed. */
const LIVE_SCRIPT = `<script>
const ids = ['status', 'score-plot', 'iterations', 'runs'];
let version = null;
async function poll() {
  try {
    const v = await (await fetch(location.pathname + (location.pathname.endsWith('/') ? '' : '/') + 'version')).text();
    if (version !== null && v !== version) {
      const fresh = new DOMParser().parseFromString(await (await fetch(location.pathname)).text(), 'text/html');
      for (const id of ids) {
        const [now, next] = [document.getElementById(id), fresh.getElementById(id)];
        if (now && next) now.replaceWith(next);
        else if (!now && next) location.reload();
      }
    }
    version = v;
  } catch {}
  setTimeout(poll, 2000);
}
poll();
</script>`;

/** What changes when a run moves on: its metrics and checkpoint files' sizes and times. */
function version(dirs: string[]): string {
  return dirs
    .flatMap((d) =>
      ['metrics.jsonl', 'checkpoint.json', 'results.json'].map((f) => {
        const stat = statSync(join(d, f), { throwIfNoEntry: false });
        return stat ? `${stat.mtimeMs}:${stat.size}` : '-';
      }),
    )
    .join(',');
}

/**
 * `horizon-arcade dashboard`: a local web page over a folder of runs and
 * sweeps. It lists them with their progress, shows each run's score curve,
 * iterations (prompt, reply, code diff, outcome), settings and a replay of
 * its best policy, and follows runs that are still going.
 */
export function startDashboard(root: string, o: DashboardOptions): Promise<{ url: string; server: Server }> {
  const rootDir = resolve(root);
  // Replays are made on first view, once per best policy, outside the runs' folders.
  const replays = mkdtempSync(join(tmpdir(), 'horizon-dashboard-'));
  /** A listed folder by its id, never a path outside the root. */
  const folder = (id: string, kind: Listed['kind']): string | undefined => {
    const dir = resolve(rootDir, id);
    if (dir !== rootDir && !dir.startsWith(rootDir + sep)) return undefined;
    return existsSync(join(dir, kind === 'run' ? 'config.json' : 'results.json')) ? dir : undefined;
  };
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    try {
      if (parts.length === 0 || (parts.length === 1 && parts[0] === 'version')) {
        const listed = listFolders(rootDir);
        if (parts[0] === 'version') return send(res, 200, 'text/plain', version(listed.map((l) => l.dir)));
        const runs = listed.filter((l) => l.kind === 'run').map(runRow);
        const benches = listed.filter((l) => l.kind === 'benchmark').map((l) => `<li><a href="/bench/${encodeURIComponent(l.id)}">${esc(l.id)}</a></li>`);
        const body = `<div id="runs"><h2>Runs</h2>${runs.length ? `<table><tr><th>run</th><th>game</th><th>horizon</th><th>batch</th><th>status</th><th>iterations</th><th>best score</th></tr>${runs.join('')}</table>` : '<p>No runs yet.</p>'}<h2>Benchmarks</h2>${benches.length ? `<ul>${benches.join('')}</ul>` : '<p>None yet.</p>'}</div>`;
        return send(res, 200, 'text/html; charset=utf-8', page(`Runs in ${rootDir}`, body + LIVE_SCRIPT));
      }
      const [kind, id, sub] = parts as [string, string, string | undefined];
      if (kind === 'run') {
        const dir = folder(id, 'run');
        if (!dir) return send(res, 404, 'text/plain', `no run ${id}`);
        if (sub === 'version') return send(res, 200, 'text/plain', version([dir]));
        if (sub === 'replay.gif') {
          // Made once per best policy (best iteration), then served from the cache.
          const best = new RunDir(dir).checkpoint()?.bestIteration ?? 0;
          const file = join(replays, `${id.replace(/[^\w.-]+/g, '_')}-best-${best}.gif`);
          if (!existsSync(file)) {
            const game = RunDir.open(dir).config().rom.game;
            await replayRun(dir, o.findRomFor(game), { episodes: 1, seed: 0, maxSteps: o.replaySteps, gif: file, pngEvery: 1, overlay: true, scale: 2 });
          }
          return send(res, 200, 'image/gif', readFileSync(file));
        }
        const replay = existsSync(join(dir, 'best.ts')) ? { src: `/run/${encodeURIComponent(id)}/replay.gif` } : undefined;
        const title = `${RunDir.open(dir).config().settings.game}: run ${id}`;
        return send(res, 200, 'text/html; charset=utf-8', page(title, `<p><a href="/">all runs</a></p>${await runReportBody(dir, replay)}${LIVE_SCRIPT}`));
      }
      if (kind === 'bench') {
        const dir = folder(id, 'benchmark');
        if (!dir) return send(res, 404, 'text/plain', `no benchmark ${id}`);
        if (sub === 'version') return send(res, 200, 'text/plain', version([dir]));
        return send(res, 200, 'text/html; charset=utf-8', (await benchReport(dir)).replace('</body>', `${LIVE_SCRIPT}</body>`));
      }
      send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      send(res, 500, 'text/plain', `dashboard: ${(err as Error).message}`);
    }
  });
  server.on('close', () => rmSync(replays, { recursive: true, force: true }));
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(o.port, o.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : o.port;
      done({ url: `http://${o.host}:${port}/`, server });
    });
  });
}
