import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';

const tmp = mkdtempSync(join(tmpdir(), 'horizon-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Asynchronously: installing takes minutes, and vitest's worker must keep answering meanwhile.
const run = promisify(execFile);
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
const node = async (args: string[], cwd: string) => (await run(process.execPath, args, { cwd })).stdout.trim();

// A user's program: steps an Env and plays the demo game's starter policy, from the installed package only.
const ESM_PROGRAM = `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BUNDLED_ROMS, findRom, makeEnv, parsePolicy, playEpisodes } from 'horizon-arcade';
const env = makeEnv('demo', { roms: BUNDLED_ROMS, seed: 1 });
env.reset();
let reward = 0;
for (let i = 0; i < 100; i++) reward += env.step(i % env.actionSet.length).reward;
const starter = createRequire(import.meta.url).resolve('horizon-arcade/package.json').replace('package.json', 'policies/demo/modular.ts');
const [episode] = playEpisodes(findRom('demo', BUNDLED_ROMS), parsePolicy(readFileSync(starter, 'utf8')), { episodes: 1, maxSteps: 300, seed: 1 });
console.log(JSON.stringify({ actions: env.actionSet.length, reward, steps: episode.steps, errors: episode.errors }));
`;

const CJS_PROGRAM = `const { makeEnv, BUNDLED_ROMS, HorizonError } = require('horizon-arcade');
const env = makeEnv('demo', { roms: BUNDLED_ROMS });
env.reset();
let bad = '';
try { makeEnv('pongg'); } catch (err) { bad = err instanceof HorizonError ? err.code : String(err); }
console.log(JSON.stringify({ lives: env.step(0).lives, bad }));
`;

describe('the npm package', () => {
  it('packs, installs into an empty project, and runs from plain JavaScript (ESM and CommonJS) and its command', async () => {
    // Packed from a copy of the package's files, built there: the project's own dist/ is what other
    // tests' commands run meanwhile, and must not be rewritten under them.
    const stage = join(tmp, 'stage');
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { files: string[] };
    for (const f of [...pkg.files.filter((f) => f !== 'dist'), 'package.json', 'README.md']) cpSync(join(projectRoot, f), join(stage, f), { recursive: true });
    await run(process.execPath, [
      join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(projectRoot, 'tsconfig.build.json'),
      '--outDir',
      join(stage, 'dist'),
    ]);
    await npm(['pack', '--ignore-scripts', '--pack-destination', tmp, '--silent'], stage);
    const tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);

    writeFileSync(join(app, 'play.mjs'), ESM_PROGRAM);
    const played = JSON.parse(await node(['--no-node-snapshot', 'play.mjs'], app));
    expect(played).toMatchObject({ actions: 3, steps: 300, errors: 0 });

    writeFileSync(join(app, 'play.cjs'), CJS_PROGRAM);
    expect(JSON.parse(await node(['play.cjs'], app))).toEqual({ lives: 3, bad: 'ERR_UNKNOWN_GAME' });

    // The types come with it, and the command runs from the installed package.
    expect(readdirSync(join(app, 'node_modules', 'horizon-arcade', 'dist'))).toContain('index.d.ts');
    const version = JSON.parse(await node(['-e', "console.log(JSON.stringify(require('horizon-arcade/package.json').version))"], app));
    expect(await node([join(app, 'node_modules', '.bin', 'horizon-arcade'), '--version'], app)).toBe(version);
    // The command runs the compiled package (it has no sources): a short training run.
    const trained = await node(
      [
        join(app, 'node_modules', '.bin', 'horizon-arcade'),
        'train',
        '--game',
        'demo',
        '--iterations',
        '1',
        '--horizon',
        '10',
        '--eval-max-steps',
        '100',
        '--out',
        'run',
        '--json',
      ],
      app,
    );
    expect(JSON.parse(trained.split('\n').at(-1)!)).toMatchObject({ status: 'finished', iterations: 1 });

    // The job queue's libraries are optional: installed without them, the rest works and the queue says what it needs.
    for (const name of ['bullmq', 'ioredis']) rmSync(join(app, 'node_modules', name), { recursive: true, force: true });
    expect(JSON.parse(await node(['--no-node-snapshot', 'play.mjs'], app))).toMatchObject({ steps: 300 });
    const queued = await run(
      process.execPath,
      [join(app, 'node_modules', '.bin', 'horizon-arcade'), 'train', '--game', 'demo', '--queue', 'redis://127.0.0.1:1'],
      {
        cwd: app,
      },
    ).catch((err: { code: number; stderr: string }) => err);
    expect(queued).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/needs the optional packages bullmq and ioredis.*npm install bullmq ioredis \[ERR_MISSING_PACKAGE\]/),
    });
  }, 600_000);
});
