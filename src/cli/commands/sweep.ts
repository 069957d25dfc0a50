import { Command } from 'commander';

import { queueStatus } from '../../queue/queue-sweep.ts';

export function sweepCommand(): Command {
  const sweep = new Command('sweep').description('sweeps on the job queue');
  sweep
    .command('status')
    .description('what the job queue holds: runs waiting, running (and where their run folders are), done and failed')
    .requiredOption('--queue <url>', 'Redis URL of the job queue')
    .option('--json', 'print the status as JSON')
    .action(async (o: { queue: string; json?: boolean }) => {
      const s = await queueStatus(o.queue);
      if (o.json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const c = s.counts;
      const lines = [`queue ${o.queue}: ${c.waiting ?? 0} waiting, ${c.active ?? 0} running, ${c.delayed ?? 0} retrying, ${c.completed ?? 0} done, ${c.failed ?? 0} failed`];
      for (const a of s.active) lines.push(`  running  ${a.run} (attempt ${a.attemptsMade + 1})`);
      for (const f of s.failed) lines.push(`  FAILED   ${f.run}: ${f.reason}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
  return sweep;
}
