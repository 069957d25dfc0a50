import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { trainCommand } from '../../src/cli/commands/train.ts';
import { checkJob, checkQueueArgs, runJob, type JobRules } from '../../src/queue/jobs.ts';

// What a worker accepts from a job: anyone who reaches the Redis can queue one,
// so a job is untrusted input (no Redis needed here; queue.test.ts runs the
// same refusals through a real worker).

const root = mkdtempSync(join(tmpdir(), 'ha-jobs-'));
const runsRoot = join(root, 'runs');
const policies = join(root, 'policies');
mkdirSync(runsRoot);
mkdirSync(policies);
writeFileSync(join(policies, 'mine.ts'), '// a policy\n');
symlinkSync('/etc', join(runsRoot, 'escape'));

const trainFlags = new Map<string, boolean>();
for (const opt of trainCommand().options) if (opt.long) trainFlags.set(opt.long, opt.required || opt.optional);
const rules: JobRules = { runsRoot, policyRoots: [policies], trainFlags };

const cell = (dir: string) => ({ game: 'demo', horizon: 10, batch: 1, seed: 0, dir });
const job = (trainArgs: string[], dir = join(runsRoot, 'demo-h10-b1-s0'), newRunArgs?: string[]) => ({
  cell: cell(dir),
  trainArgs,
  ...(newRunArgs ? { newRunArgs } : {}),
});

describe('checkJob', () => {
  it('accepts a sweep job and a train --queue job as queued', () => {
    const a = job(['--iterations', '3', '--optimizer', 'openai', '--policy', join(policies, 'mine.ts'), '--json-mode']);
    expect(checkJob(a, rules)).toEqual(a);
    const b = job([], join(runsRoot, 'deep', 'er', 'run'), ['--game', 'demo', '--horizon=10', '--no-reset-each-update']);
    expect(checkJob(b, rules)).toEqual(b);
  });

  it.each([
    ['a job that is not an object', 'hello', /not a run job/],
    ['extra fields', { ...job([]), env: { X: '1' } }, /not a run job .*additional properties/],
    ['a bad game name', { ...job([]), cell: { ...cell(join(runsRoot, 'x')), game: '../x' } }, /not a run job .*\/cell\/game/],
    ['arguments that are not strings', { ...job([]), trainArgs: [1] }, /not a run job .*\/trainArgs\/0/],
  ])('refuses %s', (_what, data, why) => {
    expect(() => checkJob(data, rules)).toThrow(why);
  });

  it.each([
    ['a run folder outside the runs root', job([], '/etc/cron.d/x'), /run folder \/etc\/cron.d\/x is not under this worker's --runs-root/],
    ['a run folder that climbs out', job([], `${runsRoot}/../elsewhere`), /not an absolute, normalized path/],
    ['a relative run folder', job([], 'runs/x'), /not an absolute, normalized path/],
    ['the runs root itself', job([], runsRoot), /not under this worker's --runs-root/],
    ['a run folder through a link that leads out', job([], join(runsRoot, 'escape', 'x')), /not under this worker's --runs-root/],
    ['its own endpoint', job(['--base-url', 'http://attacker.example/v1']), /--base-url is the worker's own/],
    ['its own endpoint, written with =', job(['--base-url=http://attacker.example/v1']), /--base-url is the worker's own/],
    ['its own model', job([], undefined, ['--game', 'demo', '--model', 'gpt-x']), /--model is the worker's own/],
    ['its own ROM folder', job(['--roms', '/']), /--roms is the worker's own/],
    ['another run folder', job(['--out', '/tmp/x']), /--out is the job's run folder/],
    ['a resume of any folder', job(['--resume', '/etc']), /--resume is decided by the worker/],
    ['an option train does not have', job(['--exec', 'rm']), /--exec is not a train option/],
    ['a value smuggled as a flag', job(['--policy', '--base-url', 'http://x']), /--policy has no value/],
    ['a stray argument', job(['/etc/passwd']), /"\/etc\/passwd" is not an option/],
    ['a value on a switch', job(['--json-mode=http://x']), /--json-mode takes no value/],
    ['a policy file anywhere', job(['--policy', '/etc/passwd']), /--policy \/etc\/passwd is not an absolute path under this worker's policy folders/],
    ['a relative policy file', job(['--policy', 'policies/demo/modular.ts']), /is not an absolute path under/],
    ['a policy file that climbs out', job([`--policy=${policies}/../../../etc/passwd`]), /is not an absolute path under/],
  ])('refuses %s', (_what, data, why) => {
    expect(() => checkJob(data, rules)).toThrow(why);
    try {
      checkJob(data, rules);
    } catch (err) {
      expect((err as { code: string }).code).toBe('ERR_REFUSED_JOB');
    }
  });
});

describe('queueing', () => {
  it('refuses the worker-owned options before anything is queued', () => {
    expect(() => checkQueueArgs(['--iterations', '2', '--model', 'm'])).toThrow(/--model cannot go on the queue: it is the worker's own/);
    expect(() => runJob(cell('x'), [], ['--game', 'demo', '--base-url=http://x'])).toThrow(/--base-url cannot go on the queue/);
  });

  it('makes run folders and policy files absolute, so every worker reads the same ones', () => {
    const j = runJob(cell('runs/x'), ['--policy', 'policies/demo/modular.ts', '--iterations', '2'], ['--policy=mine.ts']);
    expect(j.cell.dir).toBe(join(process.cwd(), 'runs/x'));
    expect(j.trainArgs).toEqual(['--policy', join(process.cwd(), 'policies/demo/modular.ts'), '--iterations', '2']);
    expect(j.newRunArgs).toEqual([`--policy=${join(process.cwd(), 'mine.ts')}`]);
  });
});
