import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/native.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

// A real Redis server (Debian's redis-server, started here on a free port) and
// real worker processes: sweeps on the queue must give the embedded results,
// survive a killed worker and a Redis restart, and report runs that keep failing.

const BIN = join(projectRoot, 'bin', 'horizon-arcade.js');
const BENCH = join(projectRoot, 'scripts', 'bench-horizon.ts');

function redisAvailable(): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true;
  const message = 'redis-server is not installed (apt-get install redis-server)';
  if (process.env.CI) throw new Error(message);
  console.warn(`skipping: ${message}`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

interface Done {
  code: number | null;
  out: string;
  err: string;
}

/** Runs bench:horizon (embedded, or on the queue) and resolves when it exits. */
function benchHorizon(args: string[]): Promise<Done> {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', BENCH, ...args], { cwd: projectRoot });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

/** A worker in its own process group, so killing the group also kills its `train` runs, as a crash would. */
function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker', '--queue', url, '--lock-seconds', '2'], { cwd: projectRoot, detached: true, stdio: 'ignore' });
}

function killGroup(p: ChildProcess): void {
  try {
    process.kill(-p.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Results of a sweep without timings (they differ between runs). */
function results(dir: string): unknown {
  const rows = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: Record<string, unknown>[] };
  return rows.results.map(({ wallSeconds: _w, ...rest }) => rest);
}

const available = redisAvailable();

describe.skipIf(!available)('sweeps on the job queue (BullMQ over a real Redis)', () => {
  let port = 0;
  let redis: ChildProcess | undefined;
  let redisDir = '';
  const workers: ChildProcess[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'ha-queue-'));

  async function startRedis(): Promise<void> {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir], { stdio: 'ignore' });
    await until('Redis to answer', () => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG', 10_000);
  }

  async function stopRedis(): Promise<void> {
    const r = redis!;
    const exited = new Promise((resolve) => r.on('exit', resolve));
    r.kill('SIGTERM');
    await exited;
  }

  beforeAll(async () => {
    port = await freePort();
    redisDir = mkdtempSync(join(tmpdir(), 'ha-redis-'));
    await startRedis();
  }, 20_000);

  afterAll(async () => {
    for (const w of workers) killGroup(w);
    if (redis) await stopRedis();
  }, 20_000);

  const url = () => `redis://127.0.0.1:${port}`;
  const sweepArgs = ['--games', 'demo', '--horizons', '1,25', '--seeds', '2', '--iterations', '2'];

  it('two workers finish a sweep with the same results as the embedded run', async () => {
    const embedded = await benchHorizon([...sweepArgs, '--out', join(tmp, 'embedded')]);
    expect(embedded.code, embedded.err).toBe(0);
    workers.push(startWorker(url()), startWorker(url()));
    const queued = await benchHorizon([...sweepArgs, '--out', join(tmp, 'queued'), '--queue', url()]);
    expect(queued.code, queued.err).toBe(0);
    expect(queued.err).toMatch(/4 runs .* on the queue/);
    expect(queued.err.match(/: finished/g)).toHaveLength(4);
    expect(results(join(tmp, 'queued'))).toEqual(results(join(tmp, 'embedded')));
    // enqueueing the finished sweep again runs nothing
    const again = await benchHorizon([...sweepArgs, '--out', join(tmp, 'queued'), '--queue', url()]);
    expect(again.code).toBe(0);
    expect(again.err).not.toMatch(/: finished/);
    for (const w of workers.splice(0)) killGroup(w);
  }, 240_000);

  it('a worker killed mid-run and a Redis restart lose nothing: another worker resumes the run', async () => {
    const args = ['--games', 'demo', '--horizons', '25', '--seeds', '1', '--iterations', '8'];
    const embedded = await benchHorizon([...args, '--out', join(tmp, 'embedded-long')]);
    expect(embedded.code, embedded.err).toBe(0);

    const first = startWorker(url());
    const sweep = benchHorizon([...args, '--out', join(tmp, 'crash'), '--queue', url()]);
    const checkpoint = join(tmp, 'crash', 'runs', 'demo-h25-b1-s0', 'checkpoint.json');
    await until('the first checkpoint', () => existsSync(checkpoint));
    killGroup(first); // the worker and its train process die mid-run

    await stopRedis(); // the queue's state is on disk (append-only file)
    await startRedis();

    workers.push(startWorker(url()));
    const done = await sweep;
    expect(done.code, done.err).toBe(0);
    expect(done.err).toMatch(/demo horizon 25 batch 1 seed 0: resumed and finished/);
    expect(results(join(tmp, 'crash'))).toEqual(results(join(tmp, 'embedded-long')));
    for (const w of workers.splice(0)) killGroup(w);
  }, 240_000);

  it('a run that fails on every attempt is reported with its error; the rest of the sweep completes', async () => {
    workers.push(startWorker(url()));
    const r = await benchHorizon(['--games', 'demo,nosuchgame', '--horizons', '1', '--seeds', '1', '--iterations', '1', '--out', join(tmp, 'failing'), '--queue', url()]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/demo horizon 1 batch 1 seed 0: finished/);
    expect(r.err).toMatch(/nosuchgame horizon 1 batch 1 seed 0: FAILED .*unknown game "nosuchgame"/);

    const status = spawnSync(process.execPath, [BIN, 'sweep', 'status', '--queue', url(), '--json'], { cwd: projectRoot });
    const s = JSON.parse(status.stdout.toString()) as { counts: Record<string, number>; failed: { run: string; reason: string }[] };
    expect(s.counts.failed).toBe(1);
    expect(s.failed[0]!.run).toMatch(/nosuchgame-h1-b1-s0$/);
    expect(s.failed[0]!.reason).toMatch(/unknown game/);
    for (const w of workers.splice(0)) killGroup(w);
  }, 120_000);

  it('train --queue runs one training run on a worker, with the same result as here', async () => {
    const train = ['train', '--game', 'demo', '--iterations', '2', '--seed', '3', '--horizon', '10'];
    const here = spawnSync(process.execPath, [BIN, ...train, '--out', join(tmp, 'train-here'), '--json'], { cwd: projectRoot });
    expect(here.status, here.stderr.toString()).toBe(0);
    const expected = JSON.parse(here.stdout.toString().trim().split('\n').at(-1)!) as { bestScore: number; iterations: number };
    workers.push(startWorker(url()));
    const queued = spawn(process.execPath, [BIN, ...train, '--out', join(tmp, 'train-queued'), '--queue', url()], { cwd: projectRoot });
    let out = '';
    queued.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => queued.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^finished/m);
    const checkpoint = JSON.parse(readFileSync(join(tmp, 'train-queued', 'checkpoint.json'), 'utf8')) as { bestScore: number; iteration: number };
    expect({ bestScore: checkpoint.bestScore, iterations: checkpoint.iteration }).toEqual({ bestScore: expected.bestScore, iterations: expected.iterations });
    for (const w of workers.splice(0)) killGroup(w);
  }, 120_000);

  it('--llm-rate is one limit for every run counting in the same Redis (as all workers of a queue do)', async () => {
    const server = new FakeOpenAI();
    const baseUrl = await server.start();
    try {
      // A rewrite that validates (a run whose every proposal fails ends `failed`, exit 1).
      const steer =
        "/** @editable */\nexport function steer(basket: GameObject, target: number, deadZone: number): Action {\n  const offset = target - (basket.x + basket.w / 2);\n  if (offset > 1) return 'RIGHT';\n  if (offset < -1) return 'LEFT';\n  return 'NOOP';\n}";
      server.reply({ content: JSON.stringify({ reasoning: 'a smaller dead zone', functions: { steer } }) });
      const train = (n: number) =>
        new Promise<number | null>((resolve) => {
          const args = ['train', '--game', 'demo', '--iterations', '3', '--horizon', '5', '--eval-max-steps', '50', '--seed', String(n)];
          const llm = ['--model', 'fake', '--base-url', baseUrl, '--retries', '0', '--on-optimizer-error', 'continue', '--llm-rate', '2/3s'];
          const child = spawn(process.execPath, [BIN, ...args, ...llm, '--out', join(tmp, `rate-${n}`)], {
            cwd: projectRoot,
            env: { ...process.env, HORIZON_ARCADE_QUEUE: url() },
            stdio: 'ignore',
          });
          child.on('exit', resolve);
        });
      // two runs at once, 3 LLM calls each, at most 2 calls per 3-second window between them
      expect(await Promise.all([train(1), train(2)])).toEqual([0, 0]);
      expect(server.times).toHaveLength(6);
      // fixed 3 s windows of 2: any 5 requests span three windows, so more than 3 s
      // (less a margin for the request's way to the server)
      const t = [...server.times].sort((a, b) => a - b);
      for (let i = 0; i + 4 < t.length; i++) expect(t[i + 4]! - t[i]!).toBeGreaterThan(2900);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('a bad queue URL is a clear error', () => {
    const r = spawnSync(process.execPath, [BIN, 'sweep', 'status', '--queue', 'http://nope'], { cwd: projectRoot });
    expect(r.status).not.toBe(0);
    expect(r.stderr.toString()).toMatch(/--queue must be a redis:\/\/ URL/);
  });
});
