import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { Env, type FrameShape } from '../../src/env/env.ts';
import { projectRoot } from '../../src/env/files.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { resolveSettings } from '../../src/loop/settings.ts';
import { Policy } from '../../src/policy/policy.ts';
import { parsePolicy } from '../../src/policy/source.ts';
import { EpisodeStepper } from '../../src/policy/stepper.ts';

// obs.frame: the screen resized as the run settings say, made on the host and
// copied into the policy's sandbox only on the steps whose policy reads it.

const demo = findRom('demo', BUNDLED_ROMS);
const GREY: FrameShape = { width: 84, height: 84, color: 'grayscale' };

function setUp(body: string, shape: FrameShape | null = GREY, extra = '') {
  const env = new Env(demo, { seed: 5, repeatActionProbability: 0 });
  const stepper = new EpisodeStepper(env, 'objects', 'game', shape ?? undefined);
  const policy = new Policy(parsePolicy(`${extra}\nexport function act(obs: any, memory: any): any {\n${body}\n}`), env.actionNames, [...env.actionSet]);
  stepper.newGame({ seed: 5 });
  policy.newEpisode(0);
  return { env, stepper, policy, memory: () => (JSON.parse(policy.getState()) as { memory: Record<string, unknown> }).memory };
}

/** A checksum a policy can compute in the sandbox and the test on the host. */
const checksum = (pixels: ArrayLike<number>) => Array.from(pixels).reduce((a, v, i) => (a * 31 + v * (i + 1)) % 1_000_000_007, 0);

describe('obs.frame', () => {
  it.each([GREY, { width: 32, height: 40, color: 'rgb' } as FrameShape])('is the screen of the step being decided, resized (%o)', (shape) => {
    const { env, stepper, policy, memory } = setUp(
      `const f = obs.frame;
       let c = 0;
       for (let i = 0; i < f.pixels.length; i++) c = (c * 31 + f.pixels[i] * (i + 1)) % 1000000007;
       memory.seen = [f.width, f.height, f.channels, f.pixels.length, c, f.pixels instanceof Uint8Array];
       memory.episodeFrame = obs.episodeFrame;
       return obs.step % 3;`,
      shape,
    );
    const channels = shape.color === 'rgb' ? 3 : 1;
    const sums = new Set<number>();
    for (let step = 0; step < 120; step++) {
      const expected = env.resizedScreen(shape);
      const episodeFrame = stepper.at.episodeFrame;
      const { record } = stepper.play(policy, step % 2 === 0);
      expect(record.error).toBeUndefined();
      const seen = memory().seen as unknown[];
      expect(seen).toEqual([shape.width, shape.height, channels, shape.width * shape.height * channels, checksum(expected), true]);
      sums.add(seen[4] as number);
      // The frame counter moved to obs.episodeFrame.
      expect(memory().episodeFrame).toBe(episodeFrame);
    }
    // The pictures change as the game goes on: each step's own is read.
    expect(sums.size).toBeGreaterThan(5);
    policy.dispose();
  });

  it('is made only on the steps that read it, once however often it is read', () => {
    const { stepper, policy } = setUp('if (obs.step % 4 === 0) for (let i = 0; i < 1000; i++) obs.frame.pixels[0]; return 0;');
    const made = vi.spyOn(stepper.env, 'resizedScreen');
    for (let step = 0; step < 40; step++) stepper.play(policy, step % 2 === 1);
    expect(made).toHaveBeenCalledTimes(10);
    policy.dispose();
  });

  it('is made once a step even when a policy calls the host for it directly', () => {
    const { stepper, policy, memory } = setUp(
      'let n = 0; for (let i = 0; i < 500; i++) if (__hostFrame().width === 84) n++; memory.n = n; return 0;',
      GREY,
      'declare const __hostFrame: () => { width: number };',
    );
    const made = vi.spyOn(stepper.env, 'resizedScreen');
    for (let step = 0; step < 3; step++) expect(stepper.play(policy, step === 1).record.error).toBeUndefined();
    expect(memory()).toEqual({ n: 500 });
    expect(made).toHaveBeenCalledTimes(3);
    policy.dispose();
  });

  it('is absent when the run gives none, and costs nothing to a policy that does not read it', () => {
    const none = setUp('memory.frame = obs.frame; memory.episodeFrame = obs.episodeFrame; return 0;', null);
    for (let step = 0; step < 3; step++) none.stepper.play(none.policy, true);
    // Without a picture obs.frame is the objects' frame counter, as always.
    expect(none.memory()).toEqual({ frame: 8 });
    none.policy.dispose();
    const unread = setUp('return 0;');
    const made = vi.spyOn(unread.stepper.env, 'resizedScreen');
    for (let step = 0; step < 20; step++) unread.stepper.play(unread.policy, step % 2 === 0);
    expect(made).not.toHaveBeenCalled();
    unread.policy.dispose();
  });

  it('is named, not copied, in traces of the editable functions', () => {
    const { stepper, policy } = setUp(
      'return look(obs.frame, obs.frame.pixels, { inner: obs.frame });',
      GREY,
      '/** @editable */\nexport function look(frame: any, pixels: any, wrapped: any): number { return frame.width === 84 && pixels.length === 7056 && wrapped.inner === frame ? 1 : 0; }',
    );
    const { record } = stepper.play(policy, true);
    expect(record.error).toBeUndefined();
    expect(record.action).toBe('RIGHT');
    expect(record.calls).toEqual([{ fn: 'look', args: ['[obs.frame]', '[obs.frame.pixels]', { inner: '[obs.frame]' }], result: 1 }]);
    policy.dispose();
  });

  it('cannot be reached outside a step, nor broken by a policy that tampers with globals', () => {
    const { stepper, policy, memory } = setUp(
      "memory.global = typeof globalThis.__hostFrame; memory.atLoad = atLoad; memory.width = obs.frame.width; Object.defineProperty = () => { throw new Error('tampered'); }; return 0;",
      GREY,
      // Asked for at load time, outside any step: there is nothing to give.
      'declare const __hostFrame: () => unknown;\nconst atLoad = __hostFrame() === undefined;',
    );
    for (let step = 0; step < 3; step++) {
      const { record } = stepper.play(policy, step === 1);
      expect(record.error).toBeUndefined();
      expect(memory()).toEqual({ global: 'undefined', atLoad: true, width: 84 });
    }
    policy.dispose();
  });

  it('needs a shape the screen can give and the screen drawn', () => {
    const env = new Env(demo, { seed: 1 });
    expect(() => new EpisodeStepper(env, 'objects', 'game', { width: 84, height: 400, color: 'grayscale' })).toThrow(
      /frame height must be an integer in 1..210/,
    );
    const blind = new Env(demo, { seed: 1, drawScreen: false });
    expect(() => new EpisodeStepper(blind, 'objects', 'game', GREY)).toThrow(/obs.frame needs the screen/);
  });
});

describe('play with obs.frame', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-frame-'));
  const policy = join(dir, 'looks.ts');
  // Throws (a policy error) unless obs.frame is a 40 x 50 picture.
  writeFileSync(
    policy,
    "export function act(obs: any): any {\n  if (obs.frame.width !== 40 || obs.frame.pixels.length !== 40 * 50) throw new Error('no picture');\n  return 'NOOP';\n}\n",
  );
  const run = join(dir, 'run');
  mkdirSync(run);
  const settings = resolveSettings({ game: 'demo', frameSize: '40x50', evalEpisodes: 1, evalMaxSteps: 30 });
  writeFileSync(join(run, 'config.json'), JSON.stringify({ settings, versions: {}, rom: { game: 'demo', md5: demo.md5, file: demo.path } }));
  const errorsOf = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/horizon-arcade.js', 'play', '--policy', policy, '--max-steps', '30', '--json', ...args], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { episodes: { errors: number }[] }).episodes[0]!.errors;
  };

  it('--frame-size gives the policy its picture; --like gives it the run’s, unless --frame-size none', () => {
    expect(errorsOf('--game', 'demo', '--frame-size', '40x50')).toBe(0);
    expect(errorsOf('--game', 'demo')).toBe(30);
    expect(errorsOf('--like', run)).toBe(0);
    expect(errorsOf('--like', run, '--frame-size', 'none')).toBe(30);
    expect(errorsOf('--like', run, '--frame-color', 'rgb')).toBe(30);
  });
});
