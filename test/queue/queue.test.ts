import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { QUEUE_NAME } from '../../src/queue/address.ts';
import { redisConnection } from '../../src/queue/connection.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

// A real Redis server (Debian's redis-server, started here on a free port) and
// real worker processes: sweeps on the queue must give the embedded results,
// survive a killed worker and a Redis restart, and report runs that keep failing.

const BIN = join(projectRoot, 'bin', 'horizon-arcade.js');

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

/** Runs `bench horizon` (embedded, or on the queue) and resolves when it exits. */
function benchHorizon(args: string[]): Promise<Done> {
  const child = spawn(process.execPath, [BIN, 'bench', 'horizon', ...args], { cwd: projectRoot });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

/**
 * A worker (through the bin wrapper, as a user starts it) in its own process
 * group, so killing the group also kills its `train` runs, as a crash would.
 * Its log goes to `log` when given.
 */
function startWorker(url: string, runsRoot: string, extra: string[] = [], o: { log?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const err = o.log ? openSync(o.log, 'a') : 'ignore';
  return spawn(process.execPath, [BIN, 'worker', '--queue', url, '--lock-seconds', '2', '--runs-root', runsRoot, ...extra], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'ignore', err],
    env: o.env ?? process.env,
  });
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
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir],
      { stdio: 'ignore' },
    );
    await until(
      'Redis to answer',
      () =>
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .trim() === 'PONG',
      10_000,
    );
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
    workers.push(startWorker(url(), tmp), startWorker(url(), tmp));
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

  it('a worker killed mid-run (kill -9) and a Redis restart lose nothing: its trainer dies with it, another worker resumes the run', async () => {
    const args = ['--games', 'demo', '--horizons', '25', '--seeds', '1', '--iterations', '30'];
    const embedded = await benchHorizon([...args, '--out', join(tmp, 'embedded-long')]);
    expect(embedded.code, embedded.err).toBe(0);

    const run = join(tmp, 'crash', 'runs', 'demo-h25-b1-s0');
    const trainers = () =>
      Number(
        spawnSync('pgrep', ['-c', '-f', ` _run ${run}`])
          .stdout.toString()
          .trim() || 0,
      );
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, trainers())), 100);
    try {
      const first = startWorker(url(), tmp);
      const sweep = benchHorizon([...args, '--out', join(tmp, 'crash'), '--queue', url()]);
      await until('the first checkpoint', () => existsSync(join(run, 'checkpoint.json')));
      expect(trainers()).toBe(1);
      process.kill(first.pid!, 'SIGKILL'); // the worker alone, as `kill -9 PID` does: its trainer must not live on
      await until('the trainer to stop with its worker', () => trainers() === 0, 5000);

      await stopRedis(); // the queue's state is on disk (append-only file)
      await startRedis();

      workers.push(startWorker(url(), tmp));
      const done = await sweep;
      expect(done.code, done.err).toBe(0);
      expect(done.err).toMatch(/demo horizon 25 batch 1 seed 0: resumed and finished/);
      expect(results(join(tmp, 'crash'))).toEqual(results(join(tmp, 'embedded-long')));
      expect(most).toBe(1); // never two trainers on one run folder
    } finally {
      clearInterval(watch);
      for (const w of workers.splice(0)) killGroup(w);
    }
  }, 240_000);

  it('a run that fails on every attempt is reported with its error; the rest of the sweep completes', async () => {
    workers.push(startWorker(url(), tmp));
    const r = await benchHorizon([
      '--games',
      'demo,nosuchgame',
      '--horizons',
      '1',
      '--seeds',
      '1',
      '--iterations',
      '1',
      '--out',
      join(tmp, 'failing'),
      '--queue',
      url(),
    ]);
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
    workers.push(startWorker(url(), tmp));
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
          const llm = ['--model', 'fake', '--base-url', baseUrl, '--max-retries', '0', '--on-optimizer-error', 'continue', '--llm-rate', '2/3s'];
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

  it('a job from anyone is checked: a foreign endpoint, a folder outside the runs root, a policy elsewhere are refused and nothing reaches them', async () => {
    const foreign = new FakeOpenAI();
    const own = new FakeOpenAI();
    const foreignUrl = await foreign.start();
    const ownUrl = await own.start();
    const queue = new Queue(QUEUE_NAME, { connection: redisConnection(url()) });
    const root = join(tmp, 'hostile');
    const outside = mkdtempSync(join(tmpdir(), 'ha-outside-'));
    mkdirSync(root);
    try {
      const steer =
        "/** @editable */\nexport function steer(basket: GameObject, target: number, deadZone: number): Action {\n  const offset = target - (basket.x + basket.w / 2);\n  if (offset > 1) return 'RIGHT';\n  if (offset < -1) return 'LEFT';\n  return 'NOOP';\n}";
      own.reply({ content: JSON.stringify({ reasoning: 'a smaller dead zone', functions: { steer } }) });
      foreign.reply({ content: '{}' });
      const env = { ...process.env, OPENAI_API_KEY: 'worker-secret' };
      workers.push(startWorker(url(), root, ['--model', 'own-model', '--base-url', ownUrl], { env, log: join(tmp, 'hostile-worker.log') }));
      const cell = (dir: string) => ({ game: 'demo', horizon: 5, batch: 1, seed: 0, dir });
      const run = ['--iterations', '1', '--eval-max-steps', '50'];
      const jobs: Record<string, unknown> = {
        endpoint: {
          cell: cell(join(root, 'a')),
          trainArgs: [],
          newRunArgs: ['--game', 'demo', ...run, '--optimizer', 'openai', '--base-url', foreignUrl, '--model', 'x'],
        },
        folder: { cell: cell(join(outside, 'made-by-a-job')), trainArgs: run },
        policy: { cell: cell(join(root, 'c')), trainArgs: [...run, '--policy', '/etc/passwd'] },
        config: { cell: cell(join(root, 'e')), trainArgs: [...run, '--config', '/etc/passwd'] },
        garbage: { hello: 'world' },
        fine: { cell: cell(join(root, 'd')), trainArgs: [], newRunArgs: ['--game', 'demo', ...run, '--optimizer', 'openai', '--max-retries', '0'] },
      };
      for (const [id, data] of Object.entries(jobs))
        await queue.add('run', data as never, { jobId: `hostile-${id}`, attempts: 3, removeOnFail: false, removeOnComplete: false });
      const states = async () => Promise.all(Object.keys(jobs).map(async (id) => (await queue.getJob(`hostile-${id}`))!.getState()));
      const end = Date.now() + 60_000;
      while ((await states()).some((s) => s !== 'failed' && s !== 'completed')) {
        if (Date.now() > end) throw new Error(`timed out: ${(await states()).join(', ')}; ${readFileSync(join(tmp, 'hostile-worker.log'), 'utf8')}`);
        await sleep(300);
      }
      const job = async (id: string) => (await queue.getJob(`hostile-${id}`))!;
      for (const [id, why] of [
        ['endpoint', /job refused: --base-url is the worker's own/],
        ['folder', /job refused: run folder .* is not under this worker's --runs-root/],
        ['policy', /job refused: --policy \/etc\/passwd is not an absolute path under this worker's policy folders/],
        ['config', /job refused: --config is a file of the machine that queues the run/],
        ['garbage', /job refused: not a run job/],
      ] as const) {
        const j = await job(id);
        expect(await j.getState(), id).toBe('failed');
        expect(j.failedReason).toMatch(why);
        expect(j.failedReason).toMatch(/ERR_REFUSED_JOB/);
        expect(j.attemptsMade, `${id} is not retried`).toBe(1);
      }
      expect(foreign.hits).toEqual([]); // the worker's key never went there
      expect(existsSync(join(outside, 'made-by-a-job'))).toBe(false);
      expect(existsSync(join(root, 'a'))).toBe(false);
      // The job that asked for the LLM got the worker's own endpoint, model and key.
      const fine = await job('fine');
      expect(await fine.getState(), fine.failedReason).toBe('completed');
      expect(own.requests.map((r) => r.model)).toEqual(['own-model']);
      expect(new Set(own.hits.map((h) => h.authorization))).toEqual(new Set(['Bearer worker-secret']));
    } finally {
      for (const w of workers.splice(0)) killGroup(w);
      await queue.obliterate({ force: true });
      await queue.close();
      await foreign.stop();
      await own.stop();
    }
  }, 120_000);

  it('a Redis restart without its data: the sweep shows its runs lost, `sweep retry` finishes them', async () => {
    const port2 = await freePort();
    const url2 = `redis://127.0.0.1:${port2}`;
    const volatile = async () => {
      const r = spawn('redis-server', ['--port', String(port2), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await until(
        'Redis to answer',
        () =>
          spawnSync('redis-cli', ['-p', String(port2), 'ping'])
            .stdout?.toString()
            .trim() === 'PONG',
        10_000,
      );
      return r;
    };
    let redis2 = await volatile();
    const dir = join(tmp, 'forgotten');
    const args = ['--games', 'demo', '--horizons', '5', '--seeds', '2', '--iterations', '40', '--out', dir, '--queue', url2];
    const status = () => {
      const r = spawnSync(process.execPath, [BIN, 'sweep', 'status', dir, '--queue', url2, '--json'], { cwd: projectRoot });
      expect(r.status, r.stderr.toString()).toBe(0);
      return (JSON.parse(r.stdout.toString()) as { runs: { run: string; state: string }[] }).runs;
    };
    try {
      const worker = startWorker(url2, tmp);
      const sweep = spawn(process.execPath, [BIN, 'bench', 'horizon', ...args], { cwd: projectRoot, stdio: 'ignore' });
      await until('the first checkpoint', () => existsSync(join(dir, 'runs', 'demo-h5-b1-s0', 'checkpoint.json')));
      expect(status().map((r) => r.state)).toEqual(['running', 'waiting']);
      // The machine that queued the sweep and the worker go away; Redis restarts empty.
      sweep.kill('SIGKILL');
      process.kill(worker.pid!, 'SIGKILL');
      await until('the trainer to stop', () => spawnSync('pgrep', ['-f', ` _run ${dir}`]).status === 1, 5000);
      redis2.kill('SIGKILL');
      await new Promise((r) => redis2.on('exit', r));
      redis2 = await volatile();
      expect(status().map((r) => r.state)).toEqual(['lost', 'lost']);
      const human = spawnSync(process.execPath, [BIN, 'sweep', 'status', dir, '--queue', url2], { cwd: projectRoot }).stdout.toString();
      expect(human).toMatch(/2 runs: 0 finished, 0 failed, 0 running, 0 retrying, 0 waiting, 2 lost/);
      expect(human).toMatch(/sweep retry/);

      workers.push(startWorker(url2, tmp));
      const retry = spawnSync(process.execPath, [BIN, 'sweep', 'retry', dir, '--queue', url2], { cwd: projectRoot, timeout: 120_000 });
      expect(retry.status, retry.stderr.toString()).toBe(0);
      expect(retry.stderr.toString()).toMatch(/demo-h5-b1-s0: resumed and finished/);
      expect(retry.stdout.toString()).toMatch(/2 run\(s\) queued again: 2 finished, 0 failed/);
      expect(status().map((r) => r.state)).toEqual(['finished', 'finished']);
      // The sweep command again writes the results without running anything.
      const again = await benchHorizon(args);
      expect(again.code, again.err).toBe(0);
      expect(again.err).not.toMatch(/: finished/);
      expect((JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: { runs: number }[] }).results.map((r) => r.runs)).toEqual([2]);
    } finally {
      for (const w of workers.splice(0)) killGroup(w);
      redis2.kill('SIGKILL');
    }
  }, 180_000);

  it('a Redis with a password and TLS is used through rediss://user:password@host; wrong or missing credentials are one coded line', async () => {
    const port3 = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ha-tls-'));
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ]);
    expect(made.status, made.stderr?.toString()).toBe(0);
    const conf = [
      `port 0`,
      `tls-port ${port3}`,
      `bind 127.0.0.1`,
      `tls-cert-file ${dir}/cert.pem`,
      `tls-key-file ${dir}/key.pem`,
      `tls-ca-cert-file ${dir}/cert.pem`,
      'tls-auth-clients no',
      'save ""',
      'appendonly no',
      'user default off',
      'user runner on >s3cret ~* &* +@all',
    ];
    writeFileSync(join(dir, 'redis.conf'), conf.join('\n') + '\n');
    const server = spawn('redis-server', [join(dir, 'redis.conf')], { stdio: 'ignore' });
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }; // the private CA, as docs/distributed.md says
    const good = `rediss://runner:s3cret@localhost:${port3}`;
    const status = (url: string, e: NodeJS.ProcessEnv = env) =>
      spawnSync(process.execPath, [BIN, 'sweep', 'status', '--queue', url], { cwd: projectRoot, env: e });
    try {
      await until('the TLS Redis to answer', () => status(good).status === 0, 10_000);
      for (const [url, e, why] of [
        [`rediss://runner:wrong@localhost:${port3}`, env, /WRONGPASS.*credentials go in the URL/],
        [`rediss://localhost:${port3}`, env, /NOAUTH.*credentials go in the URL/],
        [good, process.env, /certificate/],
      ] as const) {
        const r = status(url, e);
        expect(r.status).toBe(2);
        expect(r.stderr.toString()).toMatch(why);
        expect(r.stderr.toString()).toMatch(/\[ERR_UNREACHABLE\]\n$/);
        expect(r.stderr.toString()).not.toMatch(/wrong|s3cret/); // the password is never printed
      }
      workers.push(startWorker(good, tmp, [], { env }));
      const train = spawnSync(process.execPath, [BIN, 'train', '--game', 'demo', '--iterations', '2', '--out', join(tmp, 'over-tls'), '--queue', good], {
        cwd: projectRoot,
        env,
        timeout: 60_000,
      });
      expect(train.status, train.stderr.toString()).toBe(0);
      expect(train.stdout.toString()).toMatch(/^finished/m);
      expect(train.stderr.toString()).not.toMatch(/s3cret/);
    } finally {
      for (const w of workers.splice(0)) killGroup(w);
      server.kill('SIGKILL');
    }
  }, 90_000);

  it('a bad queue URL is a clear error', () => {
    const r = spawnSync(process.execPath, [BIN, 'sweep', 'status', '--queue', 'http://user:pw@nope'], { cwd: projectRoot });
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toBe('horizon-arcade: --queue must be a redis:// or rediss:// (TLS) URL, got "http://user:***@nope" [ERR_BAD_ARGUMENT]\n');
  });
});
