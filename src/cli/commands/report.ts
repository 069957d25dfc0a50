import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';

import { findRom } from '../../env/rom.ts';
import { RunDir } from '../../loop/run-dir.ts';
import { benchReport, runReport } from '../../report/report.ts';
import { replayRun } from '../../replay/replay.ts';
import { positiveInt, romsOption } from '../options.ts';

interface ReportCliOptions {
  out?: string;
  replay: boolean;
  replaySteps: number;
  roms: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('one self-contained HTML page for a run (settings, score curve, code diffs, replay GIF) or a horizon benchmark (table, plots)')
    .argument('<dir>', 'a run directory (from train) or a benchmark directory (from bench:horizon)')
    .option('--out <file>', 'where to write the page (default <dir>/report.html)')
    .option('--no-replay', 'leave out the replay GIF of the best policy')
    .option('--replay-steps <n>', 'step limit of the replay', positiveInt('--replay-steps'), 2000)
    .addOption(romsOption())
    .action(async (dir: string, o: ReportCliOptions) => {
      const out = o.out ?? join(dir, 'report.html');
      let html: string;
      if (existsSync(join(dir, 'results.json'))) {
        html = await benchReport(dir);
      } else {
        const config = RunDir.open(dir).config();
        let gif: Buffer | undefined;
        if (o.replay && existsSync(join(dir, 'best.ts'))) {
          const tmp = mkdtempSync(join(tmpdir(), 'horizon-report-'));
          try {
            const file = join(tmp, 'replay.gif');
            await replayRun(dir, findRom(config.rom.game, o.roms), {
              episodes: 1,
              seed: 0,
              maxSteps: o.replaySteps,
              gif: file,
              pngEvery: 1,
              overlay: true,
              scale: 1,
            });
            gif = readFileSync(file);
          } finally {
            rmSync(tmp, { recursive: true, force: true });
          }
        }
        html = await runReport(dir, gif);
      }
      writeFileSync(out, html);
      process.stdout.write(`wrote ${out}\n`);
    });
}
