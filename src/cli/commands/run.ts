import { Command } from 'commander';

import { HorizonError } from '../../env/errors.ts';
import type { RunRequest } from '../../loop/train.ts';
import { exitCodeOf, runTraining } from '../run-training.ts';

/** Whether a message from the parent is a RunRequest. */
function isRunRequest(m: unknown): m is RunRequest {
  const r = m as Partial<RunRequest> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.dir === 'string' &&
    typeof r.resume === 'boolean' &&
    typeof r.roms === 'string' &&
    typeof r.settings === 'object'
  );
}

/**
 * `_run` (internal): the trainer process of a sweep or a queue's worker. The
 * run arrives as a RunRequest on the IPC channel, not as flags; the exit code
 * says how it ended (as train's does), errors are one line on stderr.
 */
export function runCommand(): Command {
  return new Command('_run')
    .description('(internal) train the run a sweep or worker sends on the IPC channel')
    .argument('<dir>', 'the run folder (a label for ps; the request must be for it)')
    .action(async (dir: string) => {
      if (!process.send) throw new HorizonError('_run trains what a sweep or worker sends it; start runs with train or bench', 'ERR_BAD_ARGUMENT');
      const request = await new Promise<unknown>((resolve) => process.once('message', resolve));
      process.channel?.unref();
      // The channel closes when the sweep or worker dies (even by SIGKILL): a
      // trainer must not go on writing a run folder another worker may resume.
      process.once('disconnect', () => {
        process.stderr.write('horizon-arcade: the sweep or worker that started this trainer is gone; stopping\n');
        process.exit(137); // 'exit' handlers still run: the run folder's lock is released
      });
      if (!isRunRequest(request) || request.dir !== dir)
        throw new HorizonError(`_run ${dir} received something that is not a run request for it`, 'ERR_BAD_ARGUMENT');
      const controller = new AbortController();
      // The parent's interrupt: stop after the current step, keeping the checkpoint.
      process.once('SIGINT', () => controller.abort());
      const result = await runTraining(request, { signal: controller.signal });
      process.stderr.write(`${result.message}\n`);
      process.exitCode = exitCodeOf(result);
    });
}
