import { writeFileSync } from 'node:fs';

import { Command, Option } from 'commander';

import { compareTrace, listReferenceTraces, TRACE_SETS, type TraceComparison, type TraceSet } from '../../fidelity/compare.ts';
import { formatMarkdown, formatTable, groupByGame, traceMatches } from '../../fidelity/report.ts';

interface FidelityOptions {
  reference: string;
  set: TraceSet;
  roms: string;
  games?: string;
  markdown?: string;
  json?: boolean;
}

export function fidelityCommand(): Command {
  return new Command('fidelity')
    .description('replay every ALE reference trace found and report, per game, how many lines match')
    .option('--reference <dir>', 'folder with traces/ and screens/ recorded with ALE', '../shared/reference')
    .addOption(
      new Option('--set <name>', 'which traces: traces (default variation), modes (each mode and difficulty), long (game overs over 20,000 frames)')
        .choices(Object.keys(TRACE_SETS))
        .default('traces'),
    )
    .option('--roms <dir>', 'folder with the ROMs the traces were recorded on', '../shared/roms')
    .option('--games <list>', 'comma-separated game ids (default: every trace found)')
    .option('--markdown <file>', 'also write the table as Markdown')
    .option('--json', 'print the results as JSON instead of a table')
    .action((o: FidelityOptions) => {
      const files = listReferenceTraces(
        o.reference,
        o.games?.split(',').map((g) => g.trim()),
        o.set,
      );
      const results: TraceComparison[] = [];
      files.forEach((file, i) => {
        const r = compareTrace(file, o.roms, o.reference);
        results.push(r);
        const verdict = r.skipped ? 'not run' : traceMatches(r) ? 'match' : `differs at line ${r.firstDiffLine ?? '-'}`;
        const variation = r.set === 'modes' ? ` mode ${r.mode} difficulty ${r.difficulty}` : '';
        process.stderr.write(`[${i + 1}/${files.length}] ${r.game}${variation} seed ${r.seed}: ${verdict}${r.firstDiff ? ` (${r.firstDiff})` : ''}\n`);
      });
      const games = groupByGame(results);
      if (o.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      else process.stdout.write(formatTable(games) + '\n');
      if (o.markdown) writeFileSync(o.markdown, formatMarkdown(games));
    });
}
