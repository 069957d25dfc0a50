import { Command } from 'commander';

import { outcomeText } from '../../bench/sweep.ts';
import { shownUrl } from '../../queue/address.ts';
import type { RunState } from '../../queue/queue-sweep.ts';
import { loadQueue } from '../queue.ts';

const queueSweep = () => loadQueue(() => import('../../queue/queue-sweep.ts'));

const STATES: RunState[] = ['finished', 'failed', 'running', 'retrying', 'waiting', 'lost'];

export function sweepCommand(): Command {
  const sweep = new Command('sweep').description('sweeps on the job queue');
  sweep
    .command('status')
    .description('what the job queue holds (runs waiting, running, done, failed); with a sweep folder, where each of its runs is, lost ones included')
    .argument('[sweep-dir]', 'the --out folder of a sweep (or train run) queued with --queue')
    .requiredOption('--queue <url>', 'Redis URL of the job queue')
    .option('--json', 'print the status as JSON')
    .action(async (dir: string | undefined, o: { queue: string; json?: boolean }) => {
      const s = await (await queueSweep()).queueStatus(o.queue, dir);
      if (o.json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const c = s.counts;
      const lines = [
        `queue ${shownUrl(o.queue)}: ${c.waiting ?? 0} waiting, ${c.active ?? 0} running, ${c.delayed ?? 0} retrying, ${c.completed ?? 0} done, ${c.failed ?? 0} failed`,
      ];
      if (s.runs) {
        const n = (state: RunState) => s.runs!.filter((r) => r.state === state).length;
        lines.push(`sweep ${dir}: ${s.runs.length} runs: ${STATES.map((state) => `${n(state)} ${state}`).join(', ')}`);
        for (const r of s.runs) if (r.state !== 'finished') lines.push(`  ${r.state.toUpperCase().padEnd(8)} ${r.run}${r.detail ? `: ${r.detail}` : ''}`);
        if (n('lost') + n('failed') > 0) lines.push(`queue the lost and failed runs again: horizon-arcade sweep retry ${dir} --queue URL`);
      } else {
        for (const a of s.active) lines.push(`  running  ${a.run} (attempt ${a.attemptsMade + 1})`);
        for (const f of s.failed) lines.push(`  FAILED   ${f.run}: ${f.reason}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
  sweep
    .command('retry')
    .description("queue a sweep's lost and failed runs again (finished ones are kept) and wait for them")
    .argument('<sweep-dir>', 'the --out folder of a sweep (or train run) queued with --queue')
    .requiredOption('--queue <url>', 'Redis URL of the job queue')
    .action(async (dir: string, o: { queue: string }) => {
      const outcomes = await (await queueSweep()).retrySweep(dir, o.queue, {
        onDone: (r, done, total) => process.stderr.write(`[${done}/${total}] ${r.cell.dir}: ${outcomeText(r)}\n`),
        onNote: (line) => process.stderr.write(`${line}\n`),
      });
      const failed = outcomes.filter((r) => r.code !== 0).length;
      process.stdout.write(
        `${outcomes.length} run(s) queued again: ${outcomes.length - failed} finished, ${failed} failed` +
          `${outcomes.length ? '; run the sweep command again to write its results' : ''}\n`,
      );
      if (failed) process.exitCode = 1;
    });
  return sweep;
}
