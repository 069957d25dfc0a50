import { Command } from 'commander';

import { findRom } from '../../env/rom.ts';
import { startDashboard } from '../../report/dashboard.ts';
import { nonNegativeInt, positiveInt, romsOption } from '../options.ts';

interface DashboardCliOptions {
  port: number;
  host: string;
  roms: string;
  replaySteps: number;
}

export function dashboardCommand(): Command {
  return new Command('dashboard')
    .description('serve a live web page over a folder of runs and sweeps: progress, score curves, prompts, replies, code diffs, replays')
    .argument('[runs-dir]', 'the folder to watch (runs, a sweep, or a folder of them)', 'runs')
    .option('--port <n>', 'port to listen on (0: any free one)', nonNegativeInt('--port'), 8470)
    .option('--host <address>', 'address to listen on (the default serves this machine only)', '127.0.0.1')
    .addOption(romsOption('folder with your ROMs, for replays (found by md5)'))
    .option('--replay-steps <n>', 'step limit of a replay', positiveInt('--replay-steps'), 2000)
    .action(async (dir: string, o: DashboardCliOptions) => {
      const { url } = await startDashboard(dir, { port: o.port, host: o.host, replaySteps: o.replaySteps, findRomFor: (game) => findRom(game, o.roms) });
      // The address on stdout's first line, so scripts and tests can find it; Ctrl-C stops.
      process.stdout.write(`dashboard of ${dir} at ${url}\n`);
    });
}
