import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Command } from 'commander';

import { interruptRuns } from '../../bench/sweep.ts';
import { HorizonError } from '../../env/errors.ts';
import { projectRoot } from '../../env/files.ts';
import { QUEUE_ENV, shownUrl } from '../../queue/address.ts';
import { defaultRomsDir, positiveInt } from '../options.ts';
import { passedSettings } from '../settings-options.ts';
import { loadQueue } from '../queue.ts';
import { trainCommand } from './train.ts';

interface Options {
  queue: string;
  runsRoot: string;
  policyRoot: string[];
  concurrency: number;
  roms?: string;
  model?: string;
  baseUrl?: string;
  lockSeconds: number;
}

function folder(option: string, path: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new HorizonError(`${option} ${path} is not a folder`, 'ERR_BAD_ARGUMENT');
  return full;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description(
      'run queued training runs (from bench:horizon/train --queue) until stopped; Ctrl-C or SIGTERM stops it and its runs, which another worker resumes',
    )
    .requiredOption('--queue <url>', 'Redis URL of the job queue: redis://[user:password@]host:port, or rediss:// for TLS')
    .requiredOption('--runs-root <dir>', 'the shared folder run folders must lie in; jobs naming another folder are refused')
    .option(
      '--policy-root <dir>',
      'a folder policy files (--policy) may come from; repeatable (default: the built-in policies/ and --runs-root)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--concurrency <n>', 'runs at once on this machine', positiveInt('--concurrency'), 1)
    .option('--roms <dir>', "this machine's ROM folder (ROMs are found by md5)")
    .option('--model <name>', 'the LLM for runs queued with --optimizer openai (key from $OPENAI_API_KEY)')
    .option('--base-url <url>', 'its OpenAI-compatible endpoint', process.env.OPENAI_BASE_URL)
    .option('--lock-seconds <n>', "a killed worker's runs are taken over after this long", positiveInt('--lock-seconds'), 30)
    .action(async (o: Options) => {
      const runsRoot = folder('--runs-root', o.runsRoot);
      const policyRoots = (o.policyRoot ?? [join(projectRoot, 'policies'), runsRoot]).map((p) => folder('--policy-root', p));
      // The job's train options, from train's own option table.
      const trainFlags = new Map<string, boolean>();
      for (const opt of trainCommand().options) if (opt.long) trainFlags.set(opt.long, opt.required || opt.optional);
      const [{ checkQueue }, { startWorker }] = await loadQueue(() => Promise.all([import('../../queue/connection.ts'), import('../../queue/worker.ts')]));
      await checkQueue(o.queue);
      const stamp = () => new Date().toISOString().slice(11, 19);
      process.env[QUEUE_ENV] = o.queue; // the runs count --llm-rate in the queue's Redis
      const worker = startWorker(o.queue, {
        concurrency: o.concurrency,
        rules: { runsRoot, policyRoots, trainFlags },
        roms: o.roms ?? defaultRomsDir(),
        settingsOf: (args) => passedSettings(args),
        endpoint: { model: o.model, baseUrl: o.baseUrl },
        lockMs: o.lockSeconds * 1000,
        onEvent: (line) => process.stderr.write(`[${stamp()}] ${line}\n`),
      });
      await worker.waitUntilReady();
      process.stderr.write(
        `[${stamp()}] worker ready on ${shownUrl(o.queue)} (${o.concurrency} at once), runs under ${runsRoot}${o.model ? `, model ${o.model}` : ''}\n`,
      );
      await new Promise<void>((resolve) => {
        // The runs stop after their current step (their checkpoint is kept) and
        // their jobs go back to the queue once the lock expires.
        const stop = () => {
          interruptRuns();
          void worker.close(true).then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
