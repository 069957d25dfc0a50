import { writeFileSync } from 'node:fs';

import { Command } from 'commander';

import { compareTrace, listReferenceTraces, type TraceComparison } from '../../fidelity/compare.ts';
import { formatMarkdown, formatTable, groupByGame, traceMatches } from '../../fidelity/report.ts';

interface FidelityOptions {
  reference: string;
  roms: string;
  games?: string;
  markdown?: string;
  json?: boolean;
}

export function fidelityCommand(): Command {
  return new Command('fidelity')
    .description('replay every ALE reference trace found and report, per game, how many lines match')
    .option('--reference <dir>', 'folder with traces/ and screens/ recorded with ALE', '../shared/reference')
    .option('--roms <dir>', 'folder with the ROMs the traces were recorded on', '../shared/roms')
    .option('--games <list>', 'comma-separated game ids (default: every trace found)')
    .option('--markdown <file>', 'also write the table as Markdown')
    .option('--json', 'print the results as JSON instead of a table')
    .action((o: FidelityOptions) => {
      const files = listReferenceTraces(o.reference, o.games?.split(',').map((g) => g.trim()));
      const results: TraceComparison[] = [];
      files.forEach((file, i) => {
        const r = compareTrace(file, o.roms, o.reference);
        results.push(r);
        const verdict = r.skipped ? 'not run' : traceMatches(r) ? 'match' : `differs at line ${r.firstDiffLine ?? '-'}`;
        process.stderr.write(`[${i + 1}/${files.length}] ${r.game} seed ${r.seed}: ${verdict}\n`);
      });
      const games = groupByGame(results);
      if (o.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      else process.stdout.write(formatTable(games) + '\n');
      if (o.markdown) writeFileSync(o.markdown, formatMarkdown(games));
    });
}
