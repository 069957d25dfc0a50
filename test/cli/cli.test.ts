import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { REFERENCE, ROMS, sharedAvailable } from '../helpers/shared.ts';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin', 'horizon-arcade.js'), ...args], {
    encoding: 'utf8',
    cwd: projectRoot,
    env: { ...process.env, HORIZON_ARCADE_ROMS: ROMS },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('horizon-arcade CLI', () => {
  it('rejects a bad option value with a clear message', () => {
    const r = cli('trace', '--rom', 'x.bin', '--frames', 'abc');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--frames must be a positive integer, got "abc"/);
  });

  it('every bad number on the command line is one coded line and exit code 2', () => {
    for (const [args, message] of [
      [['trace', '--rom', 'x.bin', '--frames', 'abc'], /--frames must be a positive integer, got "abc"/],
      [['train', '--game', 'demo', '--seed', '-1'], /--seed must be a non-negative integer, got "-1"/],
      [['train', '--game', 'demo', '--seed', '99999999999999999999'], /--seed must be at most 9007199254740991/],
      [['train', '--game', 'demo', '--horizon', '1.5'], /--horizon must be a positive integer, got "1.5"/],
      [['train', '--game', 'demo', '--repeat-action-probability', '2'], /--repeat-action-probability must be a number in \[0, 1\]/],
      [['train', '--game', 'demo', '--temperature', 'Infinity'], /--temperature must be a number/],
      [['play', '--game', 'pong', '--policy', 'x.ts', '--episodes', '0'], /--episodes must be a positive integer/],
      [['train', '--game', 'demo', '--bogus'], /unknown option '--bogus'/],
      [['train', '--game', 'demo', '--sticky', '0.1'], /--sticky is now --repeat-action-probability/],
      [['bench', 'horizon', '--memory', '-2'], /--memory must be a non-negative integer, got "-2"/],
      [['bench', 'horizon', '--bogus', '1'], /unknown option '--bogus' \(options after the sweep's own go to train/],
    ] as const) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^horizon-arcade: .*${message.source}.* \\[ERR_BAD_ARGUMENT\\]\n$`));
    }
  });

  it('the trainer process of sweeps takes its run as data on its IPC channel, not as flags, and is not in --help', () => {
    const r = cli('_run', 'runs/x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^horizon-arcade: _run trains what a sweep or worker sends it.*\[ERR_BAD_ARGUMENT\]\n$/);
    expect(cli('--help').stdout).not.toContain('_run');
  });

  it('reports a missing ROM file with its error code', () => {
    const r = cli('trace', '--rom', 'does/not/exist.bin');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ROM file not found: does\/not\/exist.bin \[ERR_ROM_NOT_FOUND\]/);
  });

  it('asks for a ROM when none is given', () => {
    const r = cli('trace');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a ROM is needed/);
  });

  it('prints help listing the commands, and each command its own options', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    const listed = (text: string) => [...text.split('Commands:')[1]!.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]);
    expect(listed(r.stdout)).toEqual([
      'train',
      'play',
      'replay',
      'report',
      'dashboard',
      'bench',
      'sweep',
      'worker',
      'objects',
      'trace',
      'fidelity',
      'roms',
      'help',
    ]);
    expect(listed(cli('bench', '--help').stdout)).toEqual(['horizon', 'paper', 'speed', 'policy', 'objects', 'starters', 'help']);
    // A command's own help is the loaded command's, options included, however it is asked for.
    expect(cli('train', '--help').stdout).toMatch(/--horizon <h>/);
    expect(cli('help', 'train').stdout).toMatch(/--horizon <h>/);
    expect(cli('bench', 'speed', '--help').stdout).toMatch(/--seconds <s>/);
  });

  it('--version prints the package version', () => {
    const r = cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version);
  });

  it('a mistyped command is one coded line that names the closest one', () => {
    for (const [args, message] of [
      [['trian'], /^horizon-arcade: unknown command 'trian' \(Did you mean train\?\) \[ERR_BAD_ARGUMENT\]$/],
      [['bench', 'sped'], /^horizon-arcade: unknown command 'sped' \(Did you mean speed\?\) \[ERR_BAD_ARGUMENT\]$/],
    ] as const) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
    }
  });
});

describe.skipIf(!(sharedAvailable(ROMS) && sharedAvailable(REFERENCE)))('horizon-arcade trace output', () => {
  it('is the reference trace format, line for line', () => {
    const r = cli('trace', '--rom', join(ROMS, 'space_invaders.bin'), '--frames', '300', '--seed', '2');
    expect(r.code).toBe(0);
    const ours = r.stdout.trim().split('\n');
    const ref = gunzipSync(readFileSync(join(REFERENCE, 'traces', 'space_invaders_seed2.txt.gz')))
      .toString()
      .split('\n');
    // headers: same fields except the frame budget and ROM path
    expect(ours[0]).toMatch(
      /^# rom=.*space_invaders\.bin md5=72ffbef6504b75e69ee1045af9075f66 frames=300 frameskip=1 seed=2 repeat_action_probability=0 random_seed=0 mode=-1 difficulty=-1$/,
    );
    expect(ours.slice(1, 3)).toEqual(ref.slice(1, 3));
    expect(ours.slice(3)).toEqual(ref.slice(3, 3 + 301));
  });

  it('with --frameskip K draws one action per K frames', () => {
    const r = cli('trace', '--game', 'ALE/Breakout-v5', '--frames', '40', '--frameskip', '4');
    expect(r.code).toBe(0);
    const steps = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('S '));
    expect(steps).toHaveLength(11);
    expect(steps.map((l) => Number(l.split(' ')[2]))).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
  });

  it('fidelity writes a Markdown table', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ha-fid-')), 'fidelity.md');
    const r = cli('fidelity', '--games', 'freeway', '--reference', REFERENCE, '--roms', ROMS, '--markdown', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/freeway\s+match\s+seed 1: 5001\/5001, seed 2: 5001\/5001\s+3\/3/);
    expect(readFileSync(out, 'utf8')).toMatch(/\| freeway \| match \| seed 1: 5001\/5001, seed 2: 5001\/5001 \| 3\/3 \|/);
  });

  it('fidelity --set modes replays each variation from its header', () => {
    const r = cli('fidelity', '--set', 'modes', '--games', 'boxing', '--reference', REFERENCE, '--roms', ROMS);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/boxing mode -1 difficulty 3 seed 5: match/);
    expect(r.stdout).toMatch(/boxing\s+match\s+m-1 d1: 3003\/3003, m-1 d2: 3003\/3003, m-1 d3: 3003\/3003/);
    expect(cli('fidelity', '--set', 'nope').stderr).toMatch(/--set.*Allowed choices are traces, modes, long\. \[ERR_BAD_ARGUMENT\]/);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('horizon-arcade roms', () => {
  it('lists known games found by md5, unknown files and missing games', () => {
    const r = cli('roms', ROMS, '--json');
    expect(r.code).toBe(0);
    const scan = JSON.parse(r.stdout) as { found: { game: string }[]; unknown: unknown[]; missing: string[] };
    expect(scan.found.map((f) => f.game)).toContain('pong');
    expect(scan.missing).toEqual([]);
    expect(scan.unknown.length).toBeGreaterThan(0);
    expect(cli('roms', '/no/such/dir').stderr).toMatch(/ROM folder not found: \/no\/such\/dir/);
    // Where ROMs are looked for is said where a newcomer meets it: the help and the error.
    const order = /\$HORIZON_ARCADE_ROMS[,;].*\.\/roms.*\.\.\/shared\/roms/s;
    expect(cli('train', '--game', 'pong', '--roms', '/no/such/dir').stderr).toMatch(order);
    expect(cli('train', '--help').stdout.replace(/\s+/g, ' ')).toMatch(order);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('horizon-arcade objects', () => {
  it('prints one JSON line per step with objects and HUD values', () => {
    const r = cli('objects', '--game', 'pong', '--frames', '40', '--frameskip', '4', '--seed', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; objects: { category: string }[]; hud: Record<string, number> });
    expect(lines.map((l) => l.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines.at(-1)!.objects.map((o) => o.category)).toContain('Player');
    expect(Object.keys(lines[0]!.hud)).toEqual(['score', 'enemy_score']);
    const text = cli('objects', '--game', 'pong', '--frames', '40', '--text');
    expect(text.stdout).toMatch(/^S 10 f40 r0: .*Player@140,\d+.* \| score=0 enemy_score=\d+$/m);
  });

  it('says when a game has no object map', () => {
    const r = cli('objects', '--game', 'tennis', '--frames', '4');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tennis has no object map/);
  });
});

describe.skipIf(!sharedAvailable(ROMS))('horizon-arcade play', () => {
  it('reports each episode and, with --json, ends with one JSON object', () => {
    const r = cli('play', '--game', 'breakout', '--policy', 'policies/breakout/act.ts', '--episodes', '2', '--max-steps', '300', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^episode 1: score \d+, steps \d+, policy errors 0/);
    const result = JSON.parse(lines.at(-1)!) as { game: string; episodes: { score: number; steps: number; errors: number }[]; meanScore: number };
    expect(result.game).toBe('breakout');
    expect(result.episodes).toHaveLength(2);
    expect(result.meanScore).toBe((result.episodes[0]!.score + result.episodes[1]!.score) / 2);
  });

  it('counts the errors of a broken policy and keeps playing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-pol-'));
    const file = join(dir, 'bad.ts');
    writeFileSync(
      file,
      "export function act(obs: unknown, memory: Record<string, unknown>) { if ((memory.n = ((memory.n as number) ?? 0) + 1) % 2) throw new Error('nope'); return 'FIRE'; }",
    );
    const r = cli('play', '--game', 'pong', '--policy', file, '--max-steps', '20', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/error: act\(\) threw: nope/);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!).episodes[0]).toEqual({ score: 0, steps: 20, errors: 10 });
  });

  it('rejects a policy that imports modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-pol-'));
    const file = join(dir, 'imp.ts');
    writeFileSync(file, "import fs from 'node:fs';\nexport function act() { return 0; }");
    const r = cli('play', '--game', 'pong', '--policy', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policies cannot import modules \(found "import fs from .node:fs.;"\) \[ERR_BAD_POLICY\]/);
  });
});
