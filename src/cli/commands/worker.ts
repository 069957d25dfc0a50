import { Command } from 'commander';

import { interruptRuns } from '../../bench/sweep.ts';
import { QUEUE_ENV } from '../../queue/connection.ts';
import { startWorker } from '../../queue/worker.ts';
import { positiveInt } from '../options.ts';

interface Options {
  queue: string;
  concurrency: number;
  roms?: string;
  lockSeconds: number;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('run queued training runs (from bench:horizon/train --queue) until stopped; Ctrl-C or SIGTERM stops it and its runs, which another worker resumes')
    .requiredOption('--queue <url>', 'Redis URL of the job queue, e.g. redis://host:6379')
    .option('--concurrency <n>', 'runs at once on this machine', positiveInt('--concurrency'), 1)
    .option('--roms <dir>', "this machine's ROM folder (ROMs are found by md5)")
    .option('--lock-seconds <n>', 'a killed worker\'s runs are taken over after this long', positiveInt('--lock-seconds'), 30)
    .action(async (o: Options) => {
      const stamp = () => new Date().toISOString().slice(11, 19);
      process.env[QUEUE_ENV] = o.queue; // the runs count --llm-rate in the queue's Redis
      const worker = startWorker(o.queue, {
        concurrency: o.concurrency,
        trainArgs: o.roms ? ['--roms', o.roms] : [],
        lockMs: o.lockSeconds * 1000,
        onEvent: (line) => process.stderr.write(`[${stamp()}] ${line}\n`),
      });
      await worker.waitUntilReady();
      process.stderr.write(`[${stamp()}] worker ready on ${o.queue} (${o.concurrency} at once)\n`);
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
