import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

import { Ajv } from 'ajv';

import type { SweepCell } from '../bench/sweep.ts';
import { HorizonError } from '../env/errors.ts';

/**
 * A queued training run. `cell.dir` is absolute: the sweep folder must be one
 * every worker reaches at the same path (a shared or network folder), which
 * is how results and run directories come back to one place.
 */
export interface RunJob {
  cell: SweepCell;
  /** Options every attempt gets (on a resume, only those `train --resume` accepts). */
  trainArgs: string[];
  /** A whole `train` command line for a new run (`train --queue`); else the cell's settings. */
  newRunArgs?: string[];
}

/**
 * `train` options a job may not carry, and whose they are instead. Anyone who
 * can reach the Redis can queue a job: an endpoint, ROM folder or run folder
 * named by a job would send the worker's API key, or its files, wherever the
 * job says.
 */
export const WORKER_OWNED: Record<string, string> = {
  '--base-url': "the worker's own (horizon-arcade worker --base-url URL)",
  '--model': "the worker's own (horizon-arcade worker --model NAME; a job asks for it with --optimizer openai)",
  '--roms': "the worker's own (horizon-arcade worker --roms DIR)",
  '--out': "the job's run folder, which lies under the worker's --runs-root",
  '--resume': 'decided by the worker from the run folder',
  '--config': 'a file of the machine that queues the run (train --queue passes its settings as flags)',
  '--queue': 'not for a run on a worker',
  '--json': 'not for a run on a worker',
};

/** The train options (absolute paths) that name files a worker reads. */
const PATH_OPTIONS = ['--policy'];

/** Refuses the train options a job may not carry (WORKER_OWNED), before anything is queued. */
export function checkQueueArgs(args: string[]): void {
  for (const arg of args) {
    const flag = arg.split('=')[0]!;
    if (flag in WORKER_OWNED) throw new HorizonError(`${flag} cannot go on the queue: it is ${WORKER_OWNED[flag]}`, 'ERR_BAD_ARGUMENT');
  }
}

/** The job for a cell: its run directory and policy files made absolute, worker-owned options refused. */
export function runJob(cell: SweepCell, trainArgs: string[], newRunArgs?: string[]): RunJob {
  checkQueueArgs([...trainArgs, ...(newRunArgs ?? [])]);
  const absolute = (args: string[]) =>
    args.map((a, i) => {
      const [flag, inline] = splitFlag(a);
      if (inline !== undefined && PATH_OPTIONS.includes(flag)) return `${flag}=${resolve(inline)}`;
      return i > 0 && PATH_OPTIONS.includes(args[i - 1]!) ? resolve(a) : a;
    });
  return { cell: { ...cell, dir: resolve(cell.dir) }, trainArgs: absolute(trainArgs), ...(newRunArgs ? { newRunArgs: absolute(newRunArgs) } : {}) };
}

/** One job per run directory, so enqueueing a sweep twice does not run a cell twice. */
export function jobIdOf(cell: SweepCell): string {
  return `run-${createHash('sha1').update(resolve(cell.dir)).digest('hex').slice(0, 16)}`;
}

/** How many times a run is tried before the sweep reports it failed. */
export const ATTEMPTS = 3;

const validJobShape = new Ajv({ allErrors: true }).compile<RunJob>({
  type: 'object',
  additionalProperties: false,
  required: ['cell', 'trainArgs'],
  properties: {
    cell: {
      type: 'object',
      additionalProperties: false,
      required: ['game', 'horizon', 'batch', 'seed', 'dir'],
      properties: {
        game: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
        horizon: { type: 'integer', minimum: 0 },
        batch: { type: 'integer', minimum: 1 },
        seed: { type: 'integer', minimum: 0 },
        dir: { type: 'string', minLength: 1, maxLength: 4096 },
      },
    },
    trainArgs: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 4096 } },
    newRunArgs: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 4096 } },
  },
});

/** What a worker accepts from a job. */
export interface JobRules {
  /** Run folders must lie in this folder. */
  runsRoot: string;
  /** Policy files must lie in one of these folders. */
  policyRoots: string[];
  /** The long flags of `train` a job may use -> whether each takes a value. */
  trainFlags: Map<string, boolean>;
}

function refuse(why: string): never {
  throw new HorizonError(`job refused: ${why}`, 'ERR_REFUSED_JOB');
}

/**
 * The job as the worker will run it, or ERR_REFUSED_JOB: its shape must be a
 * RunJob's, its options `train` options not owned by the worker, its run
 * folder under the runs root and its policy files under the policy roots
 * (symbolic links followed, so a link cannot lead out).
 */
export function checkJob(data: unknown, rules: JobRules): RunJob {
  if (!validJobShape(data)) refuse(`not a run job (${validJobShape.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')})`);
  const job = data;
  if (!isAbsolute(job.cell.dir) || resolve(job.cell.dir) !== job.cell.dir) refuse(`run folder "${job.cell.dir}" is not an absolute, normalized path`);
  if (!within(job.cell.dir, rules.runsRoot)) refuse(`run folder ${job.cell.dir} is not under this worker's --runs-root ${rules.runsRoot}`);
  for (const args of [job.trainArgs, job.newRunArgs ?? []]) {
    for (let i = 0; i < args.length; i++) {
      const [flag, inline] = splitFlag(args[i]!);
      if (!flag.startsWith('--')) refuse(`"${args[i]}" is not an option`);
      if (flag in WORKER_OWNED) refuse(`${flag} is ${WORKER_OWNED[flag]}`);
      const takesValue = rules.trainFlags.get(flag);
      if (takesValue === undefined) refuse(`${flag} is not a train option`);
      if (!takesValue) {
        if (inline !== undefined) refuse(`${flag} takes no value`);
        continue;
      }
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) refuse(`${flag} has no value`);
      if (PATH_OPTIONS.includes(flag) && !rules.policyRoots.some((root) => isAbsolute(value) && within(value, root))) {
        refuse(`${flag} ${value} is not an absolute path under this worker's policy folders (${rules.policyRoots.join(', ')})`);
      }
    }
  }
  return job;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** Whether `path` (which need not exist yet) lies inside the folder `root`, links followed. */
function within(path: string, root: string): boolean {
  const rel = relative(realpathSync(root), realPathSoFar(resolve(path)));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The real path of the longest existing part of `path`, with the rest appended. */
function realPathSoFar(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPathSoFar(parent), basename(path));
}
